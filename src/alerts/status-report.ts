/**
 * Everything a status view shows about one health-checked broker, read from the health records
 * once: state and since when, uptime over 24 h / 7 d / 30 d, latency (last, median, p95), per-step
 * timings, certificate days, uptime per day, the incident timeline. Chat- and web-neutral: the
 * status page, its JSON, the badge and the chart images all render this.
 */
import { BrokerHealth } from './health-state';
import {
  CheckRecord,
  HOUR_MS,
  HealthEvent,
  HealthRecords,
  HourCount,
  OVERVIEW_CHECKS,
} from './health-records';
import { BrokerConfig } from '../probe/brokers';
import { endpointDisplay } from '../probe/endpoint';
import { redactSecrets } from '../common/redact';
import { STEP_NAMES } from '../common/probe-steps';

export const DAY_MS = 24 * HOUR_MS;

export interface DayCount {
  /** Start of the UTC day, ms since epoch. */
  day: number;
  ok: number;
  degraded: number;
  fail: number;
}

export interface StepStat {
  name: string;
  lastMs: number | null;
  medianMs: number | null;
  /** Share of recent checks where this step failed. */
  failures: number;
}

export interface BrokerReport {
  name: string;
  /** Where it is, as shown everywhere: never a password or `user:pass@`. */
  url: string;
  everyMs: number;
  state: BrokerHealth['state'];
  since: number | null;
  flapping: boolean;
  lastMs: number | null;
  medianMs: number | null;
  p95Ms: number | null;
  /** How many good checks of the last 24 h the median and p95 are over. */
  latencyOf: number;
  uptime: { h24: number | null; d7: number | null; d30: number | null };
  /** How many checks each uptime figure rests on (a new broker's 30 days may be a minute). */
  uptimeChecks: { h24: number; d7: number; d30: number };
  certDays: number | null;
  /** The last check's reason ("tcp: connection refused", "all checks passed"). */
  lastReason: string | null;
  lastCheck: number | null;
  /** Newest first. */
  checks: CheckRecord[];
  /** Newest first. */
  events: HealthEvent[];
  /** The last 30 UTC days, oldest first (days without checks have zero counts). */
  days: DayCount[];
  steps: StepStat[];
}

export type ReportResult = { ok: true; report: BrokerReport } | { ok: false; reason: string };

/** The value at quantile q (0..1) of ascending `sorted`, by nearest rank; null when empty. */
export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

const ascending = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

const share = (w: { good: number; total: number }): number | null =>
  w.total > 0 ? w.good / w.total : null;

function checksSince(hours: HourCount[], since: number): { good: number; total: number } {
  let good = 0;
  let total = 0;
  for (const h of hours)
    if (h.hour >= since - (since % HOUR_MS)) {
      good += h.ok + h.degraded;
      total += h.ok + h.degraded + h.fail;
    }
  return { good, total };
}

function dayCounts(hours: HourCount[], now: number): DayCount[] {
  const today = now - (now % DAY_MS);
  const days: DayCount[] = [];
  for (let i = 29; i >= 0; i--) days.push({ day: today - i * DAY_MS, ok: 0, degraded: 0, fail: 0 });
  for (const h of hours) {
    const d = days[29 - Math.floor((today - (h.hour - (h.hour % DAY_MS))) / DAY_MS)];
    if (!d) continue;
    d.ok += h.ok;
    d.degraded += h.degraded;
    d.fail += h.fail;
  }
  return days;
}

function stepStats(checks: CheckRecord[]): StepStat[] {
  const names: string[] = [];
  const times = new Map<
    string,
    { ms: number[]; fails: number; seen: number; last: number | null }
  >();
  for (const c of checks)
    for (const s of c.steps ?? []) {
      let t = times.get(s.name);
      if (!t) {
        t = { ms: [], fails: 0, seen: 0, last: null };
        times.set(s.name, t);
        names.push(s.name);
      }
      t.seen += 1;
      if (s.ok) {
        t.ms.push(s.ms);
        t.last ??= s.ms;
      } else t.fails += 1;
    }
  const order: readonly string[] = STEP_NAMES;
  return names
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((name) => {
      const t = times.get(name)!;
      return {
        name,
        lastMs: t.last,
        medianMs: quantile(ascending(t.ms), 0.5),
        failures: t.seen > 0 ? t.fails / t.seen : 0,
      };
    });
}

