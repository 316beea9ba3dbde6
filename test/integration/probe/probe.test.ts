import net from 'net';
import { promises as fs } from 'fs';
import mqtt from 'mqtt';
import { DEFAULT_KB_DIR } from '../../../src/config';
import { Triage } from '../../../src/core/triage';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { runProbe } from '../../../src/probe/probe';
import { urlTarget } from '../../helpers/broker-config';
import { ProbeResult, ProbeTarget, stepOf } from '../../../src/probe/types';
import {
  RunningBroker,
  TestPki,
  freePort,
  makePki,
  passwordFile,
  startAedes,
  startMosquitto,
  startSilentListener,
  tempDir,
} from '../../helpers/brokers';

let triage: Triage;
const diagnose = (evidence: string) => triage.diagnose(evidence);

beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  triage = new Triage(loaded.kb);
});

function target(url: string, extra: Partial<ProbeTarget> = {}): ProbeTarget {
  return { ...urlTarget(url), clientIdPrefix: 'mqtt-why-probe-test', ...extra };
}

const probe = (t: ProbeTarget, takeover = false) =>
  runProbe(t, { timeoutMs: 2000, takeover }, diagnose);
const step = stepOf;
const names = (r: ProbeResult) => r.steps.map((s) => `${s.name}:${s.ok ? 'ok' : 'fail'}`);

describe('probe against a healthy Mosquitto', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startMosquitto(['allow_anonymous true']);
  });
  afterAll(() => broker.stop());

  it('passes every step, with MQTT 5 server properties and round-trip latencies', async () => {
    const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`));
    expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'roundtrip:ok']);
    expect(r.ok).toBe(true);
    expect(r.diagnosis).toEqual([]);
    expect(step(r, 'connect')!.details).toMatchObject({
      protocol: 'MQTT 5',
      receiveMaximum: expect.any(Number),
    });
    expect(step(r, 'roundtrip')!.details.latencies).toEqual({
      qos0: expect.any(Number),
      qos1: expect.any(Number),
    });
  });

  it('speaks MQTT 3.1.1 when asked to', async () => {
    const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }));
    expect(step(r, 'connect')!.details.protocol).toBe('MQTT 3.1.1');
    expect(r.ok).toBe(true);
  });

  it('reports what the first connection sees when a second one takes its client id over', async () => {
    const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`), true);
    const takeover = step(r, 'takeover')!;
    expect(takeover.ok).toBe(true);
    // Mosquitto 2.0.11 closes the old connection without DISCONNECT 0x8E (testing-notes).
    expect(takeover.details.firstSaw).toBe('close');
    expect(takeover.kbIds).toEqual(['communication/mqtt-session-taken-over']);
  });
});

