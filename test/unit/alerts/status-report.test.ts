import { advance } from '../../../src/alerts/health-state';
import { CheckRecord, HOUR_MS, OVERVIEW_CHECKS } from '../../../src/alerts/health-records';
import { DAY_MS, allReports, brokerReport, quantile } from '../../../src/alerts/status-report';
import { MemoryHealthStore } from '../../../src/state/memory-health-store';
import { HealthStore } from '../../../src/state/health-store';
import { EVERY_MINUTE as health, brokerConfig } from '../../helpers/broker-config';
import { unreachableRedis } from '../redis';

const NOW = Date.UTC(2026, 10, 20, 10, 30);
const prod = brokerConfig('prod', 1883, { health });

const check = (
  t: number,
  outcome: CheckRecord['outcome'],
  ms: number,
  reason = 'all checks passed',
): CheckRecord => ({
  t,
  outcome,
  ms,
  reason,
  certDays: null,
  steps: [
    { name: 'tcp', ms: ms / 2, ok: true },
    { name: 'dns', ms: ms / 2, ok: outcome !== 'fail' },
  ],
  kbIds: [],
});

async function storeWith(checks: CheckRecord[]): Promise<MemoryHealthStore> {
  const s = new MemoryHealthStore();
  for (const c of checks)
    await s.record('prod', c, (h) =>
      advance(h, c.outcome, c.t, health, { count: 100, windowMs: HOUR_MS }),
    );
  return s;
}

describe('quantiles by nearest rank', () => {
  it('picks the value at the rank, null for no values', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([5], 0)).toBe(5);
  });
});

describe("a broker's status report", () => {
  it('gives state, latency quantiles of good checks, uptime per window, days and ordered step stats', async () => {
    const store = await storeWith([
      check(NOW - 3 * DAY_MS, 'fail', 1),
      check(NOW - 3 * HOUR_MS, 'ok', 10),
      check(NOW - 2 * HOUR_MS, 'ok', 20),
      check(NOW - HOUR_MS, 'degraded', 40),
    ]);
    const r = await brokerReport(store, prod, NOW);
    if (!r.ok) throw new Error(r.reason);
    const report = r.report;
    expect(report.url).toBe('mqtt://127.0.0.1:1883');
    expect(report.everyMs).toBe(60_000);
    expect(report.state).toBe('DEGRADED');
    expect([report.lastMs, report.medianMs, report.p95Ms]).toEqual([40, 20, 40]);
    expect(report.uptime).toEqual({ h24: 1, d7: 0.75, d30: 0.75 });
    expect(report.uptimeChecks.d30).toBeGreaterThan(report.uptimeChecks.h24);
    expect(report.uptimeChecks.d7).toBe(report.uptimeChecks.d30);
    expect(report.days).toHaveLength(30);
    expect(report.days[29]).toEqual({ day: NOW - (NOW % DAY_MS), ok: 2, degraded: 1, fail: 0 });
    expect(report.days[26]!.fail).toBe(1);
    expect(report.steps.map((s) => [s.name, s.failures])).toEqual([
      ['dns', 0.25],
      ['tcp', 0],
    ]);
    expect(report.events.map((e) => e.to)).toEqual(['DEGRADED', 'UP', 'DOWN']);
  });

  it('shows reasons with secrets removed', async () => {
    const store = await storeWith([
      check(NOW - 1000, 'fail', 1, 'connect: refused by mqtt://admin:hunter2@10.0.0.1:1883'),
    ]);
    const r = await brokerReport(store, prod, NOW);
    expect(r.ok && r.report.lastReason).not.toContain('hunter2');
    expect(r.ok && r.report.events[0]!.reason).not.toContain('hunter2');
    expect(r.ok && r.report.checks[0]!.reason).not.toContain('hunter2');
  });

  it('lists only health-checked brokers, and says why when the records cannot be reached', async () => {
    const store = await storeWith([check(NOW - 1000, 'ok', 5)]);
    const all = await allReports(store, [brokerConfig('unchecked', 1), prod], NOW);
    expect(all.ok && all.reports.map((x) => x.name)).toEqual(['prod']);
    const down = unreachableRedis();
    try {
      const offline = new HealthStore({ redis: down, prefix: 'test-unit-offline:' });
      expect(await brokerReport(offline, prod, NOW)).toEqual({
        ok: false,
        reason: 'the health records (Redis) cannot be reached',
      });
    } finally {
      down.disconnect();
    }
  });

  it('orders step stats as the probe runs them, delivery checks after the round trip', async () => {
    const store = new MemoryHealthStore();
    const c: CheckRecord = {
      ...check(NOW - HOUR_MS, 'ok', 10),
      steps: ['shared', 'retained', 'roundtrip', 'dns'].map((name) => ({ name, ms: 1, ok: true })),
    };
    await store.record('prod', c, (h) =>
      advance(h, 'ok', c.t, health, { count: 100, windowMs: HOUR_MS }),
    );
    const r = await brokerReport(store, prod, NOW);
    if (!r.ok) throw new Error(r.reason);
    expect(r.report.steps.map((s) => s.name)).toEqual(['dns', 'roundtrip', 'retained', 'shared']);
  });

  it('reads only the last OVERVIEW_CHECKS checks of each broker for the overview, in brokers.yml order', async () => {
    const store = new MemoryHealthStore();
    const names = Array.from({ length: 20 }, (_, i) => `b${i}`);
    for (const name of names)
      for (let k = 100; k > 0; k--) {
        const c = check(NOW - k * 60_000, 'ok', k);
        await store.record(name, c, (h) =>
          advance(h, 'ok', c.t, health, { count: 100, windowMs: HOUR_MS }),
        );
      }
    const brokers = names.map((n) => brokerConfig(n, 1883, { health }));
    const all = await allReports(store, brokers, NOW);
    if (!all.ok) throw new Error(all.reason);
    expect(all.reports.map((r) => r.name)).toEqual(names);
    expect(all.reports[0]!.checks).toHaveLength(OVERVIEW_CHECKS);
    expect(all.reports[0]!.latencyOf).toBe(OVERVIEW_CHECKS);
    // The newest 60 of latencies 100..1 ms are 1..60: median by nearest rank 30.
    expect(all.reports[0]!.medianMs).toBe(30);
    const page = await brokerReport(store, brokers[0]!, NOW);
    expect(page.ok && [page.report.checks.length, page.report.latencyOf]).toEqual([100, 100]);
  });
});
