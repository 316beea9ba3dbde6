/**
 * Claims about RabbitMQ's MQTT plugin (RabbitMQ 3.10, MQTT 3.1.1 only), each proved on a node of
 * its own that this file starts with `rabbitmq_mqtt` enabled (the machine's RabbitMQ and its plugin
 * list are left alone); every test names the KB entry whose `## Reproduced` section cites it. Then
 * `mqtt-why probe` against the same listener: protocol fallback and the delivery checks.
 */
import { connectPacket, exchange } from '../../helpers/raw-mqtt';
import { RunningRabbit, startRabbitMq } from '../../helpers/rabbitmq';
import {
  attempt,
  closes,
  connected,
  endAll,
  inbox,
  logShows,
  publishOutcome,
  uid,
  until,
} from '../../helpers/mqtt-claims';
import { probe, stepOf, verdicts } from '../../helpers/probe-run';

let rabbit: RunningRabbit;
const alice = { username: 'alice', password: 'secret' };

beforeAll(async () => {
  rabbit = await startRabbitMq({
    users: [
      { name: 'alice', password: 'secret' },
      // MQTT topics are AMQP routing keys with `/` turned into `.`.
      { name: 'reader', password: 'secret', topicWrite: '^allowed\\..*' },
    ],
  });
}, 120_000);
afterAll(() => rabbit?.stop(), 30_000);

