/** `npm run eval [corpus.jsonl]`: accuracy on a labelled corpus, and every miss with what matched. */
import { promises as fs } from 'fs';
import path from 'path';
import { DEFAULT_KB_DIR, PACKAGE_ROOT } from '../src/config';
import { loadKnowledgeBase } from '../src/kb/load';
import { Matcher } from '../src/match/matcher';
import { measure, parseCorpus, summary } from './accuracy';

async function main(): Promise<void> {
  const file = process.argv[2] ?? path.join(PACKAGE_ROOT, 'test/fixtures/corpus/labelled.jsonl');
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok)
    throw new Error(loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  const acc = measure(new Matcher(loaded.kb), parseCorpus(await fs.readFile(file, 'utf8')));
  for (const m of acc.misses) {
    const text = m.case.text.replace(/\s+/g, ' ').slice(0, 160);
    console.log(
      `expected ${m.case.expect ?? 'abstain'}\n  got ${m.got.slice(0, 3).join(', ') || '-'}${m.abstain ? ' (abstained)' : ''}\n  ${text}`,
    );
  }
  console.log(`\n${summary(acc)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
