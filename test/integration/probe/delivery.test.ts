/**
 * The delivery checks' own behaviour on Mosquitto (issue 17): green on a plain broker, each
 * failure mapped to its KB entry with the observation in the summary, what they leave behind
 * cleaned up, and a health check can name them in `steps`. Their answers against NATS and
 * RabbitMQ are in test/integration/brokers/.
 */
import { RunningBroker, startAedes, startMosquitto } from '../../helpers/brokers';
import { attempt, connected, endAll, inbox, until } from '../../helpers/mqtt-claims';
import { probe, stepOf, verdicts } from '../../helpers/probe-run';

const started: RunningBroker[] = [];
const mosquitto = async (lines: string[]) => {
  const b = await startMosquitto(lines);
  started.push(b);
  return b;
};
afterAll(() => Promise.all(started.map((b) => b.stop())));

describe('delivery checks on Mosquitto', () => {
  it('leave no retained message and no persistent session behind', async () => {
    const broker = await mosquitto(['allow_anonymous true']);
    const r = await probe(`mqtt://127.0.0.1:${broker.port}`, {
      steps: ['dns', 'tcp', 'connect', 'retained', 'session'],
    });
    expect(verdicts(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'retained:ok', 'session:ok']);
    // A new subscriber of the whole probe tree gets nothing retained.
    const sub = await connected(broker.port);
    try {
      const got = inbox(sub);
      await sub.subscribeAsync('mqtt-why/#', { qos: 1 });
      await sub.publishAsync('mqtt-why/marker', 'live', { qos: 1 });
      expect(await until(() => got.length > 0)).toBe(true);
      expect(got.map((m) => m.payload)).toEqual(['live']);
      // The session check ended its session: its client id now starts without one.
      expect(stepOf(r, 'session').details.sessionPresent).toBe(true);
      const id = stepOf(r, 'session').details.clientId!;
      const again = await attempt(broker.port, { clientId: id, clean: false });
      await endAll(again.client);
      expect(again.connack?.sessionPresent).toBe(false);
    } finally {
      await endAll(sub);
    }
  });

  it('report a refused Will as communication/mqtt-last-will-not-published, quoting the refusal', async () => {
    // max_qos 0: a QoS 1 Will is refused at CONNECT (Mosquitto 2.0: CONNACK 0x9B for MQTT 5).
    const broker = await mosquitto(['allow_anonymous true', 'max_qos 0']);
    const r = await probe(`mqtt://127.0.0.1:${broker.port}`, {
      steps: ['dns', 'tcp', 'connect', 'will'],
    });
    expect(stepOf(r, 'will')).toMatchObject({
      ok: false,
      kbIds: ['communication/mqtt-last-will-not-published'],
      summary: expect.stringMatching(
        /a CONNECT with a Will on mqtt-why\/probe\/will-\w+ was refused: .*QoS not supported/i,
      ),
    });
    expect(r.diagnosis).toEqual(['communication/mqtt-last-will-not-published']);
  });

  it('report a broker that refuses retained messages as communication/mqtt-retained-message-stale', async () => {
    const broker = await mosquitto(['allow_anonymous true', 'retain_available false']);
    const r = await probe(`mqtt://127.0.0.1:${broker.port}`, {
      steps: ['dns', 'tcp', 'connect', 'retained'],
    });
    expect(stepOf(r, 'retained')).toMatchObject({
      ok: false,
      kbIds: ['communication/mqtt-retained-message-stale'],
      summary: expect.stringMatching(/the retained PUBLISH to \S+ was not acknowledged \(closed\)/),
    });
  });

  it('report a max_qos ceiling as communication/mqtt-qos-downgraded with the grant and the close', async () => {
    const broker = await mosquitto(['allow_anonymous true', 'max_qos 1']);
    const r = await probe(`mqtt://127.0.0.1:${broker.port}`, {
      steps: ['dns', 'tcp', 'connect', 'qos'],
    });
    expect(stepOf(r, 'qos')).toMatchObject({
      ok: false,
      kbIds: ['communication/mqtt-qos-downgraded'],
      details: { maximumQoS: 1, q2: { granted: 1, publish: 'closed' } },
    });
    expect(stepOf(r, 'qos').summary).toMatch(
      /a QoS 2 subscription was granted QoS 1, a QoS 2 PUBLISH made the broker close the connection, the CONNACK announces Maximum QoS 1/,
    );
  });

  it('leave a broker that stops answering to the matcher: an operation timeout, not a delivery finding', async () => {
    const broker = await startAedes(0, 'silent-subscribe');
    started.push(broker);
    const r = await probe(
      `mqtt://127.0.0.1:${broker.port}`,
      { timeoutMs: 500, steps: ['dns', 'tcp', 'connect', 'shared'] },
      { protocol: '3.1.1' },
    );
    expect(stepOf(r, 'shared')).toMatchObject({
      ok: false,
      details: { timedOut: 'SUBACK' },
      summary: expect.stringMatching(/^no SUBACK for SUBSCRIBE \$share\/\S+ within 500 ms$/),
    });
    expect(r.diagnosis[0]).toBe('communication/mqtt-operation-timeout');
  });

  it('run only when asked: no delivery step without --delivery or a steps list naming one', async () => {
    const broker = await mosquitto(['allow_anonymous true']);
    const r = await probe(`mqtt://127.0.0.1:${broker.port}`);
    expect(verdicts(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'roundtrip:ok']);
  });
});
