/**
 * Delivery checks (`mqtt-why probe --delivery`, issue 17): what no connectivity probe tests.
 * Each check uses topics of its own below the probe topic and cleans up what it leaves on the
 * broker (a retained message, a persistent session). A finding maps to its KB entry directly, with
 * what was observed in the summary; every wait has a deadline.
 */
import { MqttClient } from 'mqtt';
import { hex } from '../../common/reason-codes';
import { DeliveryStepName, FailureFacts, QosDetails, SharedDetails, StepOf } from '../types';
import {
  CheckClients,
  DeliveryRequest,
  Inbox,
  nonce,
  publish,
  subscribe,
  uniqueTopic,
} from './delivery-client';

type DeliveryStep = DeliveryStepName;

const KB = {
  retained: 'communication/mqtt-retained-message-stale',
  will: 'communication/mqtt-last-will-not-published',
  session: 'communication/mqtt-messages-lost-clean-session',
  qos: 'communication/mqtt-qos-downgraded',
  shared: 'communication/mqtt-shared-subscription-behaviour',
} as const;

/** Runs one delivery check; the caller gives it a deadline of its own. */
export async function deliveryStep<N extends DeliveryStep>(
  name: N,
  req: DeliveryRequest,
): Promise<StepOf<N>> {
  const start = process.hrtime.bigint();
  const clients = new CheckClients(req);
  try {
    const check: Check<N> = CHECKS[name];
    const { foreign, ...found } = await check(clients, req.baseTopic);
    // The check for N found N's details; TypeScript cannot follow that through a generic N.
    return {
      name,
      ms: Number(process.hrtime.bigint() - start) / 1e6,
      // A fault that is not about delivery (a refused helper connection, a silent broker) is left
      // to the matcher, which reads its evidence line like the other steps' failures.
      kbIds: found.ok || foreign ? [] : [KB[name]],
      ...found,
    } as unknown as StepOf<N>;
  } finally {
    await clients.closeAll();
  }
}

/** What a check found; `foreign` marks a fault that is not about delivery. */
type Finding<N extends DeliveryStep> = Pick<StepOf<N>, 'ok' | 'summary' | 'details'> & {
  foreign?: true;
};
type Check<N extends DeliveryStep> = (c: CheckClients, base: string) => Promise<Finding<N>>;

const fail = <D extends object>(
  summary: string,
  details: D,
): { ok: false; summary: string; details: D } => ({
  ok: false,
  summary,
  details,
});
/** A helper connection that the broker refused: nothing about delivery can be said. */
const refused = (what: string, message: string) => ({
  ok: false,
  summary: `could not open the ${what} connection: ${message}`,
  details: { evidence: `mqtt: ${message}` } as FailureFacts,
  foreign: true as const,
});
/** A broker that stopped answering mid-check: an operation timeout, not a delivery finding. */
const silent = (packet: 'SUBACK' | 'PUBACK', what: string, ms: number) => ({
  ok: false,
  summary: `no ${packet} for ${what} within ${ms} ms`,
  details: {
    timedOut: packet,
    evidence: `mqtt: ${what} timed out: no ${packet} within ${ms} ms (Timed out waiting for a response from the server)`,
  } as FailureFacts,
  foreign: true as const,
});

