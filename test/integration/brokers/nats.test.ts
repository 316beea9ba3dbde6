/**
 * Claims about NATS's MQTT listener (nats-server 2.9, MQTT 3.1.1 only, JetStream), each proved on a
 * server this file starts; every test names the KB entry whose `## Reproduced` section cites it.
 * Then `mqtt-why probe` against the same listener: protocol fallback and the delivery checks.
 */
import { connectPacket, exchange } from '../../helpers/raw-mqtt';
import { RunningNats, startNats } from '../../helpers/nats';
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

let nats: RunningNats;
const alice = { username: 'alice', password: 'secret' };

beforeAll(async () => {
  nats = await startNats({
    users: [
      { user: 'alice', password: 'secret' },
      { user: 'reader', password: 'secret', publish: ['allowed.>'] },
    ],
  });
}, 30_000);
afterAll(() => nats?.stop());

describe('NATS 2.9 MQTT listener: what it answers', () => {
  it('communication/mqtt-connack-unacceptable-protocol-version, communication/mqtt-bridge-not-forwarding: an MQTT 5 CONNECT gets a 3.1.1 CONNACK 1', async () => {
    const a = await attempt(nats.port, { ...alice, protocolVersion: 5 });
    expect(a.connack).toBeNull();
    expect(a.error).toEqual({
      code: 1,
      message: 'Connection refused: Unacceptable protocol version',
    });
    // The raw answer: a two-byte 3.1.1 CONNACK with return code 1, then the close.
    const raw = await exchange(
      nats.port,
      connectPacket({ level: 5, clientId: uid('v5'), username: 'alice', password: 'secret' }),
      5000,
    );
    expect(raw).toMatchObject({ closed: true });
    expect(raw.bytes.toString('hex')).toBe('20020001');
    expect(await logShows(nats.log, 'unacceptable protocol version of 5')).toBe(true);
  });

  it('communication/mqtt-connack-not-authorized: a wrong password and missing credentials both get CONNACK 5, never 4', async () => {
    const wrong = await attempt(nats.port, { username: 'alice', password: 'wrong' });
    const none = await attempt(nats.port);
    expect(wrong.error).toEqual({ code: 5, message: 'Connection refused: Not authorized' });
    expect(none.error).toEqual({ code: 5, message: 'Connection refused: Not authorized' });
  });

  it('communication/mqtt-qos-downgraded: a QoS 2 subscription is granted QoS 1', async () => {
    const c = await connected(nats.port, alice);
    try {
      const granted = await c.subscribeAsync(uid('q2/t'), { qos: 2 });
      expect(granted.map((g) => g.qos)).toEqual([1]);
    } finally {
      await endAll(c);
    }
  });

  it('communication/mqtt-qos-downgraded: a QoS 2 PUBLISH closes the publisher\'s connection ("publish QoS=2 not supported")', async () => {
    const pub = await connected(nats.port, alice);
    try {
      const closed = closes(pub);
      pub.publish(uid('q2/p'), 'x', { qos: 2 });
      expect(await closed).toBe(true);
      expect(await logShows(nats.log, 'publish QoS=2 not supported')).toBe(true);
    } finally {
      await endAll(pub);
    }
  });

  it('communication/mqtt-shared-subscription-behaviour: $share/<group>/<topic> is an ordinary filter: granted, but only a PUBLISH to that literal name reaches it', async () => {
    const topic = uid('jobs');
    const member = await connected(nats.port, alice);
    const witness = await connected(nats.port, alice);
    const pub = await connected(nats.port, alice);
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

  it('communication/mqtt-retained-message-stale: a retained message reaches new exact and wildcard subscribers; an empty retained PUBLISH deletes it', async () => {
    const parent = uid('rt');
    const pub = await connected(nats.port, alice);
    const exact = await connected(nats.port, alice);
    const wild = await connected(nats.port, alice);
    const later = await connected(nats.port, alice);
    try {
      await pub.publishAsync(`${parent}/state`, 'on', { qos: 1, retain: true });
      const [e, w] = [inbox(exact), inbox(wild)];
      await exact.subscribeAsync(`${parent}/state`, { qos: 1 });
      await wild.subscribeAsync(`${parent}/+`, { qos: 1 });
      expect(await until(() => e.length > 0 && w.length > 0)).toBe(true);
      expect(e[0]).toMatchObject({ payload: 'on', retain: true });
      expect(w[0]).toMatchObject({ payload: 'on', retain: true });
      await pub.publishAsync(`${parent}/state`, '', { qos: 1, retain: true });
      const l = inbox(later);
      await later.subscribeAsync(`${parent}/+`, { qos: 1 });
      await pub.publishAsync(`${parent}/marker`, 'after', { qos: 1 });
      expect(await until(() => l.length > 0)).toBe(true);
      expect(l.map((m) => m.payload)).toEqual(['after']);
    } finally {
      await endAll(pub, exact, wild, later);
    }
  });

  it('communication/mqtt-messages-lost-clean-session: an offline Clean Session 0 client gets the QoS 1 message published meanwhile, not the QoS 0 one', async () => {
    const id = uid('persistent');
    const topic = uid('sess');
    const first = await connected(nats.port, { ...alice, clientId: id, clean: false });
    await first.subscribeAsync(topic, { qos: 1 });
    await endAll(first);
    const pub = await connected(nats.port, alice);
    await pub.publishAsync(topic, 'qos0', { qos: 0 });
    await pub.publishAsync(topic, 'qos1', { qos: 1 });
    let got: ReturnType<typeof inbox> = [];
    const back = await attempt(
      nats.port,
      { ...alice, clientId: id, clean: false },
      (c) => (got = inbox(c)),
    );
    try {
      expect(back.connack?.sessionPresent).toBe(true);
      expect(await until(() => got.some((m) => m.payload === 'qos1'))).toBe(true);
      expect(await until(() => got.some((m) => m.payload === 'qos0'), 300)).toBe(false);
    } finally {
      await endAll(pub, back.client);
      await endAll(await connected(nats.port, { ...alice, clientId: id, clean: true }));
    }
  });

  it('communication/mqtt-last-will-not-published: the Will is published when the socket drops, not after a DISCONNECT', async () => {
    const topic = uid('will');
    const sub = await connected(nats.port, alice);
    try {
      const got = inbox(sub);
      await sub.subscribeAsync(topic, { qos: 1 });
      const polite = await connected(nats.port, {
        ...alice,
        will: { topic, payload: Buffer.from('polite'), qos: 1, retain: false },
      });
      await endAll(polite);
      const dying = await connected(nats.port, {
        ...alice,
        will: { topic, payload: Buffer.from('dropped'), qos: 1, retain: false },
      });
      dying.stream.destroy();
      expect(await until(() => got.length > 0)).toBe(true);
      expect(got.map((m) => m.payload)).toEqual(['dropped']);
      dying.end(true);
    } finally {
      await endAll(sub);
    }
  });

  it('communication/mqtt-subscriber-receives-nothing: 2.9 refuses topics with "." or " " and closes the connection', async () => {
    for (const topic of ['plant.line1/temp', 'plant line1/temp']) {
      const c = await connected(nats.port, alice);
      const closed = closes(c);
      c.publish(topic, 'x', { qos: 1 });
      expect(await closed).toBe(true);
    }
    expect(await logShows(nats.log, "characters ' ' and '.' not supported for MQTT topics")).toBe(
      true,
    );
  });

  it('communication/mqtt-publish-denied-acl: a PUBLISH its permissions deny is acknowledged (PUBACK), never delivered, and logged as "Publish Violation"', async () => {
    const reader = await connected(nats.port, { username: 'reader', password: 'secret' });
    const sub = await connected(nats.port, alice);
    try {
      const got = inbox(sub);
      const base = uid('acl');
      await sub.subscribeAsync(`${base}/#`, { qos: 1 });
      expect(await publishOutcome(reader, `${base}/denied`, 'no', { qos: 1 })).toEqual({
        acked: true,
      });
      expect(reader.connected).toBe(true);
      await (await connected(nats.port, alice)).publishAsync(`${base}/marker`, 'after', { qos: 1 });
      expect(await until(() => got.length > 0)).toBe(true);
      expect(got.map((m) => m.payload)).toEqual(['after']);
      expect(await logShows(nats.log, 'Publish Violation - User "reader"')).toBe(true);
    } finally {
      await endAll(reader, sub);
    }
  });

  it('communication/mqtt-session-taken-over: a second connection with the same client id closes the first, which sees only the close', async () => {
    const id = uid('twin');
    const first = await connected(nats.port, { ...alice, clientId: id });
    const seen: string[] = [];
    first.on('disconnect', () => seen.push('DISCONNECT'));
    const closed = closes(first);
    const second = await connected(nats.port, { ...alice, clientId: id });
    try {
      expect(await closed).toBe(true);
      expect(seen).toEqual([]);
      expect(second.connected).toBe(true);
    } finally {
      await endAll(first, second);
    }
  });

  it('communication/mqtt-half-open-connection: a client that sends nothing after CONNECT is closed once its Keep Alive has passed', async () => {
    const raw = await exchange(
      nats.port,
      connectPacket({
        level: 4,
        clientId: uid('silent'),
        keepalive: 1,
        username: 'alice',
        password: 'secret',
      }),
      15_000,
    );
    // Accepted (CONNACK 0), then closed by the server with nothing more sent: no PINGREQ came.
    expect(raw.closed).toBe(true);
    expect(raw.bytes.toString('hex')).toBe('20020000');
  });
});

describe('mqtt-why probe against NATS 2.9', () => {
  const url = () => `mqtt://alice:secret@127.0.0.1:${nats.port}`;

  it('protocol auto falls back to MQTT 3.1.1 and says the broker refused MQTT 5 with CONNACK 0x01', async () => {
    const r = await probe(url());
    expect(verdicts(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'auth:ok', 'roundtrip:ok']);
    expect(stepOf(r, 'auth').details).toMatchObject({
      protocol: 'MQTT 3.1.1',
      mqtt5: expect.stringContaining('CONNACK 0x01'),
    });
  });

  it('protocol 5 is diagnosed as communication/mqtt-connack-unacceptable-protocol-version', async () => {
    const r = await probe(url(), {}, { protocol: '5' });
    expect(r.ok).toBe(false);
    expect(r.diagnosis[0]).toBe('communication/mqtt-connack-unacceptable-protocol-version');
    expect(stepOf(r, 'auth').summary).toMatch(
      /does not speak MQTT 5: an MQTT 5 CONNECT got CONNACK 0x01/,
    );
  });

  it("names the NATS client port for what it is, instead of reading NATS's INFO line as MQTT", async () => {
    const r = await probe(`mqtt://127.0.0.1:${nats.clientPort}`);
    const connect = stepOf(r, 'connect');
    expect(connect.ok).toBe(false);
    expect(connect.details.speaks).toBe('the NATS client protocol');
    expect(connect.summary).toMatch(/speaks the NATS client protocol, not MQTT: .*mqtt \{ port/);
    // No entry is about a wrong port: none is listed (it used to be WebSocket and payload format).
    expect(r.diagnosis).toEqual([]);
  });

  it('--delivery: retained, will and session pass; qos and shared report what NATS 2.9 does differently', async () => {
    const r = await probe(url(), { delivery: true });
    expect(verdicts(r).slice(5)).toEqual([
      'retained:ok',
      'will:ok',
      'session:ok',
      'qos:fail',
      'shared:fail',
    ]);
    expect(stepOf(r, 'qos')).toMatchObject({
      kbIds: ['communication/mqtt-qos-downgraded'],
      summary: expect.stringMatching(
        /QoS 2 subscription was granted QoS 1, a QoS 2 PUBLISH made the broker close the connection/,
      ),
    });
    expect(stepOf(r, 'shared')).toMatchObject({
      kbIds: ['communication/mqtt-shared-subscription-behaviour'],
      summary: expect.stringMatching(
        /none of 6 messages .* arrived: the broker takes \$share\/ as an ordinary topic filter/,
      ),
    });
    expect(r.diagnosis).toEqual([
      'communication/mqtt-qos-downgraded',
      'communication/mqtt-shared-subscription-behaviour',
    ]);
  });
});
