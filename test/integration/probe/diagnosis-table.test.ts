/**
 * Issue 15: a probe's diagnosis names only what the probe observed. Every failure kind the probe
 * can produce, each against a real broker or listener, with the entries that must explain it; no
 * entry about client code the probe did not run (not connected, network loop…) ever appears.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { DEFAULT_KB_DIR } from '../../../src/config';
import { Triage } from '../../../src/core/triage';
import { readingsOf } from '../../../src/common/reason-codes';
import { KnowledgeBase, loadKnowledgeBase } from '../../../src/kb/load';
import { CLIENT_CODE_ENTRIES } from '../../../src/probe/observed';
import { runProbe } from '../../../src/probe/probe';
import { ProbeResult, ProbeTarget } from '../../../src/probe/types';
import { urlTarget } from '../../helpers/broker-config';
import {
  TestPki,
  freePort,
  makePki,
  passwordFile,
  startAedes,
  startMosquitto,
  startResettingListener,
  startScriptedConnack,
  startSilentListener,
  startTlsMosquitto,
  tempDir,
} from '../../helpers/brokers';

let kb: KnowledgeBase;
let triage: Triage;
let pki: TestPki;
const diagnose = (evidence: string) => triage.diagnose(evidence);
const table: { kind: string; diagnosis: string }[] = [];

beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  kb = loaded.kb;
  triage = new Triage(kb);
  pki = await makePki();
});
afterAll(async () => {
  await fs.rm(pki.dir, { recursive: true, force: true });
  console.log(
    `probe diagnoses:\n${table.map((r) => `  ${r.kind.padEnd(44)} ${r.diagnosis}`).join('\n')}`,
  );
});

const target = (url: string, extra: Partial<ProbeTarget> = {}): ProbeTarget => ({
  ...urlTarget(url),
  clientIdPrefix: 'mqtt-why-probe-table',
  ...extra,
});
const probe = (t: ProbeTarget) => runProbe(t, { timeoutMs: 1500, takeover: false }, diagnose);
const short = (ids: string[]) => ids.map((id) => id.replace('communication/mqtt-', ''));

/** The diagnosis leads with one of `first`, and lists no client-code entry. */
function expectDiagnosis(kind: string, r: ProbeResult, first: string[]): void {
  table.push({ kind, diagnosis: short(r.diagnosis).join(', ') || '-' });
  expect({ kind, ok: r.ok }).toEqual({ kind, ok: false });
  expect({
    kind,
    first: first.includes(short(r.diagnosis)[0] ?? '') ? 'yes' : short(r.diagnosis),
  }).toEqual({ kind, first: 'yes' });
  expect(r.diagnosis.filter((id) => CLIENT_CODE_ENTRIES.has(id))).toEqual([]);
}

describe('network', () => {
  it('DNS NXDOMAIN', async () => {
    expectDiagnosis('dns: NXDOMAIN', await probe(target('mqtt://no-such-host.invalid:1883')), [
      'dns-resolution-failed',
    ]);
  });

  it('TCP refused, reset and timeout', async () => {
    expectDiagnosis('tcp: refused', await probe(target(`mqtt://127.0.0.1:${await freePort()}`)), [
      'tcp-connection-refused',
    ]);
    const resetting = await startResettingListener();
    try {
      expectDiagnosis(
        'tcp: reset on accept',
        await probe(target(`mqtt://127.0.0.1:${resetting.port}`, { protocol: '3.1.1' })),
        ['server-busy-connection-limit', 'tcp-connection-refused'],
      );
    } finally {
      await resetting.stop();
    }
    // TEST-NET-1 (RFC 5737) is never routed: the connect times out, or a sandbox's network
    // refuses it at once; the diagnosis follows what was observed.
    const lost = await probe(target('mqtt://192.0.2.1:1883'));
    const observed = lost.steps.find((s) => s.name === 'tcp')!.details.code;
    expectDiagnosis(`tcp: ${String(observed)} to an unrouted address`, lost, [
      observed === 'ECONNREFUSED' ? 'tcp-connection-refused' : 'connect-timeout',
    ]);
  });

  it('a listener that accepts and never speaks', async () => {
    const silent = await startSilentListener();
    try {
      expectDiagnosis(
        'connect: broker silent (no CONNACK)',
        await probe(target(`mqtt://127.0.0.1:${silent.port}`, { protocol: '3.1.1' })),
        ['connect-timeout'],
      );
    } finally {
      await silent.stop();
    }
  });
});

describe('TLS', () => {
  const tlsBroker = (cert: string, key: string, extra: string[] = []) =>
    startTlsMosquitto(pki, cert, key, extra);

  it('TLS on a plain port, plain MQTT on a TLS port', async () => {
    const plain = await startMosquitto(['allow_anonymous true']);
    const secure = await tlsBroker(pki.serverCert, pki.serverKey);
    try {
      expectDiagnosis(
        'tls: TLS spoken to a plain port',
        await probe(target(`mqtts://localhost:${plain.port}`)),
        ['tls-port-mismatch'],
      );
      const r = await probe(target(`mqtt://localhost:${secure.port}`, { protocol: '3.1.1' }));
      expectDiagnosis('connect: plain MQTT to a TLS port', r, ['tls-port-mismatch']);
      expect(r.steps.find((s) => s.name === 'connect')!.summary).toMatch(/speaks TLS/);
    } finally {
      await plain.stop();
      await secure.stop();
    }
  });

  it.each([
    ['untrusted CA', 'serverCert', 'serverKey', {}, ['tls-certificate-verify-failed']],
    ['another name', 'wrongNameCert', 'wrongNameKey', { ca: true }, ['tls-hostname-mismatch']],
    ['expired', 'expiredCert', 'expiredKey', { ca: true }, ['tls-certificate-expired']],
  ] as const)('certificate: %s', async (kind, cert, key, opts, first) => {
    const broker = await tlsBroker(pki[cert], pki[key]);
    try {
      const tls = { ca: 'ca' in opts ? pki.ca : null, cert: null, key: null, insecure: false };
      expectDiagnosis(
        `tls: certificate ${kind}`,
        await probe(target(`mqtts://localhost:${broker.port}`, { tls })),
        [...first],
      );
    } finally {
      await broker.stop();
    }
  });

  it('certificate: a client certificate required and none given', async () => {
    const broker = await tlsBroker(pki.serverCert, pki.serverKey, ['require_certificate true']);
    try {
      const tls = { ca: pki.ca, cert: null, key: null, insecure: false };
      expectDiagnosis(
        'tls: client certificate required',
        await probe(target(`mqtts://localhost:${broker.port}`, { tls })),
        ['tls-client-certificate-required'],
      );
    } finally {
      await broker.stop();
    }
  });
});

