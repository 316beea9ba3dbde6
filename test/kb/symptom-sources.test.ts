/**
 * docs/symptom-sources.md says where the symptom lines in real reporters' words come from. It must
 * stay true: every line it lists is in its entry's symptoms, under the entry it names, with a
 * source thread that the labelled corpus does not hold (so no measured thread fed the KB).
 */
import { promises as fs } from 'fs';
import path from 'path';
import { DEFAULT_KB_DIR, PACKAGE_ROOT } from '../../src/config';
import { KnowledgeBase, loadKnowledgeBase } from '../../src/kb/load';

let kb: KnowledgeBase;
let listed: { id: string; symptom: string; source: string }[];
let corpusThreads: Set<string>;

const bare = (url: string): string => url.split('#')[0]!.replace(/\/+$/, '');

beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  kb = loaded.kb;
  const doc = await fs.readFile(path.join(PACKAGE_ROOT, 'docs/symptom-sources.md'), 'utf8');
  listed = [];
  let id = '';
  for (const line of doc.split('\n')) {
    const heading = /^## `([^`]+)`$/.exec(line);
    if (heading) id = heading[1]!;
    const item = /^- (.+) — <([^>]+)>$/.exec(line);
    if (item) listed.push({ id, symptom: item[1]!, source: item[2]! });
  }
  corpusThreads = new Set();
  for (const split of ['tune', 'test']) {
    const text = await fs.readFile(
      path.join(PACKAGE_ROOT, `test/fixtures/corpus/${split}.jsonl`),
      'utf8',
    );
    for (const row of text.split('\n').filter(Boolean)) {
      const c = JSON.parse(row) as { thread?: string; source?: string };
      for (const url of [c.thread, c.source]) if (url?.startsWith('http')) corpusThreads.add(bare(url));
    }
  }
});

describe('docs/symptom-sources.md', () => {
  it('lists lines', () => expect(listed.length).toBeGreaterThan(100));

  it("lists only lines that are in their entry's symptoms", () => {
    const missing = listed.filter(({ id, symptom }) => !kb.byId.get(id)?.symptoms.includes(symptom));
    expect(missing).toEqual([]);
  });

  it('takes no line from a thread of the labelled corpus', () => {
    expect(listed.filter(({ source }) => corpusThreads.has(bare(source)))).toEqual([]);
  });
});