async function retained(c: CheckClients, base: string): Promise<Finding<'retained'>> {
  const ms = c.timeoutMs;
  const parent = uniqueTopic(base, 'retained');
  const topic = `${parent}/state`;
  const value = nonce();
  const pub = await c.open();
  if (!pub.ok) return refused('publisher', pub.message);
  const sent = await publish(pub.client, topic, value, { qos: 1, retain: true }, ms);
  if (sent === 'timeout') return silent('PUBACK', `PUBLISH ${topic}`, ms);
  // A broker without retained messages (retain_available false) closes the connection here.
  if (sent !== 'acknowledged')
    return fail(`the retained PUBLISH to ${topic} was not acknowledged (${sent})`, { topic });
  try {
    // A new subscriber of the exact topic.
    const exactInbox = new Inbox();
    const exact = await c.open({ inbox: exactInbox });
    if (!exact.ok) return refused('subscriber', exact.message);
    if ((await subscribe(exact.client, topic, 1, ms)) === null)
      return silent('SUBACK', `SUBSCRIBE ${topic}`, ms);
    const got = await exactInbox.waitFor((m) => m.payload === value, ms);
    // A new subscriber of a wildcard filter over it; a live marker says when to stop waiting.
    const wildInbox = new Inbox();
    const wild = await c.open({ inbox: wildInbox });
    if (!wild.ok) return refused('wildcard subscriber', wild.message);
    if ((await subscribe(wild.client, `${parent}/+`, 1, ms)) === null)
      return silent('SUBACK', `SUBSCRIBE ${parent}/+`, ms);
    const wildGot = await arrivedBeforeMarker(wildInbox, value, pub.client, `${parent}/marker`, ms);
    // Clear it, then check that a new subscriber gets nothing retained.
    await publish(pub.client, topic, '', { qos: 1, retain: true }, ms);
    const afterInbox = new Inbox();
    const after = await c.open({ inbox: afterInbox });
    if (!after.ok) return refused('subscriber', after.message);
    await subscribe(after.client, topic, 1, ms);
    const stale = await arrivedBeforeMarker(afterInbox, value, pub.client, topic, ms);
    const details = {
      topic,
      exact: got ? (got.retain ? 'delivered' : 'delivered without the retain flag') : 'missing',
      wildcard: wildGot ? 'delivered' : 'missing',
      cleared: !stale,
    };
    if (!got)
      return fail(
        `a new subscriber of ${topic} did not get the retained message within ${ms} ms`,
        details,
      );
    if (!got.retain)
      return fail(
        `the retained message reached a new subscriber of ${topic} with RETAIN 0: the broker does not mark it as retained`,
        details,
      );
    if (!wildGot)
      return fail(
        `the retained message reached a new subscriber of ${topic} but not one of ${parent}/+: the broker sends no retained messages to wildcard subscriptions`,
        details,
      );
    if (stale)
      return fail(
        `after an empty retained PUBLISH to ${topic} a new subscriber still got the old retained message`,
        details,
      );
    return {
      ok: true,
      summary: `a retained message reached new subscribers of ${topic} and ${parent}/+ (RETAIN 1), and an empty retained PUBLISH cleared it`,
      details,
    };
  } finally {
    await publish(pub.client, topic, '', { qos: 1, retain: true }, ms);
  }
}

/**
 * Whether the message `value` reaches `inbox` before (or just after) a live marker published to
 * `markerTopic` after the subscription was acknowledged: retained messages are sent when the
 * subscription is made, so the marker bounds the wait without a fixed sleep.
 */
async function arrivedBeforeMarker(
  inbox: Inbox,
  value: string,
  pub: MqttClient,
  markerTopic: string,
  ms: number,
): Promise<boolean> {
  const marker = nonce();
  await publish(pub, markerTopic, marker, { qos: 1 }, ms);
  const first = await inbox.waitFor((m) => m.payload === value || m.payload === marker, ms);
  if (first?.payload === value) return true;
  const grace = Math.min(300, Math.round(ms / 10));
  return (await inbox.waitFor((m) => m.payload === value, grace)) !== null;
}

async function will(c: CheckClients, base: string): Promise<Finding<'will'>> {
  const ms = c.timeoutMs;
  const topic = uniqueTopic(base, 'will');
  const value = nonce();
  const inbox = new Inbox();
  const sub = await c.open({ inbox });
  if (!sub.ok) return refused('subscriber', sub.message);
  if ((await subscribe(sub.client, topic, 1, ms)) === null)
    return silent('SUBACK', `SUBSCRIBE ${topic}`, ms);
  const dying = await c.open({
    session: { will: { topic, payload: value, qos: 1, retain: false } },
  });
  if (!dying.ok)
    return fail(`a CONNECT with a Will on ${topic} was refused: ${dying.message}`, {
      topic,
      reasonCode: dying.reasonCode,
    });
  c.drop(dying.client);
  const got = await inbox.waitFor((m) => m.payload === value, ms);
  if (!got)
    return fail(
      `a client with a Will on ${topic} dropped its socket without DISCONNECT, and no Will arrived within ${ms} ms`,
      { topic, arrived: false },
    );
  return {
    ok: true,
    summary: `the Will arrived on ${topic} (QoS ${got.qos}) after its client dropped the socket without DISCONNECT`,
    details: { topic, arrived: true, qos: got.qos },
  };
}