describe('RabbitMQ 3.10 MQTT plugin: what it answers', () => {
  it('runs the RabbitMQ this file means', () => {
    expect(rabbit.version).toMatch(/^3\.10\./);
  });

  it('communication/mqtt-connack-unacceptable-protocol-version: an MQTT 5 CONNECT is closed without any CONNACK ("MQTT cannot parse a frame")', async () => {
    const a = await attempt(rabbit.port, { ...alice, protocolVersion: 5 });
    expect(a).toMatchObject({ connack: null, closed: true });
    const raw = await exchange(
      rabbit.port,
      connectPacket({ level: 5, clientId: uid('v5'), username: 'alice', password: 'secret' }),
      5000,
    );
    expect(raw).toEqual({ closed: true, bytes: Buffer.alloc(0) });
    expect(await logShows(rabbit.log, 'MQTT cannot parse a frame')).toBe(true);
  });

  it('communication/mqtt-connack-bad-credentials: a wrong password, an unknown user and missing credentials all get CONNACK 4', async () => {
    const answers = await Promise.all([
      attempt(rabbit.port, { username: 'alice', password: 'wrong' }),
      attempt(rabbit.port, { username: 'nobody', password: 'secret' }),
      attempt(rabbit.port),
    ]);
    for (const a of answers)
      expect(a.error).toEqual({ code: 4, message: 'Connection refused: Bad username or password' });
    expect(
      await logShows(rabbit.log, "MQTT login failed for user 'alice', authentication failed"),
    ).toBe(true);
    expect(await logShows(rabbit.log, 'MQTT login failed: no credentials provided')).toBe(true);
  });

  it('communication/mqtt-qos-downgraded: a QoS 2 subscription is granted QoS 1', async () => {
    const c = await connected(rabbit.port, alice);
    try {
      expect((await c.subscribeAsync(uid('q2/t'), { qos: 2 })).map((g) => g.qos)).toEqual([1]);
    } finally {
      await endAll(c);
    }
  });

  it('communication/mqtt-qos-downgraded: a 3.1.1 QoS 2 PUBLISH is handled as QoS 1 (answered with PUBACK, delivered at QoS 1)', async () => {
    const topic = uid('q2p');
    const sub = await connected(rabbit.port, alice);
    const pub = await connected(rabbit.port, alice);
    try {
      const got = inbox(sub);
      await sub.subscribeAsync(topic, { qos: 2 });
      const acks: string[] = [];
      pub.on('packetreceive', (p) => {
        if (['puback', 'pubrec'].includes(p.cmd)) acks.push(p.cmd);
      });
      expect(await publishOutcome(pub, topic, 'exactly-once?', { qos: 2 })).toEqual({
        acked: true,
      });
      expect(acks).toEqual(['puback']);
      expect(await until(() => got.length > 0)).toBe(true);
      expect(got[0]).toMatchObject({ payload: 'exactly-once?', qos: 1 });
    } finally {
      await endAll(sub, pub);
    }
  });

  it('communication/mqtt-retained-message-stale: a retained message reaches a new subscriber of its exact topic but not one of a wildcard filter; an empty retained PUBLISH clears it', async () => {
    const parent = uid('rt');
    const pub = await connected(rabbit.port, alice);
    const exact = await connected(rabbit.port, alice);
    const wild = await connected(rabbit.port, alice);
    const later = await connected(rabbit.port, alice);
    try {
      await pub.publishAsync(`${parent}/state`, 'on', { qos: 1, retain: true });
      const [e, w] = [inbox(exact), inbox(wild)];
      await exact.subscribeAsync(`${parent}/state`, { qos: 1 });
      await wild.subscribeAsync(`${parent}/+`, { qos: 1 });
      await pub.publishAsync(`${parent}/marker`, 'live', { qos: 1 });
      expect(await until(() => e.length > 0 && w.length > 0)).toBe(true);
      expect(e[0]).toMatchObject({ payload: 'on', retain: true });
      expect(w.map((m) => m.payload)).toEqual(['live']);
      await pub.publishAsync(`${parent}/state`, '', { qos: 1, retain: true });
      const l = inbox(later);
      await later.subscribeAsync(`${parent}/state`, { qos: 1 });
      await pub.publishAsync(`${parent}/state`, 'after', { qos: 1 });
      expect(await until(() => l.length > 0)).toBe(true);
      expect(l.map((m) => m.payload)).toEqual(['after']);
    } finally {
      await endAll(pub, exact, wild, later);
    }
  });

  it('communication/mqtt-shared-subscription-behaviour: $share/<group>/<topic> is an ordinary filter: granted, but only a PUBLISH to that literal name reaches it', async () => {
    const topic = uid('jobs');
    const member = await connected(rabbit.port, alice);
    const witness = await connected(rabbit.port, alice);
    const pub = await connected(rabbit.port, alice);
    try {
      const got = inbox(member);
      const seen = inbox(witness);
      expect((await member.subscribeAsync(`$share/g/${topic}`, { qos: 1 }))[0]!.qos).toBe(1);
      await witness.subscribeAsync(topic, { qos: 1 });
      for (const m of ['m1', 'm2', 'm3']) await pub.publishAsync(topic, m, { qos: 1 });
      await pub.publishAsync(`$share/g/${topic}`, 'literal', { qos: 1 });
      expect(await until(() => seen.length === 3 && got.length > 0)).toBe(true);
      expect(got.map((m) => m.payload)).toEqual(['literal']);
    } finally {
      await endAll(member, witness, pub);
    }
  });

  it('communication/mqtt-subscriber-receives-nothing: "/" and "." are the same separator: a message published to a.b reaches a subscriber of a/b', async () => {
    const base = uid('dots');
    const sub = await connected(rabbit.port, alice);
    const pub = await connected(rabbit.port, alice);
    try {
      const got = inbox(sub);
      await sub.subscribeAsync(`${base}/line1`, { qos: 1 });
      await pub.publishAsync(`${base}.line1`, 'dotted', { qos: 1 });
      expect(await until(() => got.length > 0)).toBe(true);
      expect(got[0]).toMatchObject({ topic: `${base}/line1`, payload: 'dotted' });
    } finally {
      await endAll(sub, pub);
    }
  });

  it('communication/mqtt-session-taken-over: a second connection with the same client id closes the first, which sees only the close', async () => {
    const id = uid('twin');
    const first = await connected(rabbit.port, { ...alice, clientId: id });
    const seen: string[] = [];
    first.on('disconnect', () => seen.push('DISCONNECT'));
    const closed = closes(first);
    const second = await connected(rabbit.port, { ...alice, clientId: id });
    try {
      expect(await closed).toBe(true);
      expect(seen).toEqual([]);
      expect(second.connected).toBe(true);
      expect(await logShows(rabbit.log, `with duplicate id '${id}'`)).toBe(true);
    } finally {
      await endAll(first, second);
    }
  });

  it('communication/mqtt-publish-denied-acl: a 3.1.1 PUBLISH its topic permission denies gets no PUBACK: the connection is closed', async () => {
    const reader = await connected(rabbit.port, { username: 'reader', password: 'secret' });
    const closed = closes(reader);
    const outcome = await publishOutcome(reader, uid('denied'), 'no', { qos: 1 }, 1000);
    expect(outcome.acked).toBe(false);
    expect(await closed).toBe(true);
    reader.end(true);
  });

  it('communication/mqtt-last-will-not-published: the Will is published when the socket drops, not after a DISCONNECT', async () => {
    const topic = uid('will');
    const sub = await connected(rabbit.port, alice);
    try {
      const got = inbox(sub);
      await sub.subscribeAsync(topic, { qos: 1 });
      const will = (payload: string) => ({
        topic,
        payload: Buffer.from(payload),
        qos: 1 as const,
        retain: false,
      });
      await endAll(await connected(rabbit.port, { ...alice, will: will('polite') }));
      const dying = await connected(rabbit.port, { ...alice, will: will('dropped') });
      dying.stream.destroy();
      expect(await until(() => got.length > 0)).toBe(true);
      expect(got.map((m) => m.payload)).toEqual(['dropped']);
      dying.end(true);
    } finally {
      await endAll(sub);
    }
  });

  it('communication/mqtt-messages-lost-clean-session: 3.10 queues both the QoS 0 and the QoS 1 message for an offline Clean Session 0 client', async () => {
    const id = uid('persistent');
    const topic = uid('sess');
    const first = await connected(rabbit.port, { ...alice, clientId: id, clean: false });
    await first.subscribeAsync(topic, { qos: 1 });
    await endAll(first);
    const pub = await connected(rabbit.port, alice);
    await pub.publishAsync(topic, 'qos0', { qos: 0 });
    await pub.publishAsync(topic, 'qos1', { qos: 1 });
    let got: ReturnType<typeof inbox> = [];
    const back = await attempt(
      rabbit.port,
      { ...alice, clientId: id, clean: false },
      (c) => (got = inbox(c)),
    );
    try {
      expect(back.connack?.sessionPresent).toBe(true);
      expect(await until(() => got.length === 2)).toBe(true);
      expect(got.map((m) => [m.payload, m.qos])).toEqual([
        ['qos0', 0],
        ['qos1', 1],
      ]);
    } finally {
      await endAll(pub, back.client);
      await endAll(await connected(rabbit.port, { ...alice, clientId: id, clean: true }));
    }
  });
});

