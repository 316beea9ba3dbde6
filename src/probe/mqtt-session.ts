/**
 * One probe connection with mqtt.js: no automatic reconnect (it would hide a broken broker),
 * an explicit CONNECT timeout, and every outcome as a value.
 */
import mqtt, { IClientOptions, IConnackPacket, MqttClient } from 'mqtt';
import { TlsFiles } from './steps/tls';

export interface SessionRequest {
  url: string;
  clientId: string;
  username: string | null;
  password: string | null;
  protocolVersion: 4 | 5;
  tls: TlsFiles & { insecure: boolean };
  timeoutMs: number;
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

export function openSession(req: SessionRequest): Promise<SessionOutcome> {
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  const options: IClientOptions = {
    clientId: req.clientId,
    protocolVersion: req.protocolVersion,
    reconnectPeriod: 0,
    connectTimeout: req.timeoutMs,
    clean: true,
    keepalive: 30,
    ...(req.username !== null ? { username: req.username } : {}),
    ...(req.password !== null ? { password: req.password } : {}),
    ...(req.tls.ca ? { ca: req.tls.ca } : {}),
    ...(req.tls.cert ? { cert: req.tls.cert } : {}),
    ...(req.tls.key ? { key: req.tls.key } : {}),
    rejectUnauthorized: !req.tls.insecure,
  };
  return new Promise((resolve) => {
    let settled = false;
    const client = mqtt.connect(req.url, options);
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
    client.once('close', () =>
      fail(null, 'ECONNRESET', 'connection closed by the broker before CONNACK'),
    );
  });
}

export function closeSession(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.end(false, {}, () => resolve()));
}
