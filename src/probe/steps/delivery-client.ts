/**
 * What the delivery checks share: connections they own (opened with the probe's settled protocol
 * and credentials, closed by `closeAll`), an inbox whose waits all have deadlines, unique topics.
 */
import { randomBytes } from 'crypto';
import { MqttClient } from 'mqtt';
import { withDeadline } from '../../common/deadline';
import { SessionOutcome, SessionRequest, closeSession, openSession } from '../mqtt-session';

export interface DeliveryRequest {
  /** Everything a probe connection needs but its client id (protocol, credentials, TLS). */
  session: Omit<SessionRequest, 'clientId'>;
  /** The probe's base topic; every check works below it on topics of its own. */
  baseTopic: string;
  clientIdPrefix: string;
  /** Connections still open: the probe cuts them if its overall deadline passes. */
  open: Set<MqttClient>;
}

export interface Received {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
}

/** A random payload a check can recognise among other traffic. */
export const nonce = (): string => randomBytes(8).toString('hex');

/** `<base>/<what>-<random>`: a topic no device and no other probe uses. */
export const uniqueTopic = (base: string, what: string): string =>
  `${base.replace(/\/+$/, '')}/${what}-${randomBytes(6).toString('hex')}`;

/**
 * Messages received by one or more clients (each with its label), kept from before CONNACK, and
 * waits for them that always end: with what was waited for, or at their deadline.
 */
export class Inbox {
  readonly messages: (Received & { by: string })[] = [];
  private waiters = new Set<() => void>();

  attach(client: MqttClient, by = ''): void {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({
        topic,
        payload: payload.toString(),
        qos: packet.qos,
        retain: packet.retain,
        by,
      });
      for (const w of [...this.waiters]) w();
    });
  }

  /** True as soon as `cond` holds, false when it still does not after `ms`. */
  until(cond: () => boolean, ms: number): Promise<boolean> {
    if (cond()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (cond()) done(true);
      };
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), ms);
      this.waiters.add(check);
    });
  }

  /** The first message that satisfies `match`, or null when none came within `ms`. */
  async waitFor(match: (m: Received) => boolean, ms: number): Promise<Received | null> {
    await this.until(() => this.messages.some(match), ms);
    return this.messages.find(match) ?? null;
  }
}

export interface OpenOptions {
  clientId?: string;
  inbox?: Inbox;
  /** The label of this connection's messages in a shared inbox. */
  label?: string;
  session?: SessionRequest['session'];
}

/** One connection of a delivery check, tracked until `closeAll` or `drop`. */
export class CheckClients {
  private mine: MqttClient[] = [];

  constructor(private readonly req: DeliveryRequest) {}

  get timeoutMs(): number {
    return this.req.session.timeoutMs;
  }

  clientId(): string {
    return `${this.req.clientIdPrefix}-${randomBytes(4).toString('hex')}`;
  }

  async open(opts: OpenOptions = {}): Promise<SessionOutcome> {
    const outcome = await openSession({
      ...this.req.session,
      clientId: opts.clientId ?? this.clientId(),
      ...(opts.session ? { session: opts.session } : {}),
      ...(opts.inbox ? { prepare: (c: MqttClient) => opts.inbox!.attach(c, opts.label) } : {}),
    });
    if (outcome.ok) {
      this.mine.push(outcome.client);
      this.req.open.add(outcome.client);
    }
    return outcome;
  }

  /** A clean DISCONNECT (the Will is discarded, a persistent session is kept). */
  async close(client: MqttClient): Promise<void> {
    this.forget(client);
    await closeSession(client);
  }

  /** Cut the socket without DISCONNECT, as a device that loses power does. */
  drop(client: MqttClient): void {
    this.forget(client);
    client.stream?.destroy();
    client.end(true);
  }

  async closeAll(): Promise<void> {
    const all = this.mine.splice(0);
    for (const c of all) this.req.open.delete(c);
    await Promise.all(all.map((c) => closeSession(c).catch(() => undefined)));
  }

  private forget(client: MqttClient): void {
    this.mine = this.mine.filter((c) => c !== client);
    this.req.open.delete(client);
  }
}

/** SUBSCRIBE with a deadline: the granted QoS (0x80 and above are refusals), or null on silence. */
export async function subscribe(
  client: MqttClient,
  filter: string,
  qos: 0 | 1 | 2,
  ms: number,
): Promise<number | null> {
  const r = await withDeadline(client.subscribeAsync(filter, { qos }), ms);
  if (!r.ok) return null;
  return r.value[0]?.qos ?? 0x80;
}

export type PublishOutcome = 'acknowledged' | 'timeout' | 'closed' | `error: ${string}`;

/**
 * PUBLISH with a deadline. QoS 0 counts as acknowledged once written. A connection the broker
 * closes in answer (NATS 2.9 does for QoS 2) is `closed`: mqtt.js never calls back for it.
 */
export async function publish(
  client: MqttClient,
  topic: string,
  payload: string,
  opts: { qos: 0 | 1 | 2; retain?: boolean },
  ms: number,
): Promise<PublishOutcome> {
  if (!client.connected) return 'closed';
  let onClose = () => undefined as void;
  const closed = new Promise<PublishOutcome>((resolve) => {
    onClose = () => resolve('closed');
    client.once('close', onClose);
  });
  const sent = client
    .publishAsync(topic, payload, { qos: opts.qos, retain: opts.retain ?? false })
    .then(
      (): PublishOutcome => 'acknowledged',
      (err: Error): PublishOutcome => (client.connected ? `error: ${err.message}` : 'closed'),
    );
  const r = await withDeadline(Promise.race([sent, closed]), ms);
  client.removeListener('close', onClose);
  return r.ok ? r.value : 'timeout';
}
