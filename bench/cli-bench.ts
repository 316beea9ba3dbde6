/**
 * `npm run bench -- --cli`: how the `mqtt-why` command's start-up compares with the tools it sits
 * beside, as ratios measured in one run on this machine: a triage (`mqtt-why 0x02`) against
 * `node -e 0` (target at most 2x) and an inline probe (`mqtt-why probe mqtt://127.0.0.1:1883
 * --json`) against MQTT.js's own `mqtt pub -q 1` (target at most 1x). Also a triage whose KB index
 * is missing (parsed, index rewritten), for what the index saves.
 *
 * Uses hyperfine when it is installed (`apt-get install -y hyperfine`), else spawns each command
 * itself, alternating the two so that load on the machine falls on both alike.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { PACKAGE_ROOT } from '../src/config';
import { INDEX_FILE } from '../src/core/kb-index';
import { percentile, progress } from './stats';

interface Measured {
  /** Median wall time, ms. */
  median: number;
  /** Mean CPU time (user + system), ms; null when not measured. */
  cpu: number | null;
}

const BIN = path.join(PACKAGE_ROOT, 'bin', 'mqtt-why.js');
const MQTT_CLI = path.join(PACKAGE_ROOT, 'node_modules', '.bin', 'mqtt');
const NODE = process.execPath;

function hasHyperfine(): boolean {
  return spawnSync('hyperfine', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Both commands timed by hyperfine, in rounds that alternate which goes first so that changing
 * load on the machine falls on both alike: the median of all wall times, the mean CPU time.
 */
function withHyperfine(
  commands: [string[], string[]],
  runs: number,
  prepare: string | null,
): [Measured, Measured] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mqtt-why-bench-'));
  const json = path.join(dir, 'out.json');
  const rounds = Math.min(5, runs);
  const walls: [number[], number[]] = [[], []];
  const cpus: [number[], number[]] = [[], []];
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
      const args = ['-N', '--style', 'none', '--warmup', round === 0 ? '3' : '1'];
      args.push('--runs', String(Math.ceil(runs / rounds)), '--export-json', json);
      if (prepare) args.push('--prepare', prepare);
      const shown = order.map((i) => commands[i].map(quote).join(' '));
      const result = spawnSync('hyperfine', [...args, ...shown], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (result.status !== 0) throw new Error(`hyperfine failed: ${String(result.stderr)}`);
      const out = JSON.parse(readFileSync(json, 'utf8')) as {
        results: { times: number[]; user: number; system: number }[];
      };
      out.results.forEach((r, k) => {
        const which = order[k]!;
        walls[which].push(...r.times.map((t) => t * 1000));
        cpus[which].push((r.user + r.system) * 1000);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [0, 1].map((i) => ({
    median: percentile(
      walls[i]!.sort((a, b) => a - b),
      50,
    ),
    cpu: cpus[i]!.reduce((a, b) => a + b, 0) / cpus[i]!.length,
  })) as [Measured, Measured];
}

/** Spawned in turn, `runs` times each after a warm-up: median wall times. */
function withSpawn(
  commands: [string[], string[]],
  runs: number,
  prepare: (() => void) | null,
): [Measured, Measured] {
  const samples: [number[], number[]] = [[], []];
  for (let i = -3; i < runs; i++)
    for (const which of [0, 1] as const) {
      const [cmd, ...args] = commands[which];
      if (prepare && which === 1) prepare();
      const start = process.hrtime.bigint();
      const r = spawnSync(cmd!, args, { stdio: 'ignore' });
      const took = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status === null) throw new Error(`${commands[which].join(' ')} did not finish`);
      if (i >= 0) samples[which].push(took);
    }
  return samples.map((s) => ({
    median: percentile(
      s.sort((a, b) => a - b),
      50,
    ),
    cpu: null,
  })) as [Measured, Measured];
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function brokerUp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(1000);
    s.once('connect', () => resolve(true));
    s.once('error', () => resolve(false));
    s.once('timeout', () => resolve(false));
    s.once('close', () => s.destroy());
    s.once('connect', () => s.end());
  });
}

export async function cliBench(runs: number): Promise<void> {
  const hyperfine = hasHyperfine();
  console.log(
    `\nCLI start-up (${hyperfine ? 'hyperfine, in 5 rounds of alternating order' : 'spawned in turn; install hyperfine for CPU times'}, ${runs} runs each after warm-ups; median wall time, mean CPU time; ${os.cpus().length} CPUs, load ${os
      .loadavg()[0]!
      .toFixed(1)})`,
  );
  // Make sure the packaged KB's index is current, as `npm run build` leaves it.
  const indexed = spawnSync(NODE, [BIN, 'kb', 'index'], { encoding: 'utf8' });
  if (indexed.status !== 0) throw new Error(`mqtt-why kb index failed: ${indexed.stderr}`);
  const measure = (
    commands: [string[], string[]],
    prepare: { shell: string; run: () => void } | null = null,
  ) =>
    hyperfine
      ? withHyperfine(commands, runs, prepare?.shell ?? null)
      : withSpawn(commands, runs, prepare?.run ?? null);
  const line = (label: string, [a, b]: [Measured, Measured], target: number | null) => {
    const ratio = b.median / a.median;
    const cpu = a.cpu && b.cpu ? `; CPU ${(b.cpu / a.cpu).toFixed(2)}x` : '';
    const verdict =
      target === null
        ? ''
        : ratio <= target
          ? `  ok (target <= ${target}x)`
          : `  OVER TARGET (<= ${target}x)`;
    console.log(
      `  ${label.padEnd(46)} ${a.median.toFixed(0).padStart(4)} ms vs ${b.median.toFixed(0).padStart(4)} ms  ${ratio.toFixed(2)}x${cpu}${verdict}`,
    );
  };

  progress('cli: node -e 0 vs mqtt-why 0x02');
  line(
    'mqtt-why 0x02 / node -e 0',
    measure([
      [NODE, '-e', '0'],
      [NODE, BIN, '0x02'],
    ]),
    2,
  );

  const copy = mkdtempSync(path.join(os.tmpdir(), 'mqtt-why-kb-'));
  try {
    cpSync(path.join(PACKAGE_ROOT, 'kb'), copy, { recursive: true });
    const stale = path.join(copy, INDEX_FILE);
    progress('cli: mqtt-why 0x02 with the KB index vs without (parse, rewrite)');
    line(
      'no KB index (parse + rewrite) / KB index',
      measure(
        [
          [NODE, BIN, '0x02'],
          [NODE, BIN, '--kb', copy, '0x02'],
        ],
        { shell: `rm -f ${quote(stale)}`, run: () => rmSync(stale, { force: true }) },
      ),
      null,
    );
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }

  if (!(await brokerUp('127.0.0.1', 1883))) {
    console.log('  probe vs mqtt pub: skipped, no broker on 127.0.0.1:1883');
    return;
  }
  progress('cli: mqtt pub vs mqtt-why probe');
  line(
    'mqtt-why probe --json / mqtt pub -q 1',
    measure([
      [NODE, MQTT_CLI, 'pub', '-q', '1', '-t', 'x', '-m', 'y', '-h', '127.0.0.1'],
      [NODE, BIN, 'probe', 'mqtt://127.0.0.1:1883', '--json'],
    ]),
    1,
  );
}
