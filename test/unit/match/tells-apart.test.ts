/**
 * A signal marked "(tells apart only)" says nothing alone: it lifts the entry that refines a
 * broader one above it where the broader entry has evidence, and otherwise is not there at all.
 */
import { buildKnowledgeBase } from '../../../src/kb/load';
import { Matcher } from '../../../src/match/matcher';
import { entryText } from '../../helpers/entry-text';

function matcher(): Matcher {
  const parent = entryText({ id: 't/lost', signals: ['`Connection lost` (MQTT.js 5)'] });
  const child =
    entryText({
      id: 't/special',
      signals: ['`zqx-host.example` (tells apart only; a test host)', '`special refusal` (test)'],
    }) + '\n## Refines\n\n- `t/lost` — the same drop, at the special host.\n';
  const built = buildKnowledgeBase('t', [
    { file: 't/lost.md', id: 't/lost', text: parent },
    { file: 't/special.md', id: 't/special', text: child },
  ]);
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join('\n'));
  return new Matcher(built.kb);
}

describe('a tells-apart signal', () => {
  const m = matcher();
  const ids = (text: string) => m.match(text).matches.map((x) => x.id);

  it('puts the special case first beside evidence for the entry it refines', () => {
    expect(ids('mqtt client: Connection lost while talking to zqx-host.example')[0]).toBe(
      't/special',
    );
  });

  it('is no candidate and no MQTT context alone', () => {
    const alone = m.match('deploying to zqx-host.example took long');
    expect(alone.matches.map((x) => x.id)).not.toContain('t/special');
  });
});
