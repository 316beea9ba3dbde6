import {
  BrokerHealth,
  Outcome,
  advance,
  classify,
  initialHealth,
} from '../../../src/alerts/health-state';
import { ProbeResult } from '../../../src/probe/types';

const settings = { failAfter: 3, recoverAfter: 2 };
const flap = { count: 4, windowMs: 60_000 };

function run(outcomes: Outcome[], start: BrokerHealth = initialHealth(0), stepMs = 1000) {
  let h = start;
  const notices: string[] = [];
  outcomes.forEach((o, i) => {
    const r = advance(h, o, (i + 1) * stepMs, settings, flap);
    h = r.next;
    if (r.notice) notices.push(`${r.notice.kind}:${r.notice.to}`);
  });
  return { h, notices };
}

describe('broker health state machine', () => {
  it('says nothing when a healthy broker is first seen, and goes DOWN only after fail_after failures', () => {
    expect(run(['ok', 'ok']).notices).toEqual([]);
    const { h, notices } = run(['ok', 'fail', 'fail', 'fail', 'fail']);
    expect(notices).toEqual(['down:DOWN']);
    expect(h.state).toBe('DOWN');
  });

  it('goes DEGRADED only after fail_after slow checks in a row, and back after recover_after ok ones', () => {
    // The first check after a broker starts is slow: that alone is no state (web review).
    expect(run(['degraded', 'ok', 'degraded', 'degraded', 'ok'])).toMatchObject({
      notices: [],
      h: { state: 'UP' },
    });
    const slow = run(['ok', 'degraded', 'degraded', 'degraded']);
    expect(slow.notices).toEqual(['degraded:DEGRADED']);
    expect(slow.h.state).toBe('DEGRADED');
    expect(run(['ok', 'ok'], slow.h).notices).toEqual(['normal:UP']);
    expect(run(['ok', 'degraded', 'ok'], slow.h).h.state).toBe('DEGRADED');
    // A recovery into slowness goes to DEGRADED only if the slowness has lasted too.
    const down = run(['fail', 'fail', 'fail']).h;
    expect(run(['degraded', 'degraded'], down).notices).toEqual(['recovered:UP']);
  });

  it('ignores single failures between successes (hysteresis)', () => {
    expect(run(['ok', 'fail', 'ok', 'fail', 'fail', 'ok']).notices).toEqual([]);
  });

  it('recovers after recover_after successes, with how long it was down', () => {
    const down = run(['ok', 'fail', 'fail', 'fail']);
    const r1 = advance(down.h, 'ok', 10_000, settings, flap);
    expect(r1.notice).toBeNull();
    const r2 = advance(r1.next, 'ok', 11_000, settings, flap);
    expect(r2.notice).toEqual({ kind: 'recovered', from: 'DOWN', to: 'UP', downForMs: 7_000 });
  });

  it('reports a flapping broker once, then once more when it has settled', () => {
    const s1 = { failAfter: 1, recoverAfter: 1 };
    let h = initialHealth(0);
    const notices: string[] = [];
    const outcomes: Outcome[] = ['ok', 'fail', 'ok', 'fail', 'ok', 'fail', 'ok', 'fail'];
    outcomes.forEach((o, i) => {
      const r = advance(h, o, (i + 1) * 1000, s1, flap);
      h = r.next;
      if (r.notice) notices.push(r.notice.kind);
    });
    expect(notices).toEqual(['down', 'recovered', 'down', 'flapping']);
    const quiet = advance(h, 'fail', 200_000, s1, flap);
    expect(quiet.notice).toEqual({ kind: 'stable', from: 'DOWN', to: 'DOWN' });
    expect(quiet.next.flapping).toBe(false);
  });

  it('classifies a check as degraded when the certificate is close to expiry or it is slow', () => {
    const result = (days: number | null, ms: number): ProbeResult => ({
      ok: true,
      target: { name: 'a', url: 'mqtts://a:8883' },
      startedAt: '',
      diagnosis: [],
      steps: [
        { name: 'tls', ok: true, ms, summary: '', details: { daysToExpiry: days }, kbIds: [] },
      ],
    });
    expect(classify(result(200, 5), { latencyMs: null, certDays: 14 }).outcome).toBe('ok');
    expect(classify(result(10, 5), { latencyMs: null, certDays: 14 })).toEqual({
      outcome: 'degraded',
      reason: 'certificate expires in 10 days',
    });
    expect(classify(result(200, 500), { latencyMs: 100, certDays: 14 }).outcome).toBe('degraded');
  });
});
