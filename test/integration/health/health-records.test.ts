import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { advance } from '../../../src/alerts/health-state';
import { CheckRecord, HealthRecords } from '../../../src/alerts/health-records';
import { brokerReport } from '../../../src/alerts/status-report';
import { HealthStore } from '../../../src/state/health-store';
import { MemoryHealthStore } from '../../../src/state/memory-health-store';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { brokerConfig } from '../../helpers/broker-config';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// A fixed "now" at 10:30 UTC, so hours and days fall where the test says.
const NOW = Date.UTC(2026, 10, 20, 10, 30);
const settings = { failAfter: 2, recoverAfter: 1 };
const flap = { count: 10, windowMs: HOUR };

const ok = (t: number, ms: number): CheckRecord => ({
  t,
  outcome: 'ok',
  ms,
  reason: 'all checks passed',
  certDays: 40,
  steps: [
    { name: 'dns', ms: 0.1, ok: true },
    { name: 'tcp', ms: ms - 0.1, ok: true },
  ],
  kbIds: [],
});
const refused = (t: number): CheckRecord => ({
  t,
  outcome: 'fail',
  ms: 1.5,
  reason: 'tcp: nothing listens on 127.0.0.1:1 (connection refused)',
  certDays: null,
  steps: [
    { name: 'dns', ms: 0.1, ok: true },
    { name: 'tcp', ms: 1.4, ok: false },
  ],
  kbIds: ['communication/mqtt-tcp-connection-refused'],
});

/** Checks as a scheduler would record them: two days ago, then an outage within the last hour. */
async function recordStory(store: HealthRecords, broker: string): Promise<void> {
  const story = [
    ok(NOW - 2 * DAY, 4),
    ok(NOW - 3 * HOUR, 5),
    ok(NOW - 50 * 60_000, 6),
    refused(NOW - 40 * 60_000),
    refused(NOW - 30 * 60_000),
    refused(NOW - 20 * 60_000),
    ok(NOW - 10 * 60_000, 7),
  ];
  for (const c of story)
    await store.record(broker, c, (h) => advance(h, c.outcome, c.t, settings, flap));
}

describe.each([
  ['in Redis', 'redis'],
  ['in memory', 'memory'],
])('health records %s', (_label, kind) => {
  let redis: Redis | null = null;
  let store: HealthRecords;
  const prefix = `test-${randomUUID()}:`;
  beforeAll(() => {
    if (kind === 'redis') {
      redis = new Redis(REDIS_URL);
      store = new HealthStore({ redis, prefix });
    } else store = new MemoryHealthStore();
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    redis?.disconnect();
  });

  it('keep each state change with the failing step and the KB entry that explains it', async () => {
    await recordStory(store, 'plant');
    const events = await store.events('plant');
    expect(events.ok && events.value.map((e) => `${e.from}>${e.to}`)).toEqual([
      'DOWN>UP',
      'UP>DOWN',
      'UNKNOWN>UP',
    ]);
    const down = events.ok ? events.value[1]! : null;
    expect(down).toMatchObject({
      t: NOW - 30 * 60_000,
      step: 'tcp',
      kbIds: ['communication/mqtt-tcp-connection-refused'],
    });
    expect(down?.reason).toContain('connection refused');
    const history = await store.history('plant');
    expect(history.ok && history.value.map((c) => c.t)[0]).toBe(NOW - 10 * 60_000);
  });

  it('count checks per hour for a month, and give them back for a window', async () => {
    const hours = await store.hours('plant', NOW - 30 * DAY, NOW);
    expect(hours.ok).toBe(true);
    const byHour = new Map(hours.ok ? hours.value.map((h) => [h.hour, h]) : []);
    expect(byHour.get(Date.UTC(2026, 10, 18, 10))).toMatchObject({ ok: 1, fail: 0 });
    expect(byHour.get(Date.UTC(2026, 10, 20, 7))).toMatchObject({ ok: 1, fail: 0 });
    expect(byHour.get(Date.UTC(2026, 10, 20, 9))).toMatchObject({ ok: 1, fail: 1 });
    expect(byHour.get(Date.UTC(2026, 10, 20, 10))).toMatchObject({ ok: 1, fail: 2 });
    const lastDay = await store.hours('plant', NOW - DAY, NOW);
    expect(lastDay.ok && lastDay.value.reduce((n, h) => n + h.ok + h.fail, 0)).toBe(6);
  });

  it('make a report: uptime over 24 h, 7 and 30 days, latency, steps, days and incidents', async () => {
    const broker = brokerConfig('plant', 1883, {
      health: {
        everyMs: 600_000,
        channel: null,
        failAfter: 2,
        recoverAfter: 1,
        steps: ['dns', 'tcp'],
        latencyMs: null,
        certDays: 14,
      },
    });
    const r = await brokerReport(store, broker, NOW);
    if (!r.ok) throw new Error(r.reason);
    const report = r.report;
    expect(report.state).toBe('UP');
    expect(report.since).toBe(NOW - 10 * 60_000);
    expect(report.uptime.h24).toBeCloseTo(3 / 6);
    expect(report.uptime.d7).toBeCloseTo(4 / 7);
    expect(report.lastMs).toBe(7);
    expect(report.medianMs).toBe(6);
    expect(report.p95Ms).toBe(7);
    expect(report.certDays).toBe(40);
    expect(report.url).toBe('mqtt://127.0.0.1:1883');
    expect(report.steps.map((s) => s.name)).toEqual(['dns', 'tcp']);
    expect(report.steps[1]!.failures).toBeCloseTo(3 / 7);
    expect(report.days).toHaveLength(30);
    expect(report.days[29]).toMatchObject({ day: Date.UTC(2026, 10, 20), ok: 3, fail: 3 });
    expect(report.days[27]).toMatchObject({ day: Date.UTC(2026, 10, 18), ok: 1, fail: 0 });
    expect(report.events[0]!.to).toBe('UP');
  });

  it('keep the DOWN alert reference for the recovery to answer in its thread', async () => {
    await store.delivered('plant', '1800000000.000001');
    const state = await store.state('plant');
    expect(state.ok && state.value?.alertRef).toBe('1800000000.000001');
    await store.forget('plant');
    expect((await store.events('plant')).ok && (await store.state('plant'))).toEqual({
      ok: true,
      value: null,
    });
  });
});
