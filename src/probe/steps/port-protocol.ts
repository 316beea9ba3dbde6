/**
 * What a port speaks when it is not MQTT. Pointing an MQTT client at a broker's other port (NATS's
 * client port 4222, RabbitMQ's AMQP 5672, a web port) is a classic mistake, and MQTT.js then
 * reports whatever the other protocol's first bytes parse as ("Invalid header flag bits … puback":
 * NATS's `INFO {` begins with 0x49). Asked only after a CONNECT got no CONNACK: the probe sends a
 * CONNECT on a socket of its own and names the protocol of the first bytes that come back.
 */
import { randomBytes } from 'crypto';
import net from 'net';
import type { ConnectTo } from './network';

export interface PortProtocol {
  /** The protocol, as a person would name it ("NATS client protocol"). */
  name: string;
  /** What to do about it. */
  hint: string;
}

/** Bytes read at most: a banner's first line says enough. */
const MAX_GREETING = 512;

const WRONG_PORT = 'wrong port: the broker’s MQTT port is usually 1883';

const PROTOCOLS: { test: (b: Buffer, text: string) => boolean; protocol: PortProtocol }[] = [
  {
    test: (_b, t) => /^HTTP\/\d(?:\.\d)? \d{3}/.test(t),
    protocol: {
      name: 'HTTP',
      hint: 'a web server or a WebSocket listener: use ws:// or wss:// with its path, or the broker’s MQTT port',
    },
  },
  {
    test: (_b, t) => t.startsWith('INFO {'),
    protocol: {
      name: 'the NATS client protocol',
      hint: 'NATS serves MQTT on the port of its `mqtt { port: … }` block (often 1883), not on 4222',
    },
  },
  {
    test: (_b, t) => t.startsWith('AMQP'),
    protocol: {
      name: 'AMQP',
      hint: 'RabbitMQ serves MQTT through the rabbitmq_mqtt plugin, on 1883 (8883 with TLS) by default',
    },
  },
  {
    test: (_b, t) => t.startsWith('SSH-'),
    protocol: { name: 'SSH', hint: WRONG_PORT },
  },
  {
    test: (_b, t) => /^220[ -]/.test(t),
    protocol: {
      name: 'an SMTP or FTP banner',
      hint: WRONG_PORT,
    },
  },
  {
    // A MySQL/MariaDB greeting: 3-byte length, sequence 0, protocol version 10.
    test: (b) => b.length > 5 && b[3] === 0 && b[4] === 0x0a,
    protocol: {
      name: 'the MySQL protocol',
      hint: WRONG_PORT,
    },
  },
];

/** The protocol of a greeting, or null when it could be MQTT or is not one this module knows. */
export function classifyGreeting(bytes: Buffer): PortProtocol | null {
  if (bytes.length === 0) return null;
  const text = bytes.toString('latin1');
  return PROTOCOLS.find((p) => p.test(bytes, text))?.protocol ?? null;
}

/**
 * An MQTT 3.1.1 CONNECT: clean session, keep alive 10 s, a client id of its own (two probes at
 * once must not take over each other's session). Many servers say nothing until the client
 * speaks (AMQP answers a wrong header with its own).
 */
function connectPacket(): Buffer {
  const id = Buffer.from(`mqtt-why-sniff-${randomBytes(4).toString('hex')}`);
  const variable = [0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x0a];
  return Buffer.from([0x10, variable.length + 2 + id.length, ...variable, 0x00, id.length, ...id]);
}

/** A CONNACK: the port speaks MQTT after all, and there is nothing more to learn. */
const CONNACK = 0x20;

/** Connects, sends a CONNECT and names the protocol that answers; null when none is recognised. */
export function portProtocol(to: ConnectTo, timeoutMs: number): Promise<PortProtocol | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = net.connect({ host: to.address, port: to.port });
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(classifyGreeting(Buffer.concat(chunks)));
    };
    const timer = setTimeout(done, timeoutMs);
    socket.once('connect', () => socket.write(connectPacket()));
    socket.on('data', (chunk: Buffer) => {
      if (size === 0 && chunk[0] === CONNACK) return done();
      chunks.push(chunk);
      size += chunk.length;
      // One line of a text protocol, or enough of a binary one.
      if (size >= MAX_GREETING || chunk.includes(0x0a) || classifyGreeting(Buffer.concat(chunks)))
        done();
    });
    socket.once('end', done);
    socket.once('error', done);
  });
}
