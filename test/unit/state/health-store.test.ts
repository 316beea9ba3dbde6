import { advance } from '../../../src/alerts/health-state';
import { COUNT_RETENTION_MS, CheckRecord, HOUR_MS } from '../../../src/alerts/health-records';
import { HealthStore } from '../../../src/state/health-store';
import { TestRedis, testRedis, unreachableRedis } from '../redis';

const DAY = 24 * HOUR_MS;
// 10:30 UTC, so hours and days fall where the tests say.
const NOW = Date.UTC(2026, 10, 20, 10, 30);
const settings = { failAfter: 1, recoverAfter: 1 };
const flap = { count: 1000, windowMs: HOUR_MS };

const check = (t: number, outcome: CheckRecord['outcome']): CheckRecord => ({
  t,
  outcome,
  ms: 5,
  reason: outcome === 'fail' ? 'tcp: connection refused' : 'all checks passed',
  certDays: 30,
  steps: [{ name: 'tcp', ms: 5, ok: outcome !== 'fail' }],
  kbIds: outcome === 'fail' ? ['net/refused'] : [],
});

let r: TestRedis;
let store: HealthStore;
const record = (c: CheckRecord, broker = 'prod', s = store) =>
  s.record(broker, c, (h) => advance(h, c.outcome, c.t, settings, flap));

beforeAll(() => {
  r = testRedis();
  store = new HealthStore({ redis: r.redis, prefix: r.prefix });
});
afterAll(() => r.done());

describe('health records in Redis', () => {
  it('keeps as many checks per broker as HEALTH_HISTORY_LENGTH says', async () => {
    const short = new HealthStore({ redis: r.redis, prefix: r.prefix }, 3);
    for (let i = 0; i < 5; i++) await record(check(NOW + i * 1000, 'ok'), 'short', short);
    const history = await short.history('short');
    expect(history.ok && history.value.map((c) => c.t)).toEqual([
      NOW + 4000,
      NOW + 3000,
      NOW + 2000,
    ]);
    expect(await r.redis.llen(`${r.prefix}health:history:short`)).toBe(3);
  });

  it('keeps state, newest-first history and the state changes, and releases its lock', async () => {
    await record(check(NOW - 2000, 'ok'));
    const down = await record(check(NOW - 1000, 'fail'));
    expect(down.notice).toEqual({ kind: 'down', from: 'UP', to: 'DOWN' });
    const state = await store.state('prod');
    expect(state.ok && state.value?.state).toBe('DOWN');
    const history = await store.history('prod');
    expect(history.ok && history.value.map((c) => c.outcome)).toEqual(['fail', 'ok']);
    const one = await store.history('prod', 1);
    expect(one.ok && one.value.length).toBe(1);
    const events = await store.events('prod');
    expect(events.ok && events.value.map((e) => `${e.from}->${e.to} ${e.step}`)).toEqual([
      'UP->DOWN tcp',
      'UNKNOWN->UP null',
    ]);
    expect(await r.redis.exists(`${r.prefix}health:lock:prod`)).toBe(0);
  });

  it('counts checks per UTC hour in a hash per day that expires after the retention and a day', async () => {
    await record(check(NOW, 'ok'), 'counted');
    await record(check(NOW + 60_000, 'fail'), 'counted');
    await record(check(NOW - DAY, 'degraded'), 'counted');
    const key = `${r.prefix}health:day:counted:2026-11-20`;
    expect(await r.redis.hgetall(key)).toEqual({ '10:ok': '1', '10:fail': '1' });
    const pttl = await r.redis.pttl(key);
    expect(pttl).toBeGreaterThan(COUNT_RETENTION_MS);
    expect(pttl).toBeLessThanOrEqual(COUNT_RETENTION_MS + DAY);
    const hours = await store.hours('counted', NOW - 2 * DAY, NOW);
    const hour = NOW - (NOW % HOUR_MS);
    expect(hours).toEqual({
      ok: true,
      value: [
        { hour: hour - DAY, ok: 0, degraded: 1, fail: 0 },
        { hour, ok: 1, degraded: 0, fail: 1 },
      ],
    });
    const today = await store.hours('counted', NOW - HOUR_MS / 4, NOW);
    expect(today.ok && today.value.map((h) => h.hour)).toEqual([hour]);
  });

  it('announces a change once when two workers record at the same moment', async () => {
    const other = new HealthStore({ redis: r.redis, prefix: r.prefix });
    await record(check(NOW, 'ok'), 'shared');
    const [a, b] = await Promise.all([
      record(check(NOW + 1000, 'fail'), 'shared'),
      record(check(NOW + 1000, 'fail'), 'shared', other),
    ]);
    expect([a.notice, b.notice].filter(Boolean)).toEqual([
      { kind: 'down', from: 'UP', to: 'DOWN' },
    ]);
    const history = await store.history('shared');
    expect(history.ok && history.value.length).toBe(3);
  });

  it('clears a delivered notice, keeps the alert reference, and forgets all but the day counts', async () => {
    await store.record('alerted', check(NOW, 'fail'), (h) => ({
      next: { ...h, state: 'DOWN', pending: { kind: 'down', from: 'UP', to: 'DOWN' } },
      notice: null,
    }));
    await store.delivered('alerted', 'C1/1700000000.000100');
    const state = await store.state('alerted');
    expect(state.ok && state.value?.pending).toBeNull();
    expect(state.ok && state.value?.alertRef).toBe('C1/1700000000.000100');
    await store.forget('alerted');
    expect(await store.state('alerted')).toEqual({ ok: true, value: null });
    expect(await store.history('alerted')).toEqual({ ok: true, value: [] });
    expect(await r.redis.exists(`${r.prefix}health:day:alerted:2026-11-20`)).toBe(1);
  });

  it('reads as unavailable while Redis is down', async () => {
    const down = unreachableRedis();
    try {
      const offline = new HealthStore({ redis: down, prefix: r.prefix });
      for (const read of [offline.state('x'), offline.history('x'), offline.events('x')])
        expect((await read).ok).toBe(false);
      expect((await offline.hours('x', NOW - DAY, NOW)).ok).toBe(false);
    } finally {
      down.disconnect();
    }
  });
});
