/** `/api/status`: the status pages' facts as JSON (times as ISO strings, shares from 0 to 1). */
import { BrokerReport } from '../alerts/status-report';

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

export function brokerJson(r: BrokerReport, opts: { checks: number }): object {
  return {
    name: r.name,
    url: r.url,
    state: r.state,
    since: iso(r.since),
    flapping: r.flapping,
    everyMs: r.everyMs,
    uptime: r.uptime,
    latencyMs: { last: r.lastMs, median: r.medianMs, p95: r.p95Ms, ofChecks: r.latencyOf },
    certDays: r.certDays,
    lastCheck: iso(r.lastCheck),
    lastReason: r.lastReason,
    steps: r.steps,
    incidents: r.events.slice(0, 50).map((e) => ({ ...e, t: iso(e.t) })),
    days: r.days.map((d) => ({ ...d, day: iso(d.day)!.slice(0, 10) })),
    ...(opts.checks > 0
      ? { checks: r.checks.slice(0, opts.checks).map((c) => ({ ...c, t: iso(c.t) })) }
      : {}),
  };
}

export function statusJson(reports: BrokerReport[], now: number): object {
  return {
    generatedAt: iso(now),
    brokers: reports.map((r) => brokerJson(r, { checks: 0 })),
  };
}
