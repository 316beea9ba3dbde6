/**
 * The probe against a broker that sends CONNACK and then goes silent (issue 12, finding 2): the
 * round trip and the whole probe end on their deadlines, naming what never came.
 */
import { names, probeWith, step, target } from '../../helpers/probe-direct';
import { startAedes } from '../../helpers/brokers';

describe('a half-dead broker: CONNACK, then silence (issue 12, finding 2)', () => {
  // Before the fix these probes never resolved: subscribeAsync/publishAsync had no deadline and a
  // graceful end() waited forever for the unacknowledged QoS 1 publish.
  it.each([
    ['silent-subscribe', 'SUBACK'],
    ['silent-publish', 'PUBACK'],
  ] as const)(
    '%s: the round trip fails on its timeout, naming the packet that never came',
    async (mode, packet) => {
      const broker = await startAedes(0, mode);
      try {
        const r = await probeWith(
          target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }),
          { timeoutMs: 500, takeover: false },
        );
        expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'roundtrip:fail']);
        expect(step(r, 'roundtrip')!.details.timedOut).toBe(packet);
        expect(step(r, 'roundtrip')!.summary).toMatch(new RegExp(`no ${packet} .* within 500 ms`));
        expect(r.diagnosis[0]).toBe('communication/mqtt-operation-timeout');
      } finally {
        await broker.stop();
      }
    },
  );

  it('the whole probe has a deadline of its own, reported as a failed step', async () => {
    const broker = await startAedes(0, 'silent-subscribe');
    try {
      const r = await probeWith(
        target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }),
        // The subscribe waits up to timeoutMs; the whole-probe deadline cuts it first, with room
        // for DNS, TCP and CONNECT on a loaded machine.
        { timeoutMs: 8000, deadlineMs: 2500, takeover: false },
      );
      expect(r.ok).toBe(false);
      const last = r.steps[r.steps.length - 1]!;
      expect(last).toMatchObject({
        name: 'roundtrip',
        ok: false,
        details: { timedOut: 'roundtrip' },
      });
      expect(last.summary).toMatch(/did not finish within 2500 ms \(stuck at roundtrip\)/);
    } finally {
      await broker.stop();
    }
  });
});
