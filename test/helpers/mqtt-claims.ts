/**
 * Small wrappers over mqtt.js for the broker-claim tests: a CONNECT whose every outcome is a value,
 * the messages a client received, and waits that end at a deadline (a wait that runs out is a
 * failed expectation, never a timing assertion).
 */
import mqtt, { IClientOptions, IConnackPacket, MqttClient } from 'mqtt';

export interface Attempt {
  client: MqttClient;
  connack: IConnackPacket | null;
  /** The error mqtt.js reported before or instead of CONNACK (a numeric code is a CONNACK refusal). */
  error: { code: string | number | undefined; message: string } | null;
  /** Whether the connection closed before CONNACK. */
  closed: boolean;
}

export interface Got {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
}

let seq = 0;
export const uid = (what: string): string =>
  `${what}-${process.pid}-${++seq}-${Math.random().toString(16).slice(2, 8)}`;

/**
 * Connects to 127.0.0.1:`port` (no reconnects) and resolves at CONNACK, a refusal or a close;
 * `prepare` sees the client before CONNECT is sent (to catch messages that follow the CONNACK).
 */
export function attempt(
  port: number,
  opts: IClientOptions = {},
  prepare?: (client: MqttClient) => void,
): Promise<Attempt> {
  const client = mqtt.connect({
    host: '127.0.0.1',
    port,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    clientId: uid('claim'),
    ...opts,
  });
  prepare?.(client);
  return new Promise((resolve) => {
    let error: Attempt['error'] = null;
    const settle = (a: Omit<Attempt, 'client' | 'error'>) => {
      clearTimeout(timer);
      resolve({ client, error, ...a });
    };
    const timer = setTimeout(() => settle({ connack: null, closed: false }), 8000);
    client.on('error', (e: Error & { code?: string | number }) => {
      error ??= { code: e.code, message: e.message };
    });
    client.once('connect', (connack) => settle({ connack, closed: false }));
    client.once('close', () => settle({ connack: null, closed: true }));
  });
}

/** Connects and fails the test unless the broker accepts. */
export async function connected(port: number, opts: IClientOptions = {}): Promise<MqttClient> {
  const a = await attempt(port, opts);
  if (!a.connack) {
    a.client.end(true);
    throw new Error(`CONNECT refused: ${a.error?.message ?? (a.closed ? 'closed' : 'no answer')}`);
  }
  return a.client;
}

/** Every message `client` receives from now on. */
export function inbox(client: MqttClient): Got[] {
  const got: Got[] = [];
  client.on('message', (topic, payload, packet) =>
    got.push({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain }),
  );
  return got;
}

/** True once `cond` holds, false if it still does not after `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/** Resolves when the client's connection has closed (true), or false after `ms`. */
export function closes(client: MqttClient, ms = 8000): Promise<boolean> {
  if (client.disconnected || (!client.connected && !client.reconnecting))
    return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    client.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** A PUBLISH and what became of it: acknowledged, refused with a reason code, or no answer. */
export async function publishOutcome(
  client: MqttClient,
  topic: string,
  payload: string | Buffer,
  opts: { qos: 0 | 1 | 2; retain?: boolean },
  ms = 3000,
): Promise<{ acked: boolean; code?: number | string; message?: string }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ acked: false, message: 'no acknowledgement' }), ms);
    client.publish(topic, payload, { qos: opts.qos, retain: opts.retain ?? false }, (err) => {
      clearTimeout(timer);
      const e = err as (Error & { code?: number | string }) | undefined;
      resolve(e ? { acked: false, code: e.code, message: e.message } : { acked: true });
    });
  });
}

/** Ends every client given, without waiting on a broker that went away. */
export async function endAll(...clients: (MqttClient | undefined)[]): Promise<void> {
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (!c) return resolve();
          const t = setTimeout(() => (c.end(true), resolve()), 500);
          c.end(false, {}, () => (clearTimeout(t), resolve()));
        }),
    ),
  );
}

/** Whether a broker's log shows `text` within `ms` (RabbitMQ writes its log file lazily). */
export async function logShows(
  log: () => Promise<string>,
  text: string,
  ms = 5000,
): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if ((await log()).includes(text)) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A Clean Session 0 client subscribed at QoS 1 to a fresh topic, gone offline; and a publisher. */
export async function offlineSubscriber(port: number, name: string) {
  const id = uid(name);
  const topic = uid(`${name}-topic`);
  const first = await connected(port, { clientId: id, clean: false });
  await first.subscribeAsync(topic, { qos: 1 });
  await endAll(first);
  return { id, topic, pub: await connected(port) };
}

/** That client back: its CONNACK, and what it has received so far. */
export async function backOnline(port: number, id: string) {
  let got: ReturnType<typeof inbox> = [];
  const back = await attempt(port, { clientId: id, clean: false }, (c) => (got = inbox(c)));
  return { back, got: () => got };
}
