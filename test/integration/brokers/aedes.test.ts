/**
 * Claims proved on aedes (1.x, MQTT 3.1.1 only), the Node.js broker run in a child process (it is
 * ESM-only), together with what MQTT.js makes of its answers; every test names the KB entry whose
 * `## Reproduced` section cites it.
 */
import { fork } from 'child_process';
import net from 'net';
import path from 'path';
import { connectPacket, exchange } from '../../helpers/raw-mqtt';
import { RunningBroker, freePort, startAedes } from '../../helpers/brokers';
import { attempt, closes, connected, endAll, uid } from '../../helpers/mqtt-claims';

describe('aedes with every CONNECT accepted', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startAedes(0);
  });
  afterAll(() => broker.stop());

  it('communication/mqtt-connack-unacceptable-protocol-version: an MQTT 5 CONNECT gets a 3.1.1-format CONNACK 1, which MQTT.js reports as "Unacceptable protocol version" (code 1)', async () => {
    const raw = await exchange(broker.port, connectPacket({ level: 5, clientId: uid('v5') }), 5000);
    expect(raw.bytes.toString('hex')).toBe('20020001');
    const a = await attempt(broker.port, { protocolVersion: 5 });
    expect(a.error).toEqual({
      code: 1,
      message: 'Connection refused: Unacceptable protocol version',
    });
  });

  it('communication/mqtt-session-taken-over: the first of two connections with one client id is closed and sees only the close (MQTT 3.1.1)', async () => {
    const id = uid('twin');
    const first = await connected(broker.port, { clientId: id });
    const seen: string[] = [];
    first.on('disconnect', () => seen.push('DISCONNECT'));
    const closed = closes(first);
    const second = await connected(broker.port, { clientId: id });
    try {
      expect(await closed).toBe(true);
      expect(seen).toEqual([]);
      expect(second.connected).toBe(true);
    } finally {
      await endAll(first, second);
    }
  });
});

describe.each([
  [2, 'communication/mqtt-publish-identifier-in-use', 'Connection refused: Identifier rejected'],
  [3, 'communication/mqtt-connack-server-unavailable', 'Connection refused: Server unavailable'],
  [4, 'communication/mqtt-connack-bad-credentials', 'Connection refused: Bad username or password'],
  [5, 'communication/mqtt-connack-not-authorized', 'Connection refused: Not authorized'],
])('aedes refusing every CONNECT with return code %i', (code, id, message) => {
  it(`${id}: MQTT.js reports CONNACK ${code} as "${message}" with code ${code}`, async () => {
    const broker = await startAedes(code);
    try {
      const a = await attempt(broker.port, { username: 'u', password: 'p' });
      expect(a.connack).toBeNull();
      expect(a.error).toEqual({ code, message });
    } finally {
      await broker.stop();
    }
  });
});

describe('aedes on a port that is taken', () => {
  it('communication/mqtt-broker-port-in-use: server.listen() throws "listen EADDRINUSE: address already in use" and the broker process exits', async () => {
    const port = await freePort();
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    try {
      const child = fork(
        path.join(__dirname, '../../helpers/aedes-broker.mjs'),
        ['0', 'normal', String(port)],
        {
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        },
      );
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code).not.toBe(0);
      expect(stderr).toContain(
        `Error: listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
      );
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });
});
