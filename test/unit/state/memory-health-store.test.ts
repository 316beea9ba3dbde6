import { advance } from '../../../src/alerts/health-state';
import {
  COUNT_RETENTION_MS,
  CheckRecord,
  EVENTS_LENGTH,
  HISTORY_LENGTH,
  HOUR_MS,
} from '../../../src/alerts/health-records';
import { MemoryHealthStore } from '../../../src/state/memory-health-store';

const NOW = Date.UTC(2026, 10, 20, 10, 30);
const settings = { failAfter: 1, recoverAfter: 1 };
const flap = { count: 1000, windowMs: HOUR_MS };

const check = (t: number, outcome: CheckRecord['outcome']): CheckRecord => ({
  t,
  outcome,
  ms: 5,
  reason: outcome === 'fail' ? 'tcp: connection refused' : 'all checks passed',
  certDays: null,
  steps: [{ name: 'tcp', ms: 5, ok: outcome !== 'fail' }],
  kbIds: outcome === 'fail' ? ['net/refused'] : [],
});
const record = (s: MemoryHealthStore, c: CheckRecord, broker = 'prod') =>
  s.record(broker, c, (h) => advance(h, c.outcome, c.t, settings, flap));

describe('health records in memory', () => {
  it('keeps state, newest-first history and state changes, per broker', async () => {
    const s = new MemoryHealthStore();
    await record(s, check(NOW - 2000, 'ok'));
    const down = await record(s, check(NOW - 1000, 'fail'));
    expect(down.notice).toEqual({ kind: 'down', from: 'UP', to: 'DOWN' });
    const state = await s.state('prod');
    expect(state.ok && state.value?.state).toBe('DOWN');
    const history = await s.history('prod');
    expect(history.ok && history.value.map((c) => c.outcome)).toEqual(['fail', 'ok']);
    const events = await s.events('prod');
    expect(events.ok && events.value).toEqual([
      {
        t: NOW - 1000,
        from: 'UP',
        to: 'DOWN',
        step: 'tcp',
        reason: 'tcp: connection refused',
        kbIds: ['net/refused'],
      },
      {
        t: NOW - 2000,
        from: 'UNKNOWN',
        to: 'UP',
        step: null,
        reason: 'all checks passed',
        kbIds: [],
      },
    ]);
    expect(await s.state('other')).toEqual({ ok: true, value: null });
  });

  it('counts checks per clock hour and returns the hours asked for', async () => {
    const s = new MemoryHealthStore();
    await record(s, check(NOW - HOUR_MS, 'ok'));
    await record(s, check(NOW, 'ok'));
    await record(s, check(NOW + 60_000, 'fail'));
    const hours = await s.hours('prod', NOW - 10 * 60_000, NOW + HOUR_MS);
    const hour = NOW - (NOW % HOUR_MS);
    expect(hours).toEqual({ ok: true, value: [{ hour, ok: 1, degraded: 0, fail: 1 }] });
  });

  it('drops hourly counts past the retention when a new hour begins', async () => {
    const s = new MemoryHealthStore();
    await record(s, check(NOW - COUNT_RETENTION_MS - HOUR_MS, 'ok'));
    await record(s, check(NOW, 'ok'));
    const hours = await s.hours('prod', 0, NOW);
    expect(hours.ok && hours.value.length).toBe(1);
  });

  it('caps history and events at the same lengths as the Redis store', async () => {
    const s = new MemoryHealthStore();
    for (let i = 0; i < HISTORY_LENGTH + 5; i++)
      await record(s, check(NOW + i * 1000, i % 2 ? 'fail' : 'ok'));
    const history = await s.history('prod');
    const events = await s.events('prod');
    expect(history.ok && history.value.length).toBe(HISTORY_LENGTH);
    expect(events.ok && events.value.length).toBe(EVENTS_LENGTH);
    const two = await s.history('prod', 2);
    expect(two.ok && two.value.map((c) => c.t)).toEqual([
      NOW + (HISTORY_LENGTH + 4) * 1000,
      NOW + (HISTORY_LENGTH + 3) * 1000,
    ]);
  });

  it('keeps as many checks per broker as HEALTH_HISTORY_LENGTH says', async () => {
    const s = new MemoryHealthStore(3);
    for (let i = 0; i < 5; i++) await record(s, check(NOW + i * 1000, 'ok'));
    const history = await s.history('prod');
    expect(history.ok && history.value.length).toBe(3);
  });

  it('clears the pending notice once delivered and keeps the alert reference; forget removes all', async () => {
    const s = new MemoryHealthStore();
    await record(s, check(NOW, 'ok'));
    await s.record('prod', check(NOW + 1000, 'fail'), (h) => ({
      next: { ...h, state: 'DOWN', pending: { kind: 'down', from: 'UP', to: 'DOWN' } },
      notice: null,
    }));
    await s.delivered('prod', 'C1/1700000000.000100');
    const state = await s.state('prod');
    expect(state.ok && state.value?.pending).toBeNull();
    expect(state.ok && state.value?.alertRef).toBe('C1/1700000000.000100');
    await s.forget('prod');
    expect(await s.history('prod')).toEqual({ ok: true, value: [] });
    expect(await s.state('prod')).toEqual({ ok: true, value: null });
  });
});