/** Brokers whose records the overview reads at once. */
const OVERVIEW_PARALLEL = 16;

/**
 * The report of one broker, or why it cannot be had (the store is unreachable). `checks` bounds
 * how much history is read (default: all that is kept).
 */
export async function brokerReport(
  store: HealthRecords,
  broker: BrokerConfig,
  now: number,
  opts: { checks?: number } = {},
): Promise<ReportResult> {
  const [state, history, events, hours] = await Promise.all([
    store.state(broker.name),
    store.history(broker.name, opts.checks),
    store.events(broker.name),
    store.hours(broker.name, now - 30 * DAY_MS, now),
  ]);
  if (!state.ok || !history.ok || !events.ok || !hours.ok)
    return { ok: false, reason: 'the health records (Redis) cannot be reached' };
  // Reasons quote what brokers said (certificate subjects, reason strings): shown redacted, as
  // everything the tool shows is, whatever a broker or a future step puts in them.
  const checks = history.value.map((c) => ({ ...c, reason: redactSecrets(c.reason) }));
  const recent = checks.filter((c) => now - c.t < DAY_MS && c.outcome !== 'fail');
  const latencies = ascending(recent.map((c) => c.ms));
  const last = checks[0];
  const windows = {
    h24: checksSince(hours.value, now - DAY_MS),
    d7: checksSince(hours.value, now - 7 * DAY_MS),
    d30: checksSince(hours.value, now - 30 * DAY_MS),
  };
  return {
    ok: true,
    report: {
      name: broker.name,
      url: endpointDisplay(broker.endpoint),
      everyMs: broker.health?.everyMs ?? 0,
      state: state.value?.state ?? 'UNKNOWN',
      since: state.value ? state.value.since : null,
      flapping: state.value?.flapping ?? false,
      lastMs: last && last.outcome !== 'fail' ? last.ms : null,
      medianMs: quantile(latencies, 0.5),
      p95Ms: quantile(latencies, 0.95),
      latencyOf: latencies.length,
      uptime: {
        h24: share(windows.h24),
        d7: share(windows.d7),
        d30: share(windows.d30),
      },
      uptimeChecks: {
        h24: windows.h24.total,
        d7: windows.d7.total,
        d30: windows.d30.total,
      },
      certDays: checks.find((c) => c.certDays !== null)?.certDays ?? null,
      lastReason: last?.reason ?? null,
      lastCheck: last?.t ?? null,
      checks,
      events: events.value.map((e) => ({ ...e, reason: redactSecrets(e.reason) })),
      days: dayCounts(hours.value, now),
      steps: stepStats(checks.slice(0, 200)),
    },
  };
}

/** Reports of every health-checked broker, in brokers.yml order, each over its last OVERVIEW_CHECKS checks. */
export async function allReports(
  store: HealthRecords,
  brokers: BrokerConfig[],
  now: number,
): Promise<{ ok: true; reports: BrokerReport[] } | { ok: false; reason: string }> {
  const checked = brokers.filter((x) => x.health);
  const reports: BrokerReport[] = [];
  for (let i = 0; i < checked.length; i += OVERVIEW_PARALLEL) {
    const batch = await Promise.all(
      checked
        .slice(i, i + OVERVIEW_PARALLEL)
        .map((b) => brokerReport(store, b, now, { checks: OVERVIEW_CHECKS })),
    );
    for (const r of batch) {
      if (!r.ok) return r;
      reports.push(r.report);
    }
  }
  return { ok: true, reports };
}
