/**
 * The MQTT steps: CONNECT with a fresh probe client id (anonymous), CONNECT with the configured
 * credentials, the publish/subscribe round trip, and the on-request takeover check.
 */
import { randomBytes } from 'crypto';
import { MqttClient } from 'mqtt';
import { hex, readingsOf } from '../../common/reason-codes';
import { withDeadline } from '../../common/deadline';
import {
  SessionOutcome,
  SessionRequest,
  closeSession,
  cutOffReason,
  openSession,
} from '../mqtt-session';
import { RoundtripDetails, ServerProperties, StepOf } from '../types';

const OPERATION_TIMEOUT = 'communication/mqtt-operation-timeout';

/** A fresh probe client id (never a device's: MQTT 3.1.1 §3.1.3.1, MQTT 5 §3.1.3.1), under the configured prefix. */
export const probeClientId = (prefix: string): string =>
  `${prefix}-${randomBytes(4).toString('hex')}`;

/** "Connection refused: Not authorized (CONNACK 0x05, MQTT 3.1.1)": words the KB's signals know. */
export function refusalEvidence(
  reasonCode: number,
  protocolVersion: 4 | 5,
  message: string,
): string {
  const family = protocolVersion === 5 ? 'v5' : 'v3';
  const meaning = readingsOf(reasonCode).find(
    (r) => r.packet === 'CONNACK' && r.family === family,
  )?.meaning;
  const label =
    protocolVersion === 5 ? 'MQTT 5 CONNACK reason code' : 'MQTT 3.1.1 CONNACK return code';
  return `${label} ${hex(reasonCode)}${meaning ? ` (${meaning})` : ''}: ${message}`;
}

const AUTH_REFUSALS = new Set([0x04, 0x05, 0x86, 0x87]);
/** A broker that lets a client in without credentials is not one that refuses anonymous clients. */
const ANONYMOUS_REFUSED = 'communication/mqtt-mosquitto-anonymous-disabled';

function serverProperties(outcome: SessionOutcome): ServerProperties {
  if (!outcome.ok) return {};
  const p = outcome.connack.properties ?? {};
  return {
    sessionPresent: outcome.connack.sessionPresent,
    receiveMaximum: p.receiveMaximum ?? null,
    maximumPacketSize: p.maximumPacketSize ?? null,
    topicAliasMaximum: p.topicAliasMaximum ?? null,
    retainAvailable: p.retainAvailable ?? null,
    wildcardSubscriptionAvailable: p.wildcardSubscriptionAvailable ?? null,
    sharedSubscriptionAvailable: p.sharedSubscriptionAvailable ?? null,
    serverKeepAlive: p.serverKeepAlive ?? null,
    assignedClientIdentifier: p.assignedClientIdentifier ?? null,
    maximumQoS: p.maximumQoS ?? null,
  };
}

/** What a CONNECT attempt found, with what an MQTT 5 CONNECT got when the broker refused it. */
export interface ConnectAttempt {
  session: SessionOutcome;
  protocolVersion: 4 | 5;
  /**
   * The broker's answer to an MQTT 5 CONNECT that it refused as a protocol (CONNACK 0x01 / 0x84,
   * or a close before any CONNACK), when a 3.1.1 CONNECT then got a CONNACK: it speaks 3.1.1 only.
   */
  mqtt5Refused: string | null;
}

const UNACCEPTABLE_VERSION = 'communication/mqtt-connack-unacceptable-protocol-version';

/** Did the broker refuse MQTT 5 as a protocol (not the client, the credentials or the network)? */
function refusesProtocol(outcome: SessionOutcome): string | null {
  if (outcome.ok) return null;
  // NATS 2.9 and aedes answer a level-5 CONNECT with a 3.1.1 CONNACK 1; MQTT 5 brokers send 0x84.
  if (outcome.reasonCode === 0x01 || outcome.reasonCode === 0x84)
    return `CONNACK ${hex(outcome.reasonCode)} (${outcome.message})`;
  // RabbitMQ 3.10 cannot parse a level-5 CONNECT and closes the socket without a CONNACK.
  if (outcome.reasonCode === null && outcome.code === 'ECONNRESET')
    return 'the connection closed without a CONNACK';
  return null;
}

/**
 * CONNECT, trying MQTT 5 first for `auto` and falling back to 3.1.1 when the broker refuses the
 * protocol level (CONNACK 0x01 / 0x84) or drops the connection before any CONNACK. With `5`
 * chosen, the same refusal is checked with one 3.1.1 CONNECT, so "this broker has no MQTT 5" is
 * told apart from "this broker drops everything".
 */
export async function connectWith(
  req: Omit<SessionRequest, 'protocolVersion'>,
  choice: '3.1.1' | '5' | 'auto',
): Promise<ConnectAttempt> {
  if (choice === '3.1.1')
    return {
      session: await openSession({ ...req, protocolVersion: 4 }),
      protocolVersion: 4,
      mqtt5Refused: null,
    };
  const session = await openSession({ ...req, protocolVersion: 5 });
  const refusal = refusesProtocol(session);
  if (refusal === null) return { session, protocolVersion: 5, mqtt5Refused: null };
  const v311 = await openSession({ ...req, protocolVersion: 4 });
  const answered = v311.ok || v311.reasonCode !== null;
  if (choice === 'auto')
    return { session: v311, protocolVersion: 4, mqtt5Refused: answered ? refusal : null };
  if (v311.ok) await closeSession(v311.client);
  return { session, protocolVersion: 5, mqtt5Refused: answered ? refusal : null };
}

