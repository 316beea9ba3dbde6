/**
 * `npm run bench`: match latency (median, p99) for a code, a 20-line and a 500-line paste against
 * the real KB and synthetic KBs of 1,000 and 10,000 entries, index build times, and a 5 MB paste.
 * Then the probe figures (bench/probe-bench.ts) and scheduled health checks at scale
 * (bench/health-bench.ts), and the CLI's start-up against node and MQTT.js's own CLI
 * (bench/cli-bench.ts). `--match`, `--probe`, `--load`, `--health` or `--cli` runs one part.
 * Health: `--brokers N` (10000), `--seconds S` (150 alone, 75 in a full run), `--broker url[,url…]`
 * (mqtt://127.0.0.1:1883), `--listeners N` extra Mosquittos started by the bench (2),
 * `--concurrency N` (50).
 * Progress goes to standard error, results to standard output.
 * Speed is measured here, never asserted inside a test.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { DEFAULT_KB_DIR } from '../src/config';
import { KnowledgeBase, buildKnowledgeBase, entryFiles, idOf } from '../src/kb/load';
import { Matcher } from '../src/match/matcher';
import { CODE, PASTE_20, PASTE_500, PASTE_5MB, STORY } from './pastes';
import { SymptomIndex } from '../src/match/symptoms';
import { ms, progress, time, verdict } from './stats';
import { syntheticEntries } from './synthetic-kb';
import { probeBench } from './probe-bench';
import { healthBench } from './health-bench';
import { loadBench } from './load-bench';
import { cliBench } from './cli-bench';
import { Triage } from '../src/core/triage';

type KbFile = { file: string; id: string; text: string };

async function realKbFiles(): Promise<KbFile[]> {
  const files = await entryFiles(DEFAULT_KB_DIR);
  return Promise.all(
    files.map(async (file) => ({
      file,
      id: idOf(DEFAULT_KB_DIR, file),
      text: await fs.readFile(file, 'utf8'),
    })),
  );
}

function build(files: KbFile[]): KnowledgeBase {
  const result = buildKnowledgeBase(DEFAULT_KB_DIR, files);
  if (!result.ok)
    throw new Error(
      `KB does not load:\n${result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`,
    );
  return result.kb;
}

function report(
  label: string,
  kb: KnowledgeBase,
  files: KbFile[],
  targets: Record<string, number>,
): void {
  progress(`${label} of ${files.length} entries: parsing and building the index 5 times`);
  const parse = time(5, () => build(files), 1);
  const index = time(5, () => new Matcher(kb), 1);
  const matcher = new Matcher(kb);
  console.log(
    `\n${label}: ${kb.entries.length} entries, ${kb.entries.reduce((n, e) => n + e.signals.length, 0)} signal phrases`,
  );
  console.log(`  parse + lint KB        median ${ms(parse.median)}`);
  console.log(
    `  index build            median ${ms(index.median)}  ${targets.index ? verdict(index.median, targets.index) : ''}`,
  );
  const runs = kb.entries.length > 5000 ? 100 : 300;
  for (const [name, input, target] of [
    ['1-line code', CODE, undefined],
    ['1-line story', STORY, undefined],
    ['20-line paste', PASTE_20, targets.paste20],
    ['500-line paste', PASTE_500, targets.paste500],
  ] as const) {
    const t = time(runs, () => matcher.match(input));
    console.log(
      `  ${name.padEnd(22)} median ${ms(t.median).padEnd(9)} p99 ${ms(t.p99).padEnd(9)} ${target ? verdict(t.p99, target) : ''}`,
    );
  }
  // What the symptom ranking adds to a one-line query: its search alone, on the same words.
  const symptoms = new SymptomIndex(kb.entries);
  const ranking = time(runs * 3, () => symptoms.search(STORY));
  console.log(
    `  symptom ranking        median ${ms(ranking.median).padEnd(9)} (of the 1-line story) ${targets.symptoms ? verdict(ranking.median, targets.symptoms) : ''}`,
  );
  const top = matcher.match(PASTE_500).matches[0]?.id ?? 'nothing';
  console.log(`  (500-line paste -> ${top})`);
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const only =
    ['--load', '--health', '--probe', '--match', '--cli']
      .find((f) => process.argv.includes(f))
      ?.slice(2) ?? 'all';
  console.log(
    `mqtt-why bench — node ${process.version}, ${path.relative(process.cwd(), DEFAULT_KB_DIR) || 'kb'}`,
  );
  const real = await realKbFiles();
  if (only === 'all' || only === 'match') {
    // Issue 10's targets: 500-line paste p99 under 2 ms on the real KB, 20-line paste p99 under
    // 20 ms against 10,000 entries, symptom ranking under 0.2 ms on a one-line query's median.
    report('real KB', build(real), real, { index: 200, paste500: 2, symptoms: 0.2 });
    for (const n of [1000, 10000]) {
      progress(`generating a synthetic KB of ${n} entries`);
      const files = [...real, ...syntheticEntries(n - real.length)];
      report(`synthetic KB`, build(files), files, n === 10000 ? { paste20: 20 } : {});
    }
    const matcher = new Matcher(build(real));
    const huge = time(3, () => matcher.match(PASTE_5MB), 1);
    const r = matcher.match(PASTE_5MB);
    console.log(
      `\n5 MB paste (${(PASTE_5MB.length / 1024 / 1024).toFixed(1)} MB): median ${ms(huge.median)}, truncated=${r.truncated}, lines read ${r.linesRead}`,
    );
  }
  if (only === 'all' || only === 'probe')
    await probeBench(
      new Triage(build(real)),
      arg('--broker', 'mqtt://127.0.0.1:1883'),
      arg('--redis', 'redis://127.0.0.1:6379'),
    );
  if (only === 'all' || only === 'load')
    await loadBench(
      new Triage(build(real)),
      arg('--redis', 'redis://127.0.0.1:6379'),
      Number(arg('--rate', '50')),
      Number(arg('--seconds', '10')),
    );
  if (only === 'all' || only === 'health')
    await healthBench(new Triage(build(real)), {
      brokerUrls: arg('--broker', 'mqtt://127.0.0.1:1883')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
      redisUrl: arg('--redis', 'redis://127.0.0.1:6379'),
      count: Number(arg('--brokers', '10000')),
      seconds: Number(arg('--seconds', only === 'health' ? '150' : '75')),
      concurrency: Number(arg('--concurrency', '50')),
      listeners: Number(arg('--listeners', '2')),
    });
  if (only === 'all' || only === 'cli') await cliBench(Number(arg('--runs', '30')));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
