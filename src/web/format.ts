/** Numbers and times as the web pages and images show them (UTC, so every viewer reads the same). */

export function fmtMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms === 0) return '0 ms';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function fmtPct(share: number | null): string {
  if (share === null) return '—';
  if (share >= 1) return '100%';
  // Never round a broker that failed checks up to 100%.
  return `${(Math.floor(share * 10_000) / 100).toFixed(2)}%`;
}

/** `2026-11-01 13:05:09 UTC`. */
export function fmtTime(t: number): string {
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function fmtClock(t: number): string {
  return new Date(t).toISOString().slice(11, 16);
}

export function fmtDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
