import { CheckRecord, HOUR_MS, eventFor, hourOf } from '../../../src/alerts/health-records';
import { BrokerHealth, initialHealth } from '../../../src/alerts/health-state';

const at = (state: BrokerHealth['state']): BrokerHealth => ({ ...initialHealth(0), state });
const failed: CheckRecord = {
  t: 5000,
  outcome: 'fail',
  ms: 3,
  reason: 'tls: certificate expired',
  certDays: null,
  steps: [
    { name: 'tcp', ms: 1, ok: true },
    { name: 'tls', ms: 2, ok: false },
  ],
  kbIds: ['tls/expired'],
};

describe('health events', () => {
  it('records a change to DOWN with the failed step and the KB ids', () => {
    expect(eventFor(at('UP'), at('DOWN'), failed)).toEqual({
      t: 5000,
      from: 'UP',
      to: 'DOWN',
      step: 'tls',
      reason: 'tls: certificate expired',
      kbIds: ['tls/expired'],
    });
  });

  it('records no event without a change, and no step or ids for a recovery', () => {
    expect(eventFor(at('DOWN'), at('DOWN'), failed)).toBeNull();
    const back = eventFor(at('DOWN'), at('UP'), { ...failed, outcome: 'ok' });
    expect(back && [back.step, back.kbIds]).toEqual([null, []]);
    const slow = eventFor(at('UP'), at('DEGRADED'), { ...failed, steps: undefined });
    expect(slow && [slow.step, slow.kbIds]).toEqual([null, ['tls/expired']]);
  });

  it('puts a time in the start of its clock hour', () => {
    expect(hourOf(3 * HOUR_MS + 59_999)).toBe(3 * HOUR_MS);
    expect(hourOf(3 * HOUR_MS)).toBe(3 * HOUR_MS);
  });
});
