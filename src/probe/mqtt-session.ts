/**
 * One probe connection with mqtt.js: no automatic reconnect (it would hide a broken broker),
 * an explicit CONNECT timeout, and every outcome as a value.
 */
import mqtt, { IClientOptions, IConnackPacket, MqttClient } from 'mqtt';
import { BrokerEndpoint } from './endpoint';
import { TlsFiles } from './steps/tls';

export interface SessionRequest {
  endpoint: BrokerEndpoint;
  /** The address DNS gave for the endpoint's host: the probe connects here and nowhere else. */
  address: string;
  clientId: string;
  username: string | null;
  password: string | null;
  protocolVersion: 4 | 5;
  tls: TlsFiles & { insecure: boolean };
  timeoutMs: number;
  /** Session settings of the delivery checks; a probe connection is otherwise clean, without Will. */
  session?: {
    /** Clean Session (3.1.1) / Clean Start (5); default true. */
    clean?: boolean;
    /** MQTT 5 Session Expiry Interval in seconds (absent: 0, the session ends with the connection). */
    expirySeconds?: number;
    will?: { topic: string; payload: string; qos: 0 | 1 | 2; retain: boolean };
  };
  /** Called with the client before CONNECT is sent: listeners that must not miss early packets. */
  prepare?: (client: MqttClient) => void;
}

export type SessionOutcome =
  | { ok: true; client: MqttClient; connack: IConnackPacket; ms: number }
  | {
      ok: false;
      ms: number;
      /** CONNACK return/reason code when the broker refused. */
      reasonCode: number | null;
      /** errno-style code (ECONNRESET...) when the socket failed. */
      code: string | null;
      message: string;
    };

/**
 * One MQTT connection: CONNECT (MQTT 3.1.1 §3.1 or MQTT 5 §3.1) and the broker's CONNACK
 * (3.1.1 §3.2.2.3 return codes, MQTT 5 §3.2.2.2 reason codes), over the address DNS gave, with
 * the step's deadline. Resolves with the open client or with what refused it; never rejects.
 */
export function openSession(req: SessionRequest): Promise<SessionOutcome> {
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  const { endpoint, address } = req;
  const ws = endpoint.scheme === 'ws' || endpoint.scheme === 'wss';
  const servername = endpoint.hostKind === 'name' ? endpoint.host : undefined;
  // No URL string reaches mqtt.js (its legacy parser reads hosts differently from ours): the
  // connection goes to the checked address, with the name for SNI, certificate and Host header.
  const options: IClientOptions = {
    protocol: endpoint.scheme,
    host: address,
    hostname: address,
    port: endpoint.port,
    ...(ws ? { path: endpoint.path } : {}),
    ...(servername ? { servername } : {}),
    ...(ws
      ? {
          wsOptions: {
            headers: {
              host: `${endpoint.hostKind === 'ipv6' ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`,
            },
            ...(servername ? { servername } : {}),
          },
        }
      : {}),
    clientId: req.clientId,
    protocolVersion: req.protocolVersion,
    reconnectPeriod: 0,
    connectTimeout: req.timeoutMs,
    clean: req.session?.clean ?? true,
    keepalive: 30,
    ...(req.session?.will ? { will: req.session.will } : {}),
    ...(req.protocolVersion === 5 && req.session?.expirySeconds !== undefined
      ? { properties: { sessionExpiryInterval: req.session.expirySeconds } }
      : {}),
    ...(req.username !== null ? { username: req.username } : {}),
    ...(req.password !== null ? { password: req.password } : {}),
    ...(req.tls.ca ? { ca: req.tls.ca } : {}),
    ...(req.tls.cert ? { cert: req.tls.cert } : {}),
    ...(req.tls.key ? { key: req.tls.key } : {}),
    rejectUnauthorized: !req.tls.insecure,
  };
  return new Promise((resolve) => {
    let settled = false;
    let client: MqttClient;
    try {
      client = mqtt.connect(options);
    } catch (err) {
      // mqtt.js validates options synchronously: a refusal is a result like any other.
      resolve({
        ok: false,
        ms: ms(),
        reasonCode: null,
        code: null,
        message: (err as Error).message,
      });
      return;
    }
    req.prepare?.(client);
    capReceived(client);
    const fail = (reasonCode: number | null, code: string | null, message: string) => {
      if (settled) return;
      settled = true;
      client.end(true);
      resolve({ ok: false, ms: ms(), reasonCode, code, message });
    };
    client.once('connect', (connack: IConnackPacket) => {
      if (settled) return;
      settled = true;
      resolve({ ok: true, client, connack, ms: ms() });
    });
    // TLS errors are emitted twice by mqtt.js: the first settles, later ones are ignored.
    client.on('error', (err: Error & { code?: string | number }) => {
      if (typeof err.code === 'number') fail(err.code, null, err.message);
      else fail(null, err.code ?? null, err.message);
    });
    // An error emitted with the close (a WebSocket upgrade answered 404) says more than the close.
    client.once('close', () =>
      setImmediate(() =>
        fail(null, 'ECONNRESET', 'connection closed by the broker before CONNACK'),
      ),
    );
    // mqtt.js's own connectTimeout should fire first; this backstop holds if it ever does not.
    const backstop = setTimeout(
      () => fail(null, null, `connack timeout: no answer within ${req.timeoutMs} ms`),
      req.timeoutMs + 1000,
    );
    const clear = () => clearTimeout(backstop);
    client.once('connect', clear);
    client.once('close', clear);
    client.once('error', clear);
  });
}

/** How long a graceful DISCONNECT may wait for in-flight acknowledgements before the socket is cut. */
export const CLOSE_GRACE_MS = 1000;

/**
 * Ends a probe connection: a clean DISCONNECT when the broker is well, a forced close when it
 * is not. mqtt.js's graceful `end()` waits for every unacknowledged message, which is forever on
 * a broker that accepted CONNECT and then went silent, and a later `end(true)` does not cut that
 * wait short: so the choice is made first, and the socket is destroyed if even that overruns.
 */
/**
 * What a probe reads from a broker at most. A probe needs a CONNACK, a SUBACK and a few small
 * messages; a broker that announces a 250 MB PUBLISH and streams it would otherwise have the
 * packet parser hold all of it (ten such probes at once, a worker out of memory).
 */
export const MAX_PROBE_BYTES = 1024 * 1024;

const cut = new WeakMap<MqttClient, string>();

function capReceived(client: MqttClient): void {
  const stream = client.stream;
  if (!stream) return;
  let received = 0;
  stream.on('data', (chunk: Buffer | string) => {
    received += chunk.length;
    if (received <= MAX_PROBE_BYTES || cut.has(client)) return;
    const why = `the broker sent more than ${MAX_PROBE_BYTES} bytes (1 MiB) to a probe, which reads no more`;
    cut.set(client, why);
    stream.destroy(Object.assign(new Error(why), { code: 'EMSGSIZE' }));
  });
}

/** Why the probe closed this connection itself, if it did (a broker that sent too much). */
export const cutOffReason = (client: MqttClient): string | null => cut.get(client) ?? null;

export function closeSession(client: MqttClient, graceMs = CLOSE_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.stream?.destroy();
      finish();
    }, graceMs);
    if (Object.keys(client.outgoing).length === 0) {
      client.end(false, {}, finish);
      return;
    }
    const onEmpty = () => client.end(false, {}, finish);
    client.once('outgoingEmpty', onEmpty);
    setTimeout(() => {
      if (done) return;
      client.removeListener('outgoingEmpty', onEmpty);
      client.end(true, {}, finish);
    }, graceMs / 2).unref();
  });
}