describe('mqtt-why probe against RabbitMQ 3.10', () => {
  const url = () => `mqtt://alice:secret@127.0.0.1:${rabbit.port}`;

  it('protocol auto falls back to MQTT 3.1.1 and says the broker closed the MQTT 5 CONNECT without a CONNACK', async () => {
    const r = await probe(url());
    expect(verdicts(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'auth:ok', 'roundtrip:ok']);
    // Anonymous clients are refused with 4, which proves the broker up and guarded.
    expect(stepOf(r, 'connect').summary).toMatch(/refuses anonymous clients \(CONNACK 0x04\)/);
    expect(stepOf(r, 'auth').details).toMatchObject({
      protocol: 'MQTT 3.1.1',
      mqtt5: 'refused: the connection closed without a CONNACK',
    });
  });

  it('protocol 5 is diagnosed as communication/mqtt-connack-unacceptable-protocol-version, not as a lost connection', async () => {
    const r = await probe(url(), {}, { protocol: '5' });
    expect(r.ok).toBe(false);
    expect(r.diagnosis[0]).toBe('communication/mqtt-connack-unacceptable-protocol-version');
    expect(stepOf(r, 'connect').summary).toMatch(
      /does not speak MQTT 5: an MQTT 5 CONNECT got the connection closed without a CONNACK/,
    );
  });

  it("names the AMQP port for what it is, instead of reading AMQP's header as an MQTT PUBACK", async () => {
    const r = await probe(`mqtt://127.0.0.1:${rabbit.amqpPort}`);
    const connect = stepOf(r, 'connect');
    expect(connect.ok).toBe(false);
    expect(connect.details.speaks).toBe('AMQP');
    expect(connect.summary).toMatch(/speaks AMQP, not MQTT: .*rabbitmq_mqtt/);
    expect(r.diagnosis).toEqual([]);
  });

  it('--delivery: will and session pass; retained, qos and shared report what RabbitMQ 3.10 does differently', async () => {
    const r = await probe(url(), { delivery: true });
    expect(verdicts(r).slice(5)).toEqual([
      'retained:fail',
      'will:ok',
      'session:ok',
      'qos:fail',
      'shared:fail',
    ]);
    expect(stepOf(r, 'retained')).toMatchObject({
      kbIds: ['communication/mqtt-retained-message-stale'],
      summary: expect.stringMatching(
        /but not one of .*\/\+: the broker sends no retained messages to wildcard subscriptions/,
      ),
    });
    expect(stepOf(r, 'qos').summary).toMatch(
      /QoS 2: granted 1, delivered 1 \(the QoS 2 PUBLISH was answered with PUBACK\)/,
    );
    expect(stepOf(r, 'shared').summary).toMatch(
      /the broker takes \$share\/ as an ordinary topic filter/,
    );
    expect(r.diagnosis).toEqual([
      'communication/mqtt-retained-message-stale',
      'communication/mqtt-qos-downgraded',
      'communication/mqtt-shared-subscription-behaviour',
    ]);
  });
});
