/** Timing helpers for the benchmarks: repeated runs, median and p99 in milliseconds. */

export interface Timing {
  median: number;
  p99: number;
  runs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

export function time(runs: number, fn: () => void, warmup = Math.min(100, runs)): Timing {
  // Steady state, as a long-running bot sees it: what the set-up left (a KB index just built)
  // is collected first when `npm run bench` exposes the collector, and the code is warm.
  (globalThis as { gc?: () => void }).gc?.();
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p99: percentile(samples, 99), runs };
}

export const ms = (n: number): string => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;

export function verdict(value: number, target: number): string {
  return value <= target ? `ok (target < ${ms(target)})` : `OVER TARGET (< ${ms(target)})`;
}

const startedAt = Date.now();

/** A progress line on standard error (results stay alone on standard output), with time so far. */
export function progress(what: string): void {
  process.stderr.write(`  … ${what} (${((Date.now() - startedAt) / 1000).toFixed(0)} s in)\n`);
}
