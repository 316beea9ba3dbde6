/**
 * The probe against a healthy Mosquitto: every step passes, MQTT 5 and 3.1.1, and what the first
 * connection sees when a second one takes its client id over.
 */
import { names, probe, step, target } from '../../helpers/probe-direct';
import { RunningBroker, startMosquitto } from '../../helpers/brokers';

describe('probe against a healthy Mosquitto', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startMosquitto(['allow_anonymous true']);
  });
  afterAll(() => broker.stop());

  it('passes every step, with MQTT 5 server properties and round-trip latencies', async () => {
    const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`));
    expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'roundtrip:ok']);
    expect(r.ok).toBe(true);
    expect(r.diagnosis).toEqual([]);
    expect(step(r, 'connect')!.details).toMatchObject({
      protocol: 'MQTT 5',
      receiveMaximum: expect.any(Number),
    });
    expect(step(r, 'roundtrip')!.details.latencies).toEqual({
      qos0: expect.any(Number),
      qos1: expect.any(Number),
    });
  });

  it('speaks MQTT 3.1.1 when asked to', async () => {
    const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }));
    expect(step(r, 'connect')!.details.protocol).toBe('MQTT 3.1.1');
    expect(r.ok).toBe(true);
  });

  it('reports what the first connection sees when a second one takes its client id over', async () => {
    const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`), true);
    const takeover = step(r, 'takeover')!;
    expect(takeover.ok).toBe(true);
    // Mosquitto 2.0.11 closes the old connection without DISCONNECT 0x8E (testing-notes).
    expect(takeover.details.firstSaw).toBe('close');
    expect(takeover.kbIds).toEqual(['communication/mqtt-session-taken-over']);
  });
});