async function session(c: CheckClients, base: string): Promise<Finding<'session'>> {
  const ms = c.timeoutMs;
  const topic = uniqueTopic(base, 'session');
  const id = c.clientId();
  // 3.1.1: Clean Session 0; MQTT 5: Clean Start 0 and a Session Expiry that outlives the gap.
  const persistent = { clean: false, expirySeconds: 60 };
  const first = await c.open({ clientId: id, session: persistent });
  if (!first.ok) return refused('persistent', first.message);
  try {
    if ((await subscribe(first.client, topic, 1, ms)) === null)
      return silent('SUBACK', `SUBSCRIBE ${topic}`, ms);
    await c.close(first.client);
    const pub = await c.open();
    if (!pub.ok) return refused('publisher', pub.message);
    const value = nonce();
    const sent = await publish(pub.client, topic, value, { qos: 1 }, ms);
    if (sent !== 'acknowledged')
      return sent === 'timeout'
        ? silent('PUBACK', `PUBLISH ${topic}`, ms)
        : fail(`the QoS 1 PUBLISH to ${topic} was not acknowledged (${sent})`, { topic });
    const inbox = new Inbox();
    const back = await c.open({ clientId: id, session: persistent, inbox });
    if (!back.ok) return refused('returning', back.message);
    const present = back.connack.sessionPresent;
    const got = await inbox.waitFor((m) => m.payload === value, ms);
    const details = { topic, clientId: id, sessionPresent: present, queued: got !== null };
    if (!present && !got)
      return fail(
        `on reconnecting with Clean Session 0 / Session Expiry 60 s the broker had no session (Session Present 0) and the QoS 1 message published meanwhile was lost`,
        details,
      );
    if (!got)
      return fail(
        `the session was resumed (Session Present ${present ? 1 : 0}) but the QoS 1 message published while the client was away did not arrive within ${ms} ms`,
        details,
      );
    return {
      ok: true,
      summary: `a persistent session (Session Present ${present ? 1 : 0}) got the QoS 1 message published while its client was away`,
      details,
    };
  } finally {
    // End the session: connect once with a clean one (Session Expiry 0) and leave.
    const end = await c.open({ clientId: id, session: { clean: true, expirySeconds: 0 } });
    if (end.ok) await c.close(end.client);
  }
}

const LEVEL_KEYS = ['q0', 'q1', 'q2'] as const;

async function qos(c: CheckClients, base: string): Promise<Finding<'qos'>> {
  const ms = c.timeoutMs;
  const parent = uniqueTopic(base, 'qos');
  const inbox = new Inbox();
  const sub = await c.open({ inbox });
  if (!sub.ok) return refused('subscriber', sub.message);
  const maximumQoS = sub.connack.properties?.maximumQoS ?? null;
  const granted: (number | null)[] = [];
  for (const level of [0, 1, 2] as const)
    granted.push(await subscribe(sub.client, `${parent}/q${level}`, level, ms));
  const pub = await c.open();
  if (!pub.ok) return refused('publisher', pub.message);
  // Which packet acknowledged the QoS 2 PUBLISH: PUBREC, or PUBACK from a broker that takes it as QoS 1.
  const ack: { with: string | null } = { with: null };
  pub.client.on('packetreceive', (p) => {
    if (p.cmd === 'puback' || p.cmd === 'pubrec') ack.with ??= p.cmd.toUpperCase();
  });
  const levels: string[] = [];
  const problems: string[] = [];
  const details: QosDetails = { topic: parent, maximumQoS };
  for (const level of [0, 1, 2] as const) {
    const g = granted[level];
    if (g === null || g === undefined || g >= 0x80) {
      const what = g === null || g === undefined ? 'no SUBACK' : `SUBACK ${hex(g)}`;
      levels.push(`QoS ${level}: ${what}`);
      problems.push(`a QoS ${level} subscription got ${what}`);
      continue;
    }
    if (g < level) problems.push(`a QoS ${level} subscription was granted QoS ${g}`);
    const value = nonce();
    ack.with = null;
    const sent = await publish(pub.client, `${parent}/q${level}`, value, { qos: level }, ms);
    if (sent === 'closed') {
      levels.push(`QoS ${level}: granted ${g}, publishing at QoS ${level} closed the connection`);
      problems.push(`a QoS ${level} PUBLISH made the broker close the connection`);
      details[LEVEL_KEYS[level]] = { granted: g, delivered: null, publish: 'closed' };
      break;
    }
    const got =
      sent === 'acknowledged' ? await inbox.waitFor((m) => m.payload === value, ms) : null;
    const via =
      level === 2 && ack.with === 'PUBACK' ? ' (the QoS 2 PUBLISH was answered with PUBACK)' : '';
    details[LEVEL_KEYS[level]] = {
      granted: g,
      delivered: got?.qos ?? null,
      publish: sent,
      ...(level === 2 ? { acknowledgedWith: ack.with } : {}),
    };
    levels.push(`QoS ${level}: granted ${g}, delivered ${got ? got.qos : 'never'}${via}`);
    if (!got)
      problems.push(
        `a QoS ${level} PUBLISH ${sent === 'acknowledged' ? 'was never delivered' : `was not acknowledged (${sent})`}`,
      );
    else if (got.qos < Math.min(level, g))
      problems.push(`a QoS ${level} message was delivered at QoS ${got.qos}`);
  }
  if (maximumQoS !== null && maximumQoS < 2)
    problems.push(`the CONNACK announces Maximum QoS ${maximumQoS}`);
  const table = levels.join('; ');
  if (problems.length > 0)
    return fail(`QoS downgraded: ${problems.join(', ')} (${table})`, details);
  return { ok: true, summary: `each QoS level granted and delivered as asked (${table})`, details };
}

