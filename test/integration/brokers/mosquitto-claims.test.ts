/**
 * Claims the KB's prose made about Mosquitto 2.0 (Debian 12's 2.0.11), its command-line clients and
 * MQTT.js 5.16 that no test backed: authentication methods, start-up errors, local-only mode,
 * in-flight quota, payload format, topic aliases, invalid topics, client output. Each is proved
 * on an instance this file starts, and names the KB entry that cites it.
 */
import { execFile, spawn } from 'child_process';
import { promises as fs } from 'fs';
import { MqttClient } from 'mqtt';
import path from 'path';
import {
  connectPacket,
  exchange,
  packetList,
  publishPacket,
  subscribePacket,
} from '../../helpers/raw-mqtt';
import {
  freePort,
  mosquittoForFile,
  runToExit,
  startScriptedConnack,
  startSilentListener,
  tempDir,
} from '../../helpers/brokers';
import { attempt, connected, endAll, logShows, uid, until } from '../../helpers/mqtt-claims';

const mosquitto = mosquittoForFile();

/** Runs a Mosquitto command-line client to its end: exit status and everything it printed. */
function client(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? -1) : 0;
      resolve({ code: typeof code === 'number' ? code : -1, output: stdout + stderr });
    });
  });
}

/** A one-line property: Topic Alias (0x23) with a two-byte value. */
const topicAlias = (n: number) => Buffer.from([0x23, n >> 8, n & 0xff]);

/** The reason code of each packet of `type` in `bytes` (0 when the packet carries none). */
const reasons = (bytes: Buffer, type: number, at: number) =>
  packetList(bytes)
    .filter((p) => p.type === type)
    .map((p) => p.body[at] ?? 0);

