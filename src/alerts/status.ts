/** Status at a glance: per broker state, since when, latency, uptime, certificate, a sparkline. */
import { BrokerHealth } from './health-state';
import { CheckRecord } from './health-records';
import { quantile } from './status-report';

/** `status [broker]`'s answer: status lines to show, or why there are none (words a chat shows as they are). */
export type HealthStatus = { ok: true; text: string } | { ok: false; message: string };

export interface BrokerStatus {
  broker: string;
  state: BrokerHealth['state'];
  since: number | null;
  lastMs: number | null;
  medianMs: number | null;
  /** Share of good checks over the last 24 h, or null without checks. */
  uptime24h: number | null;
  certDays: number | null;
  /** Oldest to newest: ✓ good, ! degraded, ✗ failed. */
  strip: string;
  flapping: boolean;
}

const DAY = 24 * 3600 * 1000;

/** One broker's state, uptime, latency and certificate figures from its recorded checks. */
export function brokerStatus(
  broker: string,
  health: BrokerHealth | null,
  history: CheckRecord[],
  now: number,
  stripLength = 20,
): BrokerStatus {
  const recent = history.filter((c) => now - c.t < DAY);
  const good = recent.filter((c) => c.outcome !== 'fail');
  const sorted = good.map((c) => c.ms).sort((a, b) => a - b);
  const last = history[0];
  return {
    broker,
    state: health?.state ?? 'UNKNOWN',
    since: health ? health.since : null,
    lastMs: last && last.outcome !== 'fail' ? last.ms : null,
    medianMs: quantile(sorted, 0.5),
    uptime24h: recent.length > 0 ? good.length / recent.length : null,
    certDays: history.find((c) => c.certDays !== null)?.certDays ?? null,
    strip: history
      .slice(0, stripLength)
      .reverse()
      .map((c) => (c.outcome === 'ok' ? '✓' : c.outcome === 'degraded' ? '!' : '✗'))
      .join(''),
    flapping: health?.flapping ?? false,
  };
}

/** A duration as people say it, to one unit: `45 s`, `12 min`, `3 h`, `2 days`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

/** One aligned line of `status` output for a broker. */
export function statusLine(s: BrokerStatus, now: number): string {
  const parts = [
    `${s.broker}: ${s.state}${s.flapping ? ' (flapping)' : ''}`,
    s.since !== null ? `for ${duration(now - s.since)}` : null,
    s.lastMs !== null ? `last ${s.lastMs.toFixed(0)} ms` : null,
    s.medianMs !== null ? `median ${s.medianMs.toFixed(0)} ms` : null,
    s.uptime24h !== null ? `uptime 24 h ${(s.uptime24h * 100).toFixed(1)}%` : null,
    s.certDays !== null ? `certificate ${s.certDays} days left` : null,
    s.strip ? s.strip : null,
  ];
  return parts.filter(Boolean).join(' · ');
}
