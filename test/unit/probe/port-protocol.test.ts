import http from 'http';
import net from 'net';
import { classifyGreeting, portProtocol } from '../../../src/probe/steps/port-protocol';

describe('what a port speaks when it is not MQTT', () => {
  it.each([
    ['INFO {"server_id":"NDX","version":"2.9.15"}\r\n', 'the NATS client protocol'],
    ['AMQP\u0000\u0000\u0009\u0001', 'AMQP'],
    ['HTTP/1.1 400 Bad Request\r\n', 'HTTP'],
    ['SSH-2.0-OpenSSH_9.2p1\r\n', 'SSH'],
    ['220 mail.example.com ESMTP\r\n', 'an SMTP or FTP banner'],
  ])('%j is %s', (greeting, name) => {
    expect(classifyGreeting(Buffer.from(greeting, 'latin1'))?.name).toBe(name);
  });

  it('reads a MySQL/MariaDB greeting by its bytes (sent before the client speaks)', () => {
    const mysql = Buffer.from([0x4a, 0x00, 0x00, 0x00, 0x0a, ...Buffer.from('10.11.6-MariaDB\0')]);
    expect(classifyGreeting(mysql)?.name).toBe('the MySQL protocol');
  });

  it('does not name MQTT itself, nothing, or bytes it does not know', () => {
    expect(classifyGreeting(Buffer.from([0x20, 0x02, 0x00, 0x00]))).toBeNull(); // CONNACK
    expect(classifyGreeting(Buffer.from([0x20, 0x02, 0x00, 0x05]))).toBeNull();
    expect(classifyGreeting(Buffer.alloc(0))).toBeNull();
    expect(classifyGreeting(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x0a]))).toBeNull();
  });

  it('stops at a CONNACK (the port speaks MQTT), and sends each sniff its own client id', async () => {
    const ids: string[] = [];
    const mqttLike = net.createServer((socket) =>
      socket.once('data', (b: Buffer) => {
        // CONNECT: fixed header (2), protocol name and level, flags, keep alive (10), id length.
        ids.push(b.subarray(14, 14 + b.readUInt16BE(12)).toString());
        socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
      }),
    );
    await new Promise<void>((r) => mqttLike.listen(0, '127.0.0.1', r));
    const port = (mqttLike.address() as net.AddressInfo).port;
    try {
      const at = { address: '127.0.0.1', port, host: '127.0.0.1' };
      // A deadline far past the test's own: waiting it out would fail the test.
      const answers = await Promise.all([portProtocol(at, 60_000), portProtocol(at, 60_000)]);
      expect(answers).toEqual([null, null]);
      expect(ids).toHaveLength(2);
      expect(ids[0]).toMatch(/^mqtt-why-sniff-[0-9a-f]{8}$/);
      expect(ids[0]).not.toBe(ids[1]);
    } finally {
      await new Promise((r) => mqttLike.close(r));
    }
  });

  it('asks a real HTTP server and a silent port, each within its deadline', async () => {
    const web = http.createServer((_req, res) => res.end('hi'));
    // A server that accepts and never says anything: the answer is null when the deadline passes.
    const accepted: net.Socket[] = [];
    const silent = net.createServer((socket) => void accepted.push(socket));
    await Promise.all([
      new Promise<void>((r) => web.listen(0, '127.0.0.1', r)),
      new Promise<void>((r) => silent.listen(0, '127.0.0.1', r)),
    ]);
    const portOf = (s: net.Server | http.Server) => (s.address() as net.AddressInfo).port;
    try {
      const at = (port: number) => ({ address: '127.0.0.1', port, host: '127.0.0.1' });
      expect((await portProtocol(at(portOf(web)), 3000))?.name).toBe('HTTP');
      expect(await portProtocol(at(portOf(silent)), 300)).toBeNull();
    } finally {
      web.closeAllConnections();
      await new Promise((r) => web.close(r));
      for (const socket of accepted) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