async function shared(c: CheckClients, base: string): Promise<Finding<'shared'>> {
  const ms = c.timeoutMs;
  const topic = uniqueTopic(base, 'shared');
  const group = `mqttwhy${nonce().slice(0, 8)}`;
  const filter = `$share/${group}/${topic}`;
  const inbox = new Inbox();
  const granted: (number | null)[] = [];
  for (const label of ['a', 'b']) {
    const member = await c.open({ inbox, label });
    if (!member.ok) return refused('member', member.message);
    granted.push(await subscribe(member.client, filter, 1, ms));
  }
  const details: SharedDetails = { filter, granted };
  const bad = granted.find((g) => g === null || g >= 0x80);
  if (bad === null) return silent('SUBACK', `SUBSCRIBE ${filter}`, ms);
  if (bad !== undefined)
    return fail(`SUBSCRIBE ${filter} was refused with SUBACK ${hex(bad)}`, details);
  const pub = await c.open();
  if (!pub.ok) return refused('publisher', pub.message);
  const values = Array.from({ length: 6 }, nonce);
  for (const v of values) await publish(pub.client, topic, v, { qos: 1 }, ms);
  const seenBy = (v: string) =>
    new Set(inbox.messages.filter((m) => m.payload === v).map((m) => m.by));
  // Wait until every message reached some member, then a moment more for copies to show.
  await inbox.until(() => values.every((v) => seenBy(v).size > 0), ms);
  await inbox.until(() => false, Math.min(300, Math.round(ms / 10)));
  const counts = ['a', 'b'].map(
    (by) => inbox.messages.filter((m) => m.by === by && values.includes(m.payload)).length,
  );
  const copies = values.filter((v) => seenBy(v).size > 1).length;
  const arrived = values.filter((v) => seenBy(v).size > 0).length;
  Object.assign(details, { published: values.length, perMember: counts, deliveredToBoth: copies });
  const split = `${counts[0]} and ${counts[1]}`;
  if (arrived === 0)
    return fail(
      `SUBSCRIBE ${filter} was granted QoS ${granted.join('/')}, but none of ${values.length} messages published to ${topic} arrived: the broker takes $share/ as an ordinary topic filter (no shared subscriptions)`,
      details,
    );
  if (copies > 0)
    return fail(
      `${copies} of ${values.length} messages reached both members of $share/${group} (${split}): the group is not shared, every member gets a copy`,
      details,
    );
  if (arrived < values.length)
    return fail(
      `only ${arrived} of ${values.length} messages reached the shared group within ${ms} ms (${split})`,
      details,
    );
  const note = counts.includes(0) ? ', all to one member' : '';
  return {
    ok: true,
    summary: `${values.length} messages to ${topic} went once each to the members of $share/${group} (${split}${note})`,
    details,
  };
}

const CHECKS: { [N in DeliveryStep]: Check<N> } = { retained, will, session, qos, shared };
