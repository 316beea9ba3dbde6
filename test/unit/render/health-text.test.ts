import { HealthAnnouncement } from '../../../src/alerts/notifier';
import { Notice, initialHealth } from '../../../src/alerts/health-state';
import { noticeLine } from '../../../src/render/health-text';
import { entry, kbOf, probeResult, step } from '../fixtures';

const refused = probeResult([
  step('dns', true),
  step('tcp', false, {
    summary: 'connection refused',
    kbIds: ['network/tcp-refused'],
  }),
]);

function announce(notice: Notice, over: Partial<HealthAnnouncement> = {}): HealthAnnouncement {
  return {
    broker: 'prod',
    channel: null,
    notice,
    health: initialHealth(0),
    result: refused,
    reason: 'tcp: connection refused',
    ...over,
  };
}

describe('health notices as one line', () => {
  it('says which step failed and the likely KB entry by title and id', () => {
    const kb = kbOf([entry({ id: 'network/tcp-refused', title: 'Nothing listens' })]);
    expect(noticeLine(announce({ kind: 'down', from: 'UP', to: 'DOWN' }), kb)).toBe(
      'prod is DOWN — tcp failed: connection refused — likely: Nothing listens (network/tcp-refused)',
    );
    expect(noticeLine(announce({ kind: 'down', from: 'UP', to: 'DOWN' }), null)).toBe(
      'prod is DOWN — tcp failed: connection refused — likely: network/tcp-refused',
    );
  });

  it('falls back to the reason when no step failed and no entry explains it', () => {
    const line = noticeLine(
      announce(
        { kind: 'down', from: 'UP', to: 'DOWN' },
        { result: probeResult([step('dns', true)]), reason: 'the check timed out' },
      ),
      null,
    );
    expect(line).toBe('prod is DOWN — the check timed out');
  });

  it('words recovery with how long it was down, and the other transitions', () => {
    const rec = { kind: 'recovered', from: 'DOWN', to: 'UP', downForMs: 600_000 } as const;
    expect(noticeLine(announce(rec), null)).toBe('prod is UP again after 10 min down');
    expect(noticeLine(announce({ kind: 'degraded', from: 'UP', to: 'DEGRADED' }), null)).toBe(
      'prod is DEGRADED — tcp: connection refused',
    );
    expect(
      noticeLine(
        announce({ kind: 'normal', from: 'DEGRADED', to: 'UP' }, { reason: 'fast' }),
        null,
      ),
    ).toBe('prod is UP again (fast)');
    expect(noticeLine(announce({ kind: 'flapping', from: 'UP', to: 'DOWN' }), null)).toContain(
      'keeps changing state (now DOWN)',
    );
    expect(noticeLine(announce({ kind: 'stable', from: 'UP', to: 'UP' }), null)).toBe(
      'prod has settled: UP',
    );
  });
});