describe('probe failures map to the KB entry that explains them', () => {
  it('closed port -> connection refused', async () => {
    const r = await probe(target(`mqtt://127.0.0.1:${await freePort()}`));
    expect(names(r)).toEqual(['dns:ok', 'tcp:fail']);
    expect(r.diagnosis[0]).toBe('communication/mqtt-tcp-connection-refused');
  });

  it('unknown host -> DNS resolution failed', async () => {
    const r = await probe(target('mqtt://no-such-broker.invalid:1883'));
    expect(names(r)).toEqual(['dns:fail']);
    expect(r.diagnosis[0]).toBe('communication/mqtt-dns-resolution-failed');
  });

  it('a broker that streams a 250 MB PUBLISH is cut off after the most a probe reads', async () => {
    let sent = 0;
    let stopped = false;
    const server = net.createServer((socket) => {
      let packets = 0;
      let closed = false;
      socket.on('error', () => undefined);
      socket.on('close', () => (closed = true));
      socket.on('data', () => {
        packets++;
        if (packets === 1) socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00])); // CONNACK 0
        if (packets !== 2) return;
        // PUBLISH announcing 250,000,000 bytes, then as many as the client will take.
        socket.write(Buffer.from([0x30, 0x80, 0xe5, 0x9a, 0x77, 0x00, 0x01, 0x74]));
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = (): void => {
          while (!closed && !stopped && sent < 50 * 1024 * 1024) {
            sent += chunk.length;
            if (!socket.write(chunk)) return void socket.once('drain', pump);
          }
        };
        pump();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await runProbe(
        target(`mqtt://127.0.0.1:${port}`, { protocol: '3.1.1' }),
        { timeoutMs: 3000, takeover: false },
        diagnose,
      );
      expect(names(r).slice(0, 3)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok']);
      expect(r.steps.some((s) => !s.ok)).toBe(true);
      // The probe read about MAX_PROBE_BYTES and closed; the socket buffers hold a few MB more.
      expect(r.steps[3]!.summary).toContain('sent more than 1048576 bytes');
      expect(sent).toBeLessThan(16 * 1024 * 1024);
    } finally {
      stopped = true;
      await new Promise((r) => server.close(r));
    }
  });

  it('a listener that never answers -> connect timeout', async () => {
    const silent = await startSilentListener();
    try {
      const r = await runProbe(
        target(`mqtt://127.0.0.1:${silent.port}`, { protocol: '3.1.1' }),
        { timeoutMs: 500, takeover: false },
        diagnose,
      );
      expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:fail']);
      expect(r.diagnosis[0]).toBe('communication/mqtt-connect-timeout');
    } finally {
      await silent.stop();
    }
  });

  it('password file, no credentials -> not authorised; wrong password -> broker up, credentials rejected', async () => {
    const dir = await tempDir('mqtt-why-pw-');
    passwordFile(dir, 'alice', 'right-password');
    const broker = await startMosquitto(['allow_anonymous false', `password_file ${dir}/passwd`]);
    try {
      const anon = await probe(target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }));
      expect(names(anon)).toEqual(['dns:ok', 'tcp:ok', 'connect:fail']);
      expect(anon.diagnosis).toContain('communication/mqtt-connack-not-authorized');

      const wrong = await probe(
        target(`mqtt://127.0.0.1:${broker.port}`, {
          username: 'alice',
          password: 'wrong-password',
        }),
      );
      expect(names(wrong)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'auth:fail']);
      expect(step(wrong, 'connect')!.summary).toMatch(/refuses anonymous clients/);
      expect(wrong.diagnosis[0]).toMatch(
        /communication\/mqtt-connack-(not-authorized|bad-credentials)/,
      );
      expect(JSON.stringify(wrong)).not.toContain('wrong-password');

      const right = await probe(
        target(`mqtt://127.0.0.1:${broker.port}`, {
          username: 'alice',
          password: 'right-password',
        }),
      );
      expect(names(right)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'auth:ok', 'roundtrip:ok']);
      expect(step(right, 'auth')!.summary).not.toMatch(/anonymous/);
    } finally {
      await broker.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('credentials on a broker that lets anyone in: accepted, and said not to prove they are checked', async () => {
    const broker = await startMosquitto(['allow_anonymous true']);
    try {
      const r = await probe(
        target(`mqtt://127.0.0.1:${broker.port}`, { username: 'alice', password: 'anything' }),
      );
      expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'auth:ok', 'roundtrip:ok']);
      expect(step(r, 'auth')!.summary).toMatch(/also accepts anonymous clients/);
    } finally {
      await broker.stop();
    }
  });

  it('max_connections reached -> the broker closes the socket before CONNACK', async () => {
    // Mosquitto 2.0.11 (Debian 12) admits max_connections + 1 clients and miscounts after a
    // refusal (testing-notes): fill a fresh broker with exactly two holders, none refused, and
    // start over if the port check's own connection was still counted when they arrived.
    for (let attempt = 0; ; attempt++) {
      const broker = await startMosquitto(['allow_anonymous true', 'max_connections 1']);
      await new Promise((r) => setTimeout(r, 300));
      const holders: mqtt.MqttClient[] = [];
      for (let i = 0; i < 2; i++) {
        const c = await mqtt
          .connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
            reconnectPeriod: 0,
            clientId: `holder-${i}`,
            connectTimeout: 5000,
          })
          .catch(() => null);
        if (c) holders.push(c);
      }
      try {
        if (holders.length < 2 && attempt < 3) continue;
        const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }));
        expect(step(r, 'connect')!.ok).toBe(false);
        expect(step(r, 'connect')!.details.code).toBe('ECONNRESET');
        expect(r.diagnosis.length).toBeGreaterThan(0);
        return;
      } finally {
        await Promise.all(holders.map((h) => h.endAsync(true)));
        await broker.stop();
      }
    }
  });

  it.each([
    [2, 'communication/mqtt-publish-identifier-in-use'],
    [3, 'communication/mqtt-connack-server-unavailable'],
  ])('aedes refusing with CONNACK %i -> %s', async (code, id) => {
    const broker = await startAedes(code);
    try {
      const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }));
      expect(step(r, 'connect')!.details.reasonCode).toBe(code);
      expect(r.diagnosis[0]).toBe(id);
    } finally {
      await broker.stop();
    }
  });
});

