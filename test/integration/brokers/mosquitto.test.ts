/**
 * Claims about Mosquitto 2.0 (Debian 12's 2.0.11), each proved on instances this file starts with
 * the configuration the claim is about; every test names the KB entry whose `## Reproduced`
 * section cites it. Then `mqtt-why probe --delivery`, which must be green here.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { connectPacket, exchange, packetTypes } from '../../helpers/raw-mqtt';
import { RunningBroker, mosquittoForFile, passwordFile, tempDir } from '../../helpers/brokers';
import {
  attempt,
  backOnline,
  closes,
  connected,
  endAll,
  inbox,
  logShows,
  offlineSubscriber,
  publishOutcome,
  uid,
  until,
} from '../../helpers/mqtt-claims';
import { kbEntry, probe, stepOf, verdicts } from '../../helpers/probe-run';
import { verdictForCard } from '../../../src/probe/compare';

const ANONYMOUS_CARD = 'communication/mqtt-mosquitto-anonymous-disabled';

const mosquitto = mosquittoForFile();

describe('Mosquitto 2.0 with a password file and an ACL file', () => {
  let broker: RunningBroker;
  const alice = { username: 'alice', password: 'secret' };
  beforeAll(async () => {
    broker = await mosquitto(
      ['allow_anonymous false', 'password_file {dir}/passwd', 'acl_file {dir}/acl'],
      {
        passwd: await passwordLines({ alice: 'secret', reader: 'secret' }),
        acl: 'user alice\ntopic readwrite #\nuser reader\ntopic read #\ntopic write allowed/#\n',
      },
    );
  });

  it('communication/mqtt-connack-bad-credentials, communication/mqtt-connack-not-authorized: a wrong password, an unknown user and missing credentials all get CONNACK 5 (3.1.1) and 0x87 (MQTT 5), never 4 / 0x86', async () => {
    for (const creds of [
      { username: 'alice', password: 'wrong' },
      { username: 'nobody', password: 'x' },
      {},
    ]) {
      const v3 = await attempt(broker.port, creds);
      const v5 = await attempt(broker.port, { ...creds, protocolVersion: 5 });
      expect(v3.error).toEqual({ code: 5, message: 'Connection refused: Not authorized' });
      expect(v5.error).toEqual({ code: 135, message: 'Connection refused: Not authorized' });
    }
    expect(await logShows(broker.log, 'Client <unknown> disconnected, not authorised.')).toBe(true);
  });

  it('communication/mqtt-publish-denied-acl: an MQTT 5 PUBLISH the ACL denies gets PUBACK 0x87 (MQTT.js: code 135, "Publish error: Not authorized") and the connection stays up', async () => {
    const reader = await connected(broker.port, {
      username: 'reader',
      password: 'secret',
      protocolVersion: 5,
    });
    try {
      const outcome = await publishOutcome(reader, uid('denied/t'), 'no', { qos: 1 });
      expect(outcome).toEqual({
        acked: false,
        code: 135,
        message: 'Publish error: Not authorized',
      });
      expect(reader.connected).toBe(true);
    } finally {
      await endAll(reader);
    }
  });

  it('communication/mqtt-publish-denied-acl: a 3.1.1 PUBLISH the ACL denies gets an ordinary PUBACK, is never delivered, and shows only in the debug log ("Denied PUBLISH from")', async () => {
    const reader = await connected(broker.port, { username: 'reader', password: 'secret' });
    const sub = await connected(broker.port, alice);
    try {
      const got = inbox(sub);
      const base = uid('acl');
      await sub.subscribeAsync(`${base}/#`, { qos: 1 });
      expect(await publishOutcome(reader, `${base}/denied`, 'no', { qos: 1 })).toEqual({
        acked: true,
      });
      expect(reader.connected).toBe(true);
      await sub.publishAsync(`${base}/marker`, 'after', { qos: 1 });
      expect(await until(() => got.length > 0)).toBe(true);
      expect(got.map((m) => m.payload)).toEqual(['after']);
      expect(await logShows(broker.log, `Denied PUBLISH from ${reader.options.clientId}`)).toBe(
        true,
      );
    } finally {
      await endAll(reader, sub);
    }
  });
});

describe('Mosquitto 2.0 with only a listener line', () => {
  it('communication/mqtt-mosquitto-anonymous-disabled: refuses anonymous clients with CONNACK 5 / 0x87, and any user name and password too when no password file is set', async () => {
    const broker = await mosquitto([]);
    expect((await attempt(broker.port)).error?.code).toBe(5);
    expect((await attempt(broker.port, { protocolVersion: 5 })).error?.code).toBe(135);
    expect(
      (await attempt(broker.port, { username: 'anyone', password: 'anything' })).error?.code,
    ).toBe(5);
    expect(await logShows(broker.log, 'Client <unknown> disconnected, not authorised.')).toBe(true);
    const r = await probe(`mqtt://127.0.0.1:${broker.port}`);
    expect(r.diagnosis).toContain(ANONYMOUS_CARD);
    expect(verdictForCard(await kbEntry(ANONYMOUS_CARD), r)).toMatch(/^Confirms the card/);
  });
});

describe('Mosquitto 2.0 with max_keepalive 10, max_qos 1 and retain_available false', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await mosquitto([
      'allow_anonymous true',
      'max_keepalive 10',
      'max_qos 1',
      'retain_available false',
    ]);
  });

  it('communication/mqtt-keepalive-timeout: 2.0.11 accepts a 3.1.1 Keep Alive above max_keepalive and gives MQTT 5 clients Server Keep Alive instead', async () => {
    const v3 = await attempt(broker.port, { keepalive: 60 });
    const v5 = await attempt(broker.port, { keepalive: 60, protocolVersion: 5 });
    try {
      expect(v3.connack?.returnCode).toBe(0);
      expect(v5.connack?.properties?.serverKeepAlive).toBe(10);
    } finally {
      await endAll(v3.client, v5.client);
    }
  });

  it('communication/mqtt-qos-downgraded: a QoS 2 subscription is granted max_qos silently, and MQTT 5 clients read Maximum QoS 1 in the CONNACK', async () => {
    const v3 = await connected(broker.port);
    const v5 = await attempt(broker.port, { protocolVersion: 5 });
    try {
      expect((await v3.subscribeAsync(uid('q'), { qos: 2 }))[0]!.qos).toBe(1);
      expect(v5.connack?.properties?.maximumQoS).toBe(1);
      expect((await v5.client.subscribeAsync(uid('q'), { qos: 2 }))[0]!.qos).toBe(1);
    } finally {
      await endAll(v3, v5.client);
    }
  });

  it('communication/mqtt-feature-not-supported: a PUBLISH above max_qos ends the connection with DISCONNECT 0x9B (MQTT 5) or a plain close (3.1.1)', async () => {
    const v5 = await connected(broker.port, { protocolVersion: 5 });
    const v3 = await connected(broker.port);
    const reasons: number[] = [];
    v5.on('disconnect', (p) => reasons.push(p.reasonCode ?? 0));
    const [c5, c3] = [closes(v5), closes(v3)];
    v5.publish(uid('q2'), 'x', { qos: 2 });
    v3.publish(uid('q2'), 'x', { qos: 2 });
    expect(await c5).toBe(true);
    expect(await c3).toBe(true);
    expect(reasons).toEqual([0x9b]);
    expect(await logShows(broker.log, 'Too high QoS in PUBLISH from')).toBe(true);
    await endAll(v5, v3);
  });

  it('communication/mqtt-retained-message-stale, communication/mqtt-feature-not-supported: with retain_available false a retained PUBLISH ends the connection with DISCONNECT 0x9A (MQTT 5) or a plain close (3.1.1); MQTT 5 clients read Retain Available 0', async () => {
    const v5 = await attempt(broker.port, { protocolVersion: 5 });
    const v3 = await connected(broker.port);
    expect(v5.connack?.properties?.retainAvailable).toBe(false);
    const reasons: number[] = [];
    v5.client.on('disconnect', (p) => reasons.push(p.reasonCode ?? 0));
    const [c5, c3] = [closes(v5.client), closes(v3)];
    v5.client.publish(uid('r'), 'x', { qos: 0, retain: true });
    v3.publish(uid('r'), 'x', { qos: 0, retain: true });
    expect(await c5).toBe(true);
    expect(await c3).toBe(true);
    expect(reasons).toEqual([0x9a]);
    await endAll(v5.client, v3);
  });
});

describe('Mosquitto 2.0 with anonymous access', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await mosquitto(['allow_anonymous true']);
  });

  it('a probe rules out the anonymous-disabled card for a broker that lets a client in without credentials', async () => {
    const r = await probe(`mqtt://127.0.0.1:${broker.port}`);
    expect(stepOf(r, 'connect')).toMatchObject({ ok: true, rulesOut: [ANONYMOUS_CARD] });
    expect(verdictForCard(await kbEntry(ANONYMOUS_CARD), r)).toMatch(
      /^Rules the card out for this broker: connect passed \(a fresh probe client id is accepted/,
    );
  });

  it('communication/mqtt-session-taken-over: the first of two connections with one client id is closed without DISCONNECT 0x8E, even with MQTT 5 ("already connected, closing old connection")', async () => {
    const id = uid('twin');
    const first = await connected(broker.port, { clientId: id, protocolVersion: 5 });
    const seen: string[] = [];
    first.on('disconnect', (p) => seen.push(`DISCONNECT ${p.reasonCode}`));
    const closed = closes(first);
    const second = await connected(broker.port, { clientId: id, protocolVersion: 5 });
    try {
      expect(await closed).toBe(true);
      expect(seen).toEqual([]);
      expect(
        await logShows(broker.log, `Client ${id} already connected, closing old connection.`),
      ).toBe(true);
    } finally {
      await endAll(first, second);
    }
  });

  it('communication/mqtt-connack-unacceptable-protocol-version: an unknown protocol level gets a 3.1.1-format CONNACK 1 and "Invalid protocol version 6 in CONNECT from"', async () => {
    const raw = await exchange(broker.port, connectPacket({ level: 6, clientId: uid('v6') }), 5000);
    expect(raw.closed).toBe(true);
    expect(raw.bytes.toString('hex')).toBe('20020001');
    expect(await logShows(broker.log, 'Invalid protocol version 6 in CONNECT from')).toBe(true);
  });

  it('communication/mqtt-keepalive-timeout: a client silent past its Keep Alive is closed without DISCONNECT 0x8D, even with MQTT 5 ("has exceeded timeout, disconnecting.")', async () => {
    const id = uid('silent');
    const raw = await exchange(
      broker.port,
      connectPacket({ level: 5, clientId: id, keepalive: 1 }),
      15_000,
    );
    expect(raw.closed).toBe(true);
    expect(packetTypes(raw.bytes)).toEqual(['CONNACK']);
    expect(await logShows(broker.log, `Client ${id} has exceeded timeout, disconnecting.`)).toBe(
      true,
    );
  });

  it('communication/mqtt-qos-downgraded: a message is delivered at the lower of its publish QoS and the subscription QoS', async () => {
    const base = uid('min');
    const sub = await connected(broker.port);
    const pub = await connected(broker.port);
    try {
      const got = inbox(sub);
      await sub.subscribeAsync(`${base}/q2sub`, { qos: 2 });
      await sub.subscribeAsync(`${base}/q1sub`, { qos: 1 });
      await pub.publishAsync(`${base}/q2sub`, 'published-qos0', { qos: 0 });
      await pub.publishAsync(`${base}/q1sub`, 'published-qos2', { qos: 2 });
      expect(await until(() => got.length === 2)).toBe(true);
      expect(Object.fromEntries(got.map((m) => [m.payload, m.qos]))).toEqual({
        'published-qos0': 0,
        'published-qos2': 1,
      });
    } finally {
      await endAll(sub, pub);
    }
  });

  it('communication/mqtt-shared-subscription-behaviour: the members of a $share group take strict turns', async () => {
    const topic = uid('jobs');
    const a = await connected(broker.port);
    const b = await connected(broker.port);
    const pub = await connected(broker.port);
    try {
      const got = { a: inbox(a), b: inbox(b) };
      await a.subscribeAsync(`$share/workers/${topic}`, { qos: 1 });
      await b.subscribeAsync(`$share/workers/${topic}`, { qos: 1 });
      for (let i = 0; i < 6; i++) await pub.publishAsync(topic, `m${i}`, { qos: 1 });
      expect(await until(() => got.a.length + got.b.length === 6)).toBe(true);
      const [x, y] = [got.a.map((m) => m.payload), got.b.map((m) => m.payload)].sort();
      expect([x, y]).toEqual([
        ['m0', 'm2', 'm4'],
        ['m1', 'm3', 'm5'],
      ]);
    } finally {
      await endAll(a, b, pub);
    }
  });

  it('communication/mqtt-messages-lost-clean-session: an offline Clean Session 0 client gets the QoS 1 message published meanwhile, not the QoS 0 one (queue_qos0_messages false)', async () => {
    const { id, topic, pub } = await offlineSubscriber(broker.port, 'persistent');
    await pub.publishAsync(topic, 'qos0', { qos: 0 });
    await pub.publishAsync(topic, 'qos1', { qos: 1 });
    const { back, got } = await backOnline(broker.port, id);
    try {
      expect(back.connack?.sessionPresent).toBe(true);
      expect(await until(() => got().length > 0)).toBe(true);
      expect(got().map((m) => m.payload)).toEqual(['qos1']);
    } finally {
      await endAll(pub, back.client);
      await endAll(await connected(broker.port, { clientId: id, clean: true }));
    }
  });

  it('communication/mqtt-messages-lost-clean-session: an empty client id with 3.1.1 Clean Session 0 is refused with CONNACK 2', async () => {
    const raw = await exchange(
      broker.port,
      connectPacket({ level: 4, clientId: '', clean: false }),
      5000,
    );
    expect(raw.closed).toBe(true);
    expect(raw.bytes.toString('hex')).toBe('20020002');
  });

  it('communication/mqtt-last-will-not-published: the Will is published when the socket drops and after MQTT 5 DISCONNECT 0x04, not after a normal DISCONNECT', async () => {
    const topic = uid('will');
    const sub = await connected(broker.port);
    try {
      const got = inbox(sub);
      await sub.subscribeAsync(topic, { qos: 1 });
      const will = (payload: string) => ({
        topic,
        payload: Buffer.from(payload),
        qos: 1 as const,
        retain: false,
      });
      await endAll(await connected(broker.port, { will: will('polite') }));
      const keepsWill = await connected(broker.port, { protocolVersion: 5, will: will('0x04') });
      await new Promise<void>((r) => keepsWill.end(false, { reasonCode: 4 }, () => r()));
      expect(await until(() => got.length === 1)).toBe(true);
      const dying = await connected(broker.port, { will: will('dropped') });
      dying.stream.destroy();
      expect(await until(() => got.length === 2)).toBe(true);
      expect(got.map((m) => m.payload)).toEqual(['0x04', 'dropped']);
      dying.end(true);
    } finally {
      await endAll(sub);
    }
  });

  it('communication/mqtt-retained-message-stale: a retained message carries RETAIN 1 to a new subscription and RETAIN 0 to an established one (3.1.1); an empty retained PUBLISH removes it', async () => {
    const topic = uid('relay/state');
    const established = await connected(broker.port);
    const pub = await connected(broker.port);
    const later = await connected(broker.port);
    const last = await connected(broker.port);
    try {
      const live = inbox(established);
      await established.subscribeAsync(topic, { qos: 1 });
      await pub.publishAsync(topic, 'on', { qos: 1, retain: true });
      const fresh = inbox(later);
      await later.subscribeAsync(topic, { qos: 1 });
      expect(await until(() => live.length > 0 && fresh.length > 0)).toBe(true);
      expect(live[0]).toMatchObject({ payload: 'on', retain: false });
      expect(fresh[0]).toMatchObject({ payload: 'on', retain: true });
      await pub.publishAsync(topic, '', { qos: 1, retain: true });
      const after = inbox(last);
      await last.subscribeAsync(topic, { qos: 1 });
      await pub.publishAsync(topic, 'marker', { qos: 1 });
      expect(await until(() => after.length > 0)).toBe(true);
      expect(after.map((m) => m.payload)).toEqual(['marker']);
    } finally {
      await endAll(established, pub, later, last);
    }
  });

  it('mqtt-why probe --delivery is green: retained, will, session, qos and shared all pass', async () => {
    const r = await probe(`mqtt://127.0.0.1:${broker.port}`, { delivery: true });
    expect(verdicts(r)).toEqual([
      'dns:ok',
      'tcp:ok',
      'connect:ok',
      'roundtrip:ok',
      'retained:ok',
      'will:ok',
      'session:ok',
      'qos:ok',
      'shared:ok',
    ]);
    expect(stepOf(r, 'qos').summary).toMatch(/QoS 2: granted 2, delivered 2/);
    expect(stepOf(r, 'shared').details).toMatchObject({ perMember: [3, 3], deliveredToBoth: 0 });
  });
});

/** A Mosquitto password file's text, made by mosquitto_passwd. */
async function passwordLines(users: Record<string, string>): Promise<string> {
  const dir = await tempDir('mqtt-why-passwd-');
  try {
    for (const [user, password] of Object.entries(users)) passwordFile(dir, user, password, false);
    return await fs.readFile(path.join(dir, 'passwd'), 'utf8');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
