/**
 * A story with no error text, asked on the real KB: the answer is unsure, and every renderer shows
 * the other candidates with the symptom each was ranked on, so a near tie is judged by its
 * description rather than by a score a hundredth lower.
 */
import { DEFAULT_KB_DIR } from '../../src/config';
import { Triage } from '../../src/core/triage';
import { loadKnowledgeBase } from '../../src/kb/load';
import { answerMessage } from '../../src/chat/slack/blocks';
import { renderAnswer } from '../../src/render/text';
import { describedAs } from '../../src/render/answer-parts';
import { triagePage } from '../../src/web/triage-pages';
import { answer, entry, evidence, match } from '../unit/fixtures';

let triage: Triage;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  triage = new Triage(loaded.kb);
});

const STORY = 'my esp32 keeps disconnecting every 30 seconds when a second device connects';
const TAKEOVER = 'communication/mqtt-session-taken-over';

describe('an unsure answer to a story', () => {
  it('names each other candidate with the symptom of its own entry that ranked it', () => {
    const a = triage.triage(STORY);
    expect(a.abstain).toBe(true);
    const takeover = a.matches.find((m) => m.id === TAKEOVER);
    expect(takeover).toBeDefined();
    const like = describedAs(takeover!);
    expect(takeover!.entry.symptoms).toContain(like);

    const text = renderAnswer(a, { colour: false });
    expect(text).toContain(`described like "${like}"`);
    expect(text.indexOf('Other candidates')).toBeLessThan(text.indexOf('Root cause'));
    const slack = JSON.stringify(answerMessage(a, { answerId: 'a', feedback: null }).blocks);
    expect(slack).toContain(`_described like \\"${like}\\"_`);
    const page = triagePage(a, STORY, triage.kb).toString();
    expect(page).toContain(`described like “${like}”`);
  });

  it('escapes the symptom on the web page', () => {
    const like = 'after <script>alert(1)</script> the first drops';
    const first = entry({ id: 'a/first', title: 'First' });
    const second = entry({ id: 'a/second', title: 'Second', symptoms: [like] });
    const a = answer(
      [match(first, 0.5), match(second, 0.49, [evidence({ kind: 'description', matched: like })])],
      { abstain: true, abstainReason: 'description-only' },
    );
    const page = triagePage(a, 'x', triage.kb).toString();
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