describe('a half-dead broker: CONNACK, then silence (issue 12, finding 2)', () => {
  // Before the fix these probes never resolved: subscribeAsync/publishAsync had no deadline and a
  // graceful end() waited forever for the unacknowledged QoS 1 publish.
  it.each([
    ['silent-subscribe', 'SUBACK'],
    ['silent-publish', 'PUBACK'],
  ] as const)(
    '%s: the round trip fails on its timeout, naming the packet that never came',
    async (mode, packet) => {
      const broker = await startAedes(0, mode);
      try {
        const r = await runProbe(
          target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }),
          { timeoutMs: 500, takeover: false },
          diagnose,
        );
        expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'roundtrip:fail']);
        expect(step(r, 'roundtrip')!.details.timedOut).toBe(packet);
        expect(step(r, 'roundtrip')!.summary).toMatch(new RegExp(`no ${packet} .* within 500 ms`));
        expect(r.diagnosis[0]).toBe('communication/mqtt-operation-timeout');
      } finally {
        await broker.stop();
      }
    },
  );

  it('the whole probe has a deadline of its own, reported as a failed step', async () => {
    const broker = await startAedes(0, 'silent-subscribe');
    try {
      const r = await runProbe(
        target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }),
        // The subscribe waits up to timeoutMs; the whole-probe deadline cuts it first, with room
        // for DNS, TCP and CONNECT on a loaded machine.
        { timeoutMs: 8000, deadlineMs: 2500, takeover: false },
        diagnose,
      );
      expect(r.ok).toBe(false);
      const last = r.steps[r.steps.length - 1]!;
      expect(last).toMatchObject({
        name: 'roundtrip',
        ok: false,
        details: { timedOut: 'roundtrip' },
      });
      expect(last.summary).toMatch(/did not finish within 2500 ms \(stuck at roundtrip\)/);
    } finally {
      await broker.stop();
    }
  });
});

describe('MQTT over WebSocket', () => {
  it('connects to the address DNS gave, keeping the name in the Host header', async () => {
    const broker = await startAedes(0, 'ws');
    try {
      const r = await probe(target(`ws://localhost:${broker.port}/mqtt`, { protocol: '3.1.1' }));
      expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'connect:ok', 'roundtrip:ok']);
      expect(await broker.log()).toContain(`upgrade Host: localhost:${broker.port}`);
    } finally {
      await broker.stop();
    }
  });
});

