/**
 * The matcher over the real KB in kb/, loaded once per test file, and what it answers first for a
 * text: whether a listener would speak and the entry id without its `communication/` prefix.
 */
import { DEFAULT_KB_DIR } from '../../src/config';
import { loadKnowledgeBase } from '../../src/kb/load';
import { Matcher } from '../../src/match/matcher';

export function realKbTop(): (text: string) => { abstain: boolean; id: string | undefined } {
  let matcher: Matcher | undefined;
  beforeAll(async () => {
    const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
    if (!loaded.ok) throw new Error('KB does not load');
    matcher = new Matcher(loaded.kb);
  });
  return (text) => {
    if (!matcher) throw new Error('the KB is loaded in beforeAll');
    const r = matcher.match(text);
    return { abstain: r.abstain, id: r.matches[0]?.id.replace('communication/', '') };
  };
}
