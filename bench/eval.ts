/**
 * `npm run eval`: accuracy on both splits of the labelled corpus (test/fixtures/corpus), and every
 * miss of the `test` split with what matched. The matcher and the KB are tuned on `tune` only;
 * `test` is threads nobody tuned on, which is what an outsider would measure.
 *
 * `npm run eval -- --misses tune` lists the tune split's misses instead (for working on the KB);
 * `npm run eval -- <file.jsonl>` measures any other corpus.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { DEFAULT_KB_DIR, PACKAGE_ROOT } from '../src/config';
import { loadKnowledgeBase } from '../src/kb/load';
import { Matcher } from '../src/match/matcher';
import { Accuracy, breakdown, measure, parseCorpus, summary } from './accuracy';

const CORPUS = path.join(PACKAGE_ROOT, 'test/fixtures/corpus');

function printMisses(acc: Accuracy): void {
  for (const m of acc.misses) {
    const text = m.case.text.replace(/\s+/g, ' ').slice(0, 160);
    console.log(
      `expected ${m.case.expect ?? 'abstain'}\n  got ${m.got.slice(0, 3).join(', ') || '-'}${m.abstain ? ' (abstained)' : ''}\n  ${text}${m.case.source ? `\n  ${m.case.source}` : ''}`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const missesOf = args[0] === '--misses' ? (args[1] ?? 'test') : 'test';
  const files =
    args[0] && args[0] !== '--misses'
      ? [args[0]]
      : ['tune', 'test'].map((s) => path.join(CORPUS, `${s}.jsonl`));
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok)
    throw new Error(loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  const matcher = new Matcher(loaded.kb);
  const results: [string, Accuracy, string[]][] = [];
  for (const file of files) {
    const cases = parseCorpus(await fs.readFile(file, 'utf8'));
    const acc = measure(matcher, cases);
    results.push([path.basename(file, '.jsonl'), acc, breakdown(matcher, cases, acc)]);
  }
  for (const [name, acc] of results) if (files.length === 1 || name === missesOf) printMisses(acc);
  console.log('');
  for (const [name, , parts] of results) console.log([name, ...parts].join('\n'));
  console.log('');
  for (const [name, acc] of results) console.log(`${name.padEnd(5)} ${summary(acc)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