describe('WebSocket', () => {
  it('upgrade refused with an HTTP status (wrong path), and ws:// to a plain MQTT port', async () => {
    const ws = await startAedes(0, 'ws');
    const plain = await startMosquitto(['allow_anonymous true']);
    try {
      expectDiagnosis(
        'connect: ws upgrade refused (404, wrong path)',
        await probe(target(`ws://localhost:${ws.port}/wrong`, { protocol: '3.1.1' })),
        ['websocket-handshake-failed'],
      );
      expectDiagnosis(
        'connect: ws:// to a plain MQTT port',
        await probe(target(`ws://localhost:${plain.port}/mqtt`, { protocol: '3.1.1' })),
        ['websocket-handshake-failed'],
      );
    } finally {
      await ws.stop();
      await plain.stop();
    }
  });
});

/** Entries that claim a CONNACK code for a protocol version. */
const claiming = (code: number, protocol: '3.1.1' | '5.0') =>
  kb.entries
    .filter((e) =>
      e.codes.some(
        (c) =>
          c.kind === 'mqtt' &&
          c.value === code &&
          c.packet === 'CONNACK' &&
          c.protocol === protocol,
      ),
    )
    .map((e) => e.id.replace('communication/mqtt-', ''));

describe('CONNACK codes', () => {
  it.each([1, 2, 3, 4, 5])('MQTT 3.1.1 return code %i', async (code) => {
    const broker = await startScriptedConnack(code, '3.1.1');
    try {
      const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '3.1.1' }));
      expect(r.steps.find((s) => s.name === 'connect')!.details.reasonCode).toBe(code);
      expectDiagnosis(`connect: CONNACK ${code} (3.1.1)`, r, claiming(code, '3.1.1'));
    } finally {
      await broker.stop();
    }
  });

  const v5 = [
    ...new Set(readingsOf(0).length >= 0 ? Array.from({ length: 0x20 }, (_, i) => 0x80 + i) : []),
  ].filter((c) => readingsOf(c).some((r) => r.packet === 'CONNACK' && r.family === 'v5'));
  it.each(v5)('MQTT 5 reason code %d', async (code) => {
    const broker = await startScriptedConnack(code);
    try {
      const r = await probe(target(`mqtt://127.0.0.1:${broker.port}`, { protocol: '5' }));
      // 0x84 is "this broker does not speak MQTT 5": the probe checks with 3.1.1 and says so.
      if (code !== 0x84)
        expect(r.steps.find((s) => s.name === 'connect')!.details.reasonCode).toBe(code);
      const expected = claiming(code, '5.0');
      if (expected.length === 0)
        return void table.push({
          kind: `connect: CONNACK 0x${code.toString(16)} (5)`,
          diagnosis: 'no entry claims it',
        });
      expectDiagnosis(`connect: CONNACK 0x${code.toString(16)} (5)`, r, expected);
    } finally {
      await broker.stop();
    }
  });
});

describe('credentials, subscribe and publish', () => {
  it('credentials refused, subscription refused, publish not delivered', async () => {
    const dir = await tempDir('mqtt-why-table-');
    const acl = path.join(dir, 'acl');
    await fs.writeFile(acl, 'user alice\ntopic read mqtt-why/#\n');
    await fs.chmod(acl, 0o644);
    passwordFile(dir, 'alice', 'right-password');
    const secured = await startMosquitto([
      'allow_anonymous false',
      `password_file ${path.join(dir, 'passwd')}`,
      `acl_file ${acl}`,
    ]);
    const denying = await startAedes(0, 'deny-subscribe');
    try {
      const wrong = await probe(
        target(`mqtt://127.0.0.1:${secured.port}`, { username: 'alice', password: 'wrong' }),
      );
      expectDiagnosis('auth: credentials refused', wrong, [
        ...claiming(0x87, '5.0'),
        ...claiming(5, '3.1.1'),
      ]);
      // Credentials were sent and the refusal is a CONNACK: neither the broker's refusal of
      // anonymous clients nor a PUBACK's 0x87 is what this is.
      expect(short(wrong.diagnosis)).not.toContain('mosquitto-anonymous-disabled');
      expect(short(wrong.diagnosis)).not.toContain('publish-denied-acl');
      const denied = await probe(
        target(`mqtt://127.0.0.1:${secured.port}`, {
          username: 'alice',
          password: 'right-password',
        }),
      );
      expectDiagnosis('roundtrip: publish not delivered (ACL)', denied, ['publish-denied-acl']);
      expectDiagnosis(
        'roundtrip: subscribe refused (SUBACK 0x80)',
        await probe(target(`mqtt://127.0.0.1:${denying.port}`, { protocol: '3.1.1' })),
        ['subscription-rejected'],
      );
    } finally {
      await secured.stop();
      await denying.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
