import { promises as fs } from 'fs';
import os from 'os';
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
    // An opening that introduces a list brings its first item, not a dangling colon.
    expect(
      leadSentences('Two defaults changed:\n\n- `allow_anonymous` is false.\n- Local only.'),
    ).toBe('Two defaults changed: `allow_anonymous` is false.');
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
  });

  it("says a step once when its code block repeats the step's words (the seed entry's shape)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-why-seed-'));
    try {
      await fs.mkdir(path.join(dir, 'communication'));
      // The seed as received, with the parts the KB's lint asks of every entry.
      const seedText = await fs.readFile(
        path.join(__dirname, '../../fixtures/kb/seed-entry.md'),
        'utf8',
      );
      await fs.writeFile(
        path.join(dir, 'communication/mqtt-publish-identifier-in-use.md'),
        `${seedText}\n## Codes\n\n| Code | Packet | Protocol | Meaning |\n|---|---|---|---|\n` +
          '| 0x02 | CONNACK | 3.1.1 | Connection Refused, identifier rejected |\n\n## References\n\n' +
          "- Figures: the seed entry's own\n- MQTT 3.1.1 §3.2.2.3 — https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html\n",
      );
      const loaded = await loadKnowledgeBase(dir);
      if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
      const seed = renderAnswer(new Triage(loaded.kb).triage('0x02'), { colour: false });
      const step = 'Set the clean session flag to true in the CONNECT packet';
      expect(seed.split(step)).toHaveLength(2);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
