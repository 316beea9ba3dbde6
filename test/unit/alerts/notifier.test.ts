import { HealthAnnouncement, HealthNotifier, notifyAll } from '../../../src/alerts/notifier';
import { initialHealth } from '../../../src/alerts/health-state';
import { probeResult } from '../fixtures';

const a: HealthAnnouncement = {
  broker: 'prod',
  channel: 'C1',
  notice: { kind: 'down', from: 'UP', to: 'DOWN' },
  health: initialHealth(0),
  result: probeResult([]),
  reason: 'tcp: connection refused',
};

/** A notifier of our own interface: writes down the announcement, answers `ref` or fails. */
const told = (name: string, log: string[], ref: string | Error): HealthNotifier => ({
  announce: async (x) => {
    log.push(`${name}: ${x.broker} ${x.notice.kind}`);
    if (ref instanceof Error) throw ref;
    return ref;
  },
});

describe('announcing to several notifiers', () => {
  it("tells every notifier and keeps the primary's message reference", async () => {
    const log: string[] = [];
    const all = notifyAll(told('slack', log, 'C1/1.2'), [told('log', log, 'x')], () => {});
    expect(await all.announce(a)).toBe('C1/1.2');
    expect(log).toEqual(['log: prod down', 'slack: prod down']);
  });

  it("only reports the others' failures, but lets the primary's failure through", async () => {
    const log: string[] = [];
    const errors: string[] = [];
    const onError = (e: Error) => void errors.push(e.message);
    const ok = notifyAll(
      told('slack', log, 'ref'),
      [told('console', log, new Error('tty gone'))],
      onError,
    );
    expect(await ok.announce(a)).toBe('ref');
    expect(errors).toEqual(['tty gone']);
    const failing = notifyAll(told('slack', log, new Error('channel_not_found')), [], onError);
    await expect(failing.announce(a)).rejects.toThrow('channel_not_found');
  });
});
