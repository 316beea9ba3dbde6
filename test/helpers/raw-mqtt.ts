/**
 * Hand-made MQTT bytes for what mqtt.js will not send (a protocol level of 6, an empty client id
 * with a persistent session, a client that never pings, wildcard topics, bad topic aliases), and
 * what came back on the socket.
 */
import net from 'net';

const str = (s: string | Buffer): Buffer => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
};

function remainingLength(n: number): Buffer {
  const out: number[] = [];
  do {
    let digit = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) digit |= 0x80;
    out.push(digit);
  } while (n > 0);
  return Buffer.from(out);
}

/** A CONNECT packet; level 5 gets an empty property list. */
export function connectPacket(opts: {
  level: number;
  clientId: string;
  keepalive?: number;
  clean?: boolean;
  username?: string;
  password?: string;
}): Buffer {
  const keepalive = Buffer.alloc(2);
  keepalive.writeUInt16BE(opts.keepalive ?? 60);
  const flags =
    (opts.clean === false ? 0 : 0x02) |
    (opts.username !== undefined ? 0x80 : 0) |
    (opts.password !== undefined ? 0x40 : 0);
  const body = Buffer.concat([
    str('MQTT'),
    Buffer.from([opts.level, flags]),
    keepalive,
    opts.level === 5 ? Buffer.from([0]) : Buffer.alloc(0),
    str(opts.clientId),
    opts.username !== undefined ? str(opts.username) : Buffer.alloc(0),
    opts.password !== undefined ? str(opts.password) : Buffer.alloc(0),
  ]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

export interface Exchange {
  /** Everything the broker sent. */
  bytes: Buffer;
  /** Whether the broker closed the connection before `waitMs` ran out. */
  closed: boolean;
}

/** Sends `packet` to 127.0.0.1:`port` and collects the answer until the broker closes or `waitMs`. */
export function exchange(port: number, packet: Buffer, waitMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('connect', () => socket.write(packet));
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
  });
}

/** A PUBLISH; `topic` may be bytes (NUL, invalid UTF-8); level 5 adds `props` (raw property bytes). */
export function publishPacket(opts: {
  level: number;
  topic: string | Buffer;
  qos?: 0 | 1 | 2;
  id?: number;
  payload?: Buffer;
  props?: Buffer;
}): Buffer {
  const qos = opts.qos ?? 0;
  const id = Buffer.alloc(qos > 0 ? 2 : 0);
  if (qos > 0) id.writeUInt16BE(opts.id ?? 1);
  const props = opts.props ?? Buffer.alloc(0);
  const body = Buffer.concat([
    str(opts.topic),
    id,
    opts.level === 5 ? Buffer.concat([remainingLength(props.length), props]) : Buffer.alloc(0),
    opts.payload ?? Buffer.alloc(0),
  ]);
  return Buffer.concat([Buffer.from([0x30 | (qos << 1)]), remainingLength(body.length), body]);
}

/** A SUBSCRIBE to one filter at QoS 0. */
export function subscribePacket(level: number, filter: string): Buffer {
  const body = Buffer.concat([
    Buffer.from([0, 1]),
    level === 5 ? Buffer.from([0]) : Buffer.alloc(0),
    str(filter),
    Buffer.from([0]),
  ]);
  return Buffer.concat([Buffer.from([0x82]), remainingLength(body.length), body]);
}

/** The packets in `bytes`, in order: type number and body (after the remaining length). */
export function packetList(bytes: Buffer): { type: number; body: Buffer }[] {
  const out: { type: number; body: Buffer }[] = [];
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i]! >> 4;
    let len = 0;
    let mult = 1;
    let j = i + 1;
    for (;;) {
      const b = bytes[j++]!;
      len += (b & 0x7f) * mult;
      mult *= 128;
      if ((b & 0x80) === 0) break;
    }
    out.push({ type, body: bytes.subarray(j, j + len) });
    i = j + len;
  }
  return out;
}

/** Packet type names of the packets in `bytes` (CONNACK, DISCONNECT ...), in order. */
export function packetTypes(bytes: Buffer): string[] {
  const names: Record<number, string> = { 2: 'CONNACK', 13: 'PINGRESP', 14: 'DISCONNECT' };
  return packetList(bytes).map((p) => names[p.type] ?? `type ${p.type}`);
}
