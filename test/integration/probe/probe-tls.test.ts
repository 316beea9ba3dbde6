/**
 * TLS probes against Mosquitto with a CA made by the test: a trusted certificate, an untrusted CA,
 * another name, an expired certificate, a required client certificate, TLS to a plain port.
 */
import { promises as fs } from 'fs';
import { names, probe, step, target } from '../../helpers/probe-direct';
import { TestPki, makePki, startMosquitto, startTlsMosquitto } from '../../helpers/brokers';

describe('TLS probes with a CA made by the test', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await makePki();
  });
  afterAll(async () => {
    await fs.rm(pki.dir, { recursive: true, force: true });
  });

  const tlsBroker = (cert: string, key: string, extra: string[] = []) =>
    startTlsMosquitto(pki, cert, key, extra);

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