/**
 * The `connect` or `auth` step from a CONNECT attempt: accepted (with the CONNACK's MQTT 5
 * properties, §3.2.2.3), refused with a CONNACK code (3.1.1 §3.2.2.3, MQTT 5 §3.2.2.2) worded as
 * the KB's signals word it, or no CONNACK at all. With credentials configured, an anonymous
 * refusal (0x04, 0x05, 0x86, 0x87) is expected and passes.
 */
export function connectStepResult(
  name: 'connect' | 'auth',
  attempt: ConnectAttempt,
  credentialsConfigured: boolean,
): StepOf<'connect' | 'auth'> {
  const { session: outcome, protocolVersion, mqtt5Refused } = attempt;
  const version = protocolVersion === 5 ? 'MQTT 5' : 'MQTT 3.1.1';
  if (protocolVersion === 5 && mqtt5Refused !== null)
    return {
      name,
      ok: false,
      ms: outcome.ms,
      summary: `the broker does not speak MQTT 5: an MQTT 5 CONNECT got ${mqtt5Refused}, an MQTT 3.1.1 CONNECT gets a CONNACK (use protocol 3.1.1 or auto)`,
      details: { protocol: version, mqtt5: `refused: ${mqtt5Refused}`, mqtt311: 'answered' },
      kbIds: [UNACCEPTABLE_VERSION],
    };
  const fellBack = mqtt5Refused !== null ? `; MQTT 5 refused: ${mqtt5Refused}` : '';
  const mqtt5 = mqtt5Refused !== null ? { mqtt5: `refused: ${mqtt5Refused}` } : {};
  if (outcome.ok)
    return {
      name,
      ok: true,
      ms: outcome.ms,
      summary: `${name === 'auth' ? 'credentials accepted' : 'a fresh probe client id is accepted'} (${version}, CONNACK 0x00${fellBack})`,
      details: { protocol: version, ...mqtt5, ...serverProperties(outcome) },
      kbIds: [],
      ...(name === 'connect' ? { rulesOut: [ANONYMOUS_REFUSED] } : {}),
    };
  if (outcome.reasonCode !== null) {
    const evidence = refusalEvidence(outcome.reasonCode, protocolVersion, outcome.message);
    // With credentials configured, an anonymous refusal only proves the broker is up and guarded.
    const expected =
      name === 'connect' && credentialsConfigured && AUTH_REFUSALS.has(outcome.reasonCode);
    return {
      name,
      ok: expected,
      ms: outcome.ms,
      summary: expected
        ? `the broker answers and refuses anonymous clients (CONNACK ${hex(outcome.reasonCode)}), as expected with credentials configured`
        : `the broker refused the connection: CONNACK ${hex(outcome.reasonCode)} ${outcome.message}`,
      details: {
        protocol: version,
        ...mqtt5,
        reasonCode: outcome.reasonCode,
        evidence: expected ? undefined : evidence,
        anonymous: name === 'connect',
      },
      kbIds: [],
    };
  }
  const evidence = outcome.message.includes('connack timeout')
    ? `mqtt connack timeout: no CONNACK within the timeout (${version})`
    : `mqtt: ${outcome.code ?? ''} ${outcome.message}`.trim();
  return {
    name,
    ok: false,
    ms: outcome.ms,
    summary: outcome.message.includes('connack timeout')
      ? 'the broker accepted TCP but never answered CONNECT (connack timeout)'
      : `no CONNACK: ${outcome.message}`,
    details: { protocol: version, code: outcome.code, evidence },
    kbIds: [],
  };
}

function waitForMessage(
  client: MqttClient,
  topic: string,
  nonce: string,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const onMessage = (t: string, payload: Buffer) => {
      if (t === topic && payload.toString() === nonce) done(true);
    };
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.removeListener('message', onMessage);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('message', onMessage);
  });
}