describe('Mosquitto 2.0 start-up', () => {
  const confFile = async (lines: string[]) => {
    const dir = await tempDir('mqtt-why-mosq-conf-');
    const file = path.join(dir, 'm.conf');
    await fs.writeFile(file, `${lines.join('\n')}\n`);
    await fs.chmod(file, 0o644);
    return { dir, file };
  };

  it('communication/mqtt-broker-config-error: an unknown option stops the broker with "Error found at <file>:<line>." and exit status 3; `max_inflight_messages abc` is accepted silently', async () => {
    const port = await freePort();
    const { dir, file } = await confFile([
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'bogus_option 1',
    ]);
    try {
      const { code, output } = await runToExit(file);
      expect(code).toBe(3);
      expect(output).toContain('Error: Unknown configuration variable "bogus_option".');
      expect(output).toContain(`Error found at ${file}:3.`);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    const lax = await mosquitto(['allow_anonymous true', 'max_inflight_messages abc']);
    await endAll(await connected(lax.port));
  });

  it('communication/mqtt-mosquitto-anonymous-disabled: `per_listener_settings true` after `allow_anonymous` stops the broker with "per_listener_settings must be set before any other security settings."', async () => {
    const port = await freePort();
    const { dir, file } = await confFile([
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'per_listener_settings true',
    ]);
    try {
      const { code, output } = await runToExit(file);
      expect(code).toBe(3);
      expect(output).toContain(
        'Error: per_listener_settings must be set before any other security settings.',
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('communication/mqtt-mosquitto-local-only-mode, communication/mqtt-mosquitto-anonymous-disabled: a config without a listener starts in local only mode and lets anonymous loopback clients in', async () => {
    const { dir, file } = await confFile(['log_type all']);
    // In local only mode Mosquitto keeps running when one of its two sockets cannot bind ("Error:
    // Address already in use" for IPv4, IPv6 open): a port that a parallel test took between
    // freePort() and the bind would send our IPv4 client to that test's server. A fresh port then.
    let port = 0;
    let child: ReturnType<typeof spawn> | null = null;
    let output = '';
    for (let tries = 0; tries < 5; tries++) {
      port = await freePort();
      output = '';
      const started = spawn('mosquitto', ['-c', file, '-p', String(port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.stdout!.on('data', (c: Buffer) => (output += c.toString()));
      started.stderr!.on('data', (c: Buffer) => (output += c.toString()));
      child = started;
      const running = await until(() => output.includes(' running'));
      if (running && !output.includes('Address already in use')) break;
      const exited = new Promise((r) => started.once('exit', r));
      started.kill('SIGTERM');
      await exited;
    }
    try {
      expect(output).toContain(' running');
      expect(output).not.toContain('Address already in use');
      expect(output).toContain(
        'Starting in local only mode. Connections will only be possible from clients running on this machine.',
      );
      const anonymous = await attempt(port);
      expect(anonymous.connack?.returnCode).toBe(0);
      await endAll(anonymous.client);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child!.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Mosquitto 2.0 command-line clients', () => {
  it('communication/mqtt-tcp-connection-refused: mosquitto_pub to a closed port prints "Error: Connection refused"', async () => {
    const port = await freePort();
    const r = await client('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-t',
      't',
      '-m',
      'x',
    ]);
    expect(r).toEqual({ code: 1, output: 'Error: Connection refused\n' });
  });

  it('communication/mqtt-dns-resolution-failed: mosquitto_pub to a name that does not resolve prints "Unable to connect (Lookup error.)."', async () => {
    const r = await client('mosquitto_pub', ['-h', 'no-such-host.invalid', '-t', 't', '-m', 'x']);
    expect(r).toEqual({ code: 1, output: 'Unable to connect (Lookup error.).\n' });
  });

  it('communication/mqtt-connect-timeout: mosquitto_sub -d against a listener that never answers shows only "sending CONNECT", again every keepalive, and exits at -W', async () => {
    const silent = await startSilentListener();
    try {
      const args = [
        '-d',
        '-h',
        '127.0.0.1',
        '-p',
        String(silent.port),
        '-t',
        't',
        '-k',
        '5',
        '-W',
        '7',
      ];
      const r = await client('mosquitto_sub', args);
      const lines = r.output.trim().split('\n');
      expect(lines).toEqual(['Client (null) sending CONNECT', 'Client (null) sending CONNECT']);
    } finally {
      await silent.stop();
    }
  });

  it('communication/mqtt-connack-unacceptable-protocol-version: mosquitto_sub -V 5 reads a two-byte CONNACK 1 as 132, prints "Unsupported Protocol Version" and exits with 132; a 3.1.1 client shows "received CONNACK (1)"', async () => {
    const v3only = await startScriptedConnack(1, '3.1.1');
    try {
      const sub = (v: string) =>
        client('mosquitto_sub', [
          '-d',
          '-h',
          '127.0.0.1',
          '-p',
          String(v3only.port),
          '-t',
          't',
          '-V',
          v,
        ]);
      const v5 = await sub('mqttv5');
      expect(v5.code).toBe(132);
      expect(v5.output).toContain('received CONNACK (132)');
      expect(v5.output).toContain(
        'Connection error: Unsupported Protocol Version. Try connecting to an MQTT v5 broker, or use MQTT v3.x mode.',
      );
      expect((await sub('mqttv311')).output).toContain('received CONNACK (1)');
    } finally {
      await v3only.stop();
    }
  });

  it('communication/mqtt-mosquitto-anonymous-disabled: against a listener-only config mosquitto_sub prints "Connection error: Connection Refused: not authorised." (3.1.1) and "Connection error: Not authorized" (MQTT 5)', async () => {
    const broker = await mosquitto([]);
    const sub = (v: string) =>
      client('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 't', '-V', v]);
    expect((await sub('mqttv311')).output).toContain(
      'Connection error: Connection Refused: not authorised.',
    );
    expect((await sub('mqttv5')).output).toContain('Connection error: Not authorized');
  });
});

/** CONNECT (MQTT 5) then `n` PUBLISHes at `qos` that are never released: the PUBREC / PUBACK codes. */
async function burst(
  port: number,
  qos: 1 | 2,
  n: number,
): Promise<{ closed: boolean; acks: number[] }> {
  const bytes = Buffer.concat([
    connectPacket({ level: 5, clientId: uid('quota') }),
    ...Array.from({ length: n }, (_, i) =>
      publishPacket({ level: 5, topic: uid('q'), qos, id: i + 1, payload: Buffer.from('x') }),
    ),
  ]);
  const r = await exchange(port, bytes, 1500);
  return { closed: r.closed, acks: reasons(r.bytes, qos === 2 ? 5 : 4, 2) };
}

describe('Mosquitto 2.0 with anonymous access and max_inflight_messages 2', () => {
  it('communication/mqtt-receive-maximum-exceeded: MQTT 5 clients read Receive Maximum 2; QoS 2 publishes past it without PUBREL get PUBREC 0x97 and the connection stays up', async () => {
    const broker = await mosquitto(['allow_anonymous true', 'max_inflight_messages 2']);
    const v5 = await attempt(broker.port, { protocolVersion: 5 });
    expect(v5.connack?.properties?.receiveMaximum).toBe(2);
    await endAll(v5.client);
    expect(await burst(broker.port, 2, 6)).toEqual({
      closed: false,
      acks: [0, 0, 0x97, 0, 0x97, 0],
    });
  });
});

describe('Mosquitto 2.0 with anonymous access', () => {
  let port: number;
  let log: () => Promise<string>;
  beforeAll(async () => {
    const broker = await mosquitto(['allow_anonymous true']);
    ({ port, log } = broker);
  });

  it('communication/mqtt-bad-authentication-method: an MQTT 5 CONNECT with an Authentication Method gets CONNACK 0x8C, logged "Client <unknown> disconnected due to QoS too high or retain not supported."', async () => {
    const a = await attempt(port, {
      protocolVersion: 5,
      properties: { authenticationMethod: 'SCRAM-SHA-1' },
    });
    expect(a.error?.code).toBe(0x8c);
    expect(await logShows(log, '(0, 140)')).toBe(true);
    expect(
      await logShows(
        log,
        'Client <unknown> disconnected due to QoS too high or retain not supported.',
      ),
    ).toBe(true);
  });

  it('communication/mqtt-connection-lost: a client that drops its socket without DISCONNECT is logged "Client <id> closed its connection."', async () => {
    const c = await connected(port);
    const id = c.options.clientId!;
    c.stream.destroy();
    expect(await logShows(log, `Client ${id} closed its connection.`)).toBe(true);
    c.end(true);
  });

  it('communication/mqtt-payload-format-invalid: no UTF-8 validation: a QoS 1 PUBLISH with Payload Format Indicator 1 and payload ff fe gets PUBACK 0x10, and such a Will is accepted', async () => {
    const bad = Buffer.from([0xff, 0xfe]);
    const willed = await attempt(port, {
      protocolVersion: 5,
      will: {
        topic: uid('w'),
        payload: bad,
        qos: 0,
        retain: false,
        properties: { payloadFormatIndicator: true },
      },
    });
    expect(willed.connack?.reasonCode ?? 0).toBe(0);
    const acks: number[] = [];
    willed.client.on('packetreceive', (p) => {
      if (p.cmd === 'puback') acks.push(p.reasonCode ?? 0);
    });
    willed.client.publish(uid('utf8'), bad, {
      qos: 1,
      properties: { payloadFormatIndicator: true },
    });
    expect(await until(() => acks.length > 0)).toBe(true);
    expect(acks).toEqual([0x10]);
    await endAll(willed.client);
  });

  it('communication/mqtt-rate-or-quota-exceeded: with the default max_inflight_messages 20, 25 QoS 2 publishes without PUBREL get PUBREC 0x00 for the first 20, then 0x97 and 0x00 in turn; 40 QoS 1 publishes get no 0x97', async () => {
    const qos2 = await burst(port, 2, 25);
    expect(qos2.closed).toBe(false);
    expect(qos2.acks).toEqual([...Array(20).fill(0), 0x97, 0, 0x97, 0, 0x97]);
    const qos1 = await burst(port, 1, 40);
    expect(qos1.acks).toHaveLength(40);
    expect(qos1.acks).not.toContain(0x97);
  });

  it('communication/mqtt-not-connected: MQTT.js fails publish and subscribe with "client disconnecting" while end() runs, and after it with the default reconnectPeriod', async () => {
    const fail = (c: MqttClient) =>
      Promise.all([
        new Promise<string>((r) => c.publish('t', 'x', { qos: 1 }, (e) => r(String(e?.message)))),
        new Promise<string>((r) => c.subscribe('t', (e) => r(String(e?.message)))),
      ]);
    const ending = await connected(port);
    const ended = endAll(ending);
    expect(await fail(ending)).toEqual(['client disconnecting', 'client disconnecting']);
    await ended;
    const c = await connected(port, { reconnectPeriod: 1000 });
    await endAll(c);
    expect(await fail(c)).toEqual(['client disconnecting', 'client disconnecting']);
  });

  it('communication/mqtt-topic-alias-invalid: MQTT.js refuses an alias above the server maximum ("Sending Topic Alias out of range"); Mosquitto answers alias 11 with DISCONNECT 0x94, alias 0 with 0x81, an unknown alias with 0x82', async () => {
    const c = await attempt(port, { protocolVersion: 5 });
    expect(c.connack?.properties?.topicAliasMaximum).toBe(10);
    const err = await new Promise<string>((r) =>
      c.client.publish('t', 'x', { qos: 0, properties: { topicAlias: 11 } }, (e) =>
        r(String(e?.message)),
      ),
    );
    expect(err).toBe('Sending Topic Alias out of range');
    await endAll(c.client);

    const send = async (topic: string, alias: number) => {
      const id = uid('alias');
      const bytes = Buffer.concat([
        connectPacket({ level: 5, clientId: id }),
        publishPacket({ level: 5, topic, props: topicAlias(alias) }),
      ]);
      const r = await exchange(port, bytes, 3000);
      return { closed: r.closed, disconnect: reasons(r.bytes, 14, 0), id };
    };
    const tooBig = await send('a', 11);
    expect(tooBig).toMatchObject({ closed: true, disconnect: [0x94] });
    expect(
      await logShows(log, `Bad socket read/write on client ${tooBig.id}: Unknown error.`),
    ).toBe(true);
    expect(await send('a', 0)).toMatchObject({ closed: true, disconnect: [0x81] });
    expect(await send('', 5)).toMatchObject({ closed: true, disconnect: [0x82] });
  });

  it('communication/mqtt-topic-invalid: a wildcard or empty PUBLISH topic gets DISCONNECT 0x82 ("disconnected due to protocol error"), an invalid filter 0x81 ("Invalid subscription string from"), a NUL in a topic 0x81; never 0x8F / 0x90', async () => {
    const run = async (packet: Buffer) => {
      const r = await exchange(
        port,
        Buffer.concat([connectPacket({ level: 5, clientId: uid('topic') }), packet]),
        3000,
      );
      return { closed: r.closed, disconnect: reasons(r.bytes, 14, 0) };
    };
    expect(await run(publishPacket({ level: 5, topic: 'a/#' }))).toEqual({
      closed: true,
      disconnect: [0x82],
    });
    expect(await run(publishPacket({ level: 5, topic: 'a/+/b' }))).toEqual({
      closed: true,
      disconnect: [0x82],
    });
    expect(await run(publishPacket({ level: 5, topic: '' }))).toEqual({
      closed: true,
      disconnect: [0x82],
    });
    expect(await logShows(log, 'disconnected due to protocol error.')).toBe(true);
    expect(await run(subscribePacket(5, 'a/#/b'))).toEqual({ closed: true, disconnect: [0x81] });
    expect(await logShows(log, 'Invalid subscription string from')).toBe(true);
    const nul = Buffer.from('a\u0000b');
    expect(await run(publishPacket({ level: 5, topic: nul }))).toEqual({
      closed: true,
      disconnect: [0x81],
    });
  });
});