describe('TLS probes with a CA made by the test', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await makePki();
  });
  afterAll(async () => {
    await fs.rm(pki.dir, { recursive: true, force: true });
  });

  const tlsBroker = (cert: string, key: string, extra: string[] = []) =>
    startMosquitto([
      'allow_anonymous true',
      `cafile ${pki.ca}`,
      `certfile ${cert}`,
      `keyfile ${key}`,
      ...extra,
    ]);

  it('a trusted certificate: TLS details and a full pass', async () => {
    const broker = await tlsBroker(pki.serverCert, pki.serverKey);
    try {
      const r = await probe(
        target(`mqtts://localhost:${broker.port}`, {
          tls: { ca: pki.ca, cert: null, key: null, insecure: false },
        }),
      );
      expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'tls:ok', 'connect:ok', 'roundtrip:ok']);
      expect(step(r, 'tls')!.details).toMatchObject({
        subject: 'localhost',
        issuer: 'mqtt-why test CA',
        verification: 'ok',
        daysToExpiry: expect.any(Number),
      });
    } finally {
      await broker.stop();
    }
  });

  it('an untrusted CA -> verify failed; insecure goes on to show what lies behind', async () => {
    const broker = await tlsBroker(pki.serverCert, pki.serverKey);
    try {
      const r = await probe(target(`mqtts://localhost:${broker.port}`));
      expect(names(r)).toEqual(['dns:ok', 'tcp:ok', 'tls:fail']);
      expect(r.diagnosis[0]).toBe('communication/mqtt-tls-certificate-verify-failed');
      const insecure = await probe(
        target(`mqtts://localhost:${broker.port}`, {
          tls: { ca: null, cert: null, key: null, insecure: true },
        }),
      );
      expect(names(insecure)).toEqual(['dns:ok', 'tcp:ok', 'tls:ok', 'connect:ok', 'roundtrip:ok']);
      expect(step(insecure, 'tls')!.summary).toMatch(
        /not trusted.*continuing because insecure is set/,
      );
    } finally {
      await broker.stop();
    }
  });

  it('a certificate for another name -> hostname mismatch', async () => {
    const broker = await tlsBroker(pki.wrongNameCert, pki.wrongNameKey);
    try {
      const r = await probe(
        target(`mqtts://localhost:${broker.port}`, {
          tls: { ca: pki.ca, cert: null, key: null, insecure: false },
        }),
      );
      expect(step(r, 'tls')!.ok).toBe(false);
      expect(r.diagnosis[0]).toBe('communication/mqtt-tls-hostname-mismatch');
      // Signed by the CA given: the summary says the name is wrong (and which it is), not "untrusted".
      const summary = step(r, 'tls')!.summary;
      expect(summary).toMatch(
        /^certificate does not name localhost; certificate for \S+.*issued by mqtt-why test CA, valid for \d+ more day/,
      );
      expect(summary).not.toMatch(/not trusted/);
    } finally {
      await broker.stop();
    }
  });

  it('an expired certificate -> certificate expired', async () => {
    const broker = await tlsBroker(pki.expiredCert, pki.expiredKey);
    try {
      const r = await probe(
        target(`mqtts://localhost:${broker.port}`, {
          tls: { ca: pki.ca, cert: null, key: null, insecure: false },
        }),
      );
      expect(step(r, 'tls')!.ok).toBe(false);
      expect(r.diagnosis[0]).toBe('communication/mqtt-tls-certificate-expired');
      expect(step(r, 'tls')!.summary).toMatch(/expired \d+ day\(s\) ago/);
    } finally {
      await broker.stop();
    }
  });

  it('a broker that requires a client certificate: refused without one, accepted with one', async () => {
    const broker = await tlsBroker(pki.serverCert, pki.serverKey, ['require_certificate true']);
    try {
      const without = await probe(
        target(`mqtts://localhost:${broker.port}`, {
          tls: { ca: pki.ca, cert: null, key: null, insecure: false },
        }),
      );
      expect(without.ok).toBe(false);
      expect(without.diagnosis).toContain('communication/mqtt-tls-client-certificate-required');
      const withCert = await probe(
        target(`mqtts://localhost:${broker.port}`, {
          tls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey, insecure: false },
        }),
      );
      expect(withCert.ok).toBe(true);
    } finally {
      await broker.stop();
    }
  });

  it('TLS spoken to a plain port -> port mismatch', async () => {
    const broker = await startMosquitto(['allow_anonymous true']);
    try {
      const r = await probe(
        target(`mqtts://localhost:${broker.port}`, {
          tls: { ca: pki.ca, cert: null, key: null, insecure: false },
        }),
      );
      expect(step(r, 'tls')!.ok).toBe(false);
      expect(r.diagnosis[0]).toBe('communication/mqtt-tls-port-mismatch');
    } finally {
      await broker.stop();
    }
  });
});