/** Subscribe, then publish at QoS 0 and 1 to a unique topic and wait for each to come back. */
export async function roundtripStep(
  client: MqttClient,
  baseTopic: string,
  timeoutMs: number,
): Promise<StepOf<'roundtrip'>> {
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  const topic = `${baseTopic.replace(/\/+$/, '')}/${randomBytes(6).toString('hex')}`;
  // A broker that accepted CONNECT and then stays silent is a finding, not a hang.
  const silent = (packet: 'SUBACK' | 'PUBACK', request: string): StepOf<'roundtrip'> => ({
    name: 'roundtrip',
    ok: false,
    ms: ms(),
    summary: `the broker accepted the connection but sent no ${packet} for ${request} within ${timeoutMs} ms`,
    details: {
      topic,
      timedOut: packet,
      evidence: `mqtt: ${request} timed out: no ${packet} within ${timeoutMs} ms (Timed out waiting for a response from the server)`,
    },
    kbIds: [OPERATION_TIMEOUT],
  });
  // Which half failed tells a refused subscription from a refused publish on brokers that just
  // close the connection (aedes, HiveMQ with MQTT 3.1, AWS IoT).
  let phase: 'subscribe' | 'publish' = 'subscribe';
  try {
    const subscribed = await withDeadline(client.subscribeAsync(topic, { qos: 1 }), timeoutMs);
    if (!subscribed.ok) return silent('SUBACK', `SUBSCRIBE ${topic}`);
    const granted = subscribed.value;
    const qos = granted[0]?.qos ?? 128;
    if (qos >= 0x80)
      return {
        name: 'roundtrip',
        ok: false,
        ms: ms(),
        summary: `SUBACK refused the probe topic ${topic} (${hex(qos)})`,
        details: {
          topic,
          evidence: `SUBACK return code ${hex(qos)} failure: subscription rejected, granted qos ${qos}`,
        },
        kbIds: [],
      };
    phase = 'publish';
    const latencies: NonNullable<RoundtripDetails['latencies']> = {};
    for (const q of [0, 1] as const) {
      const nonce = randomBytes(8).toString('hex');
      const t0 = process.hrtime.bigint();
      const arrived = waitForMessage(client, topic, nonce, timeoutMs);
      const published = await withDeadline(
        client.publishAsync(topic, nonce, { qos: q, retain: false }),
        timeoutMs,
      );
      if (!published.ok) return silent('PUBACK', `PUBLISH at QoS ${q}`);
      latencies[q === 0 ? 'qos0' : 'qos1'] = (await arrived)
        ? Number(process.hrtime.bigint() - t0) / 1e6
        : null;
    }
    const lost = Object.entries(latencies)
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    if (lost.length > 0)
      return {
        name: 'roundtrip',
        ok: false,
        ms: ms(),
        summary: `published at ${lost.join(' and ')} but nothing came back within ${timeoutMs} ms`,
        details: {
          topic,
          latencies,
          evidence:
            'mqtt: published message never delivered: denied PUBLISH by ACL, messages silently missing (publish timeout)',
        },
        kbIds: [],
      };
    return {
      name: 'roundtrip',
      ok: true,
      ms: ms(),
      summary: `round trip on ${topic}: QoS 0 ${latencies.qos0!.toFixed(1)} ms, QoS 1 ${latencies.qos1!.toFixed(1)} ms`,
      details: { topic, latencies },
      kbIds: [],
    };
  } catch (err) {
    const e = err as Error & { code?: number | string };
    // "Connection closed" says less than why the probe closed it.
    const message = cutOffReason(client) ?? e.message;
    const evidence =
      typeof e.code === 'number'
        ? `PUBACK reason code ${hex(e.code)}: ${message} (publish)`
        : `mqtt publish/subscribe failed: ${message}`;
    return {
      name: 'roundtrip',
      ok: false,
      ms: ms(),
      summary: `publish/subscribe failed: ${message}`,
      details: { topic, phase, evidence },
      kbIds: [],
    };
  }
}

/** Two connections with one probe client id: what does the first one see? */
export async function takeoverStep(
  req: Omit<SessionRequest, 'clientId'>,
  clientId: string,
): Promise<StepOf<'takeover'>> {
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  const first = await openSession({ ...req, clientId });
  if (!first.ok)
    return {
      name: 'takeover',
      ok: false,
      ms: ms(),
      summary: `first connection refused: ${first.message}`,
      details: {},
      kbIds: [],
    };
  const seen = new Promise<{ reasonCode: number | null }>((resolve) => {
    const timer = setTimeout(() => resolve({ reasonCode: -1 }), req.timeoutMs);
    first.client.once('disconnect', (packet: { reasonCode?: number }) => {
      clearTimeout(timer);
      resolve({ reasonCode: packet.reasonCode ?? null });
    });
    first.client.once('close', () => {
      clearTimeout(timer);
      resolve({ reasonCode: null });
    });
  });
  const second = await openSession({ ...req, clientId });
  const what = await seen;
  first.client.end(true);
  if (second.ok) await closeSession(second.client);
  const v5 = req.protocolVersion === 5;
  const summary =
    what.reasonCode === -1
      ? 'the first connection stayed open: the broker let two clients share one client id'
      : what.reasonCode === 0x8e
        ? 'the first connection got DISCONNECT 0x8E (Session taken over) when the second connected'
        : `the first connection was closed ${v5 ? 'without a DISCONNECT reason code' : 'silently (MQTT 3.1.1 has no DISCONNECT from the server)'} when the second connected`;
  return {
    name: 'takeover',
    ok: true,
    ms: ms(),
    summary,
    details: {
      firstSaw:
        what.reasonCode === -1
          ? 'nothing'
          : what.reasonCode === null
            ? 'close'
            : hex(what.reasonCode),
    },
    kbIds: ['communication/mqtt-session-taken-over'],
  };
}
