import path from 'path';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { Triage } from '../../../src/core/triage';
import { answerCard, leadSentences } from '../../../src/render/card';
import { renderAnswer } from '../../../src/render/text';

describe('the short card', () => {
  it('keeps the first two or three sentences of the opening paragraph, not cut inside one', () => {
    const text =
      'A broker holds one connection per id. MQTT 3.1.1 §3.1.4 closes it, e.g. without a packet. ' +
      'The new one is accepted. A fourth sentence never shows.\n\nA second paragraph.';
    expect(leadSentences(text)).toBe(
      'A broker holds one connection per id. MQTT 3.1.1 §3.1.4 closes it, e.g. without a packet. The new one is accepted.',
    );
    expect(leadSentences('One. Two.\n- a list item')).toBe('One. Two.');
    expect(leadSentences('No full stop at all')).toBe('No full stop at all');
    const long = `${'Word '.repeat(80)}ends here. Second one. Third one.`;
    expect(leadSentences(long).endsWith('Second one.')).toBe(true);
  });

  it('leads with the line that matched, two or three sentences of cause and two workarounds, on the real KB', async () => {
    const loaded = await loadKnowledgeBase(path.join(__dirname, '../../../kb'));
    if (!loaded.ok) throw new Error('KB does not load');
    const triage = new Triage(loaded.kb);
    const answer = triage.triage(
      '1700000377: Client sensor-377 already connected, closing old connection.',
    );
    const card = answerCard(answer)!;
    expect(card.entry.id).toBe('communication/mqtt-session-taken-over');
    expect(card.evidence?.text).toContain('already connected');
    const sentences = card.rootCause.split(/(?<=[.!?])\s+(?=[A-Z])/);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(card.workarounds).toHaveLength(2);
    const text = renderAnswer(answer, { colour: false });
    const whole = renderAnswer(answer, { colour: false }, { full: true });
    expect(text.split('\n').length).toBeLessThan(40);
    expect(whole.split('\n').length).toBeGreaterThan(text.split('\n').length);
    expect(text).toContain('Full entry');
    expect(text).not.toContain("Don't bother");
    // The seed entry's code blocks repeat their step's words: the card says each step once.
    const seed = renderAnswer(triage.triage('0x02'), { colour: false });
    const step = 'Set the clean session flag to true in the CONNECT packet';
    expect(seed.split(step)).toHaveLength(2);
  });
});
