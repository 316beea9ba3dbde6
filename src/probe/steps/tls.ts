/**
 * The TLS handshake on its own: protocol, certificate subject, SANs, issuer, days to expiry and
 * the verification result with its reason. Verification is judged here, not by refusing the
 * handshake, so an `insecure` probe can still show what lies behind a bad certificate.
 */
import { readFileSync } from 'fs';
import tls from 'tls';
import type { HostKind } from '../endpoint';
import { ProbeTarget, StepOf, TlsDetails } from '../types';
import type { ConnectTo } from './network';
import { printable } from '../../common/printable';

const elapsed = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** The CA, certificate and key files a target names, read once; throws with the path when one cannot be read. */
export function readTlsFiles(t: ProbeTarget['tls']): TlsFiles {
  return {
    ...(t.ca ? { ca: readFileSync(t.ca) } : {}),
    ...(t.cert ? { cert: readFileSync(t.cert) } : {}),
    ...(t.key ? { key: readFileSync(t.key) } : {}),
  };
}

const DAY = 24 * 3600 * 1000;

/**
 * The `tls` step: a TLS handshake on its own (before any MQTT), so a certificate problem is told
 * apart from an MQTT one: protocol, subject, SANs, issuer, days to expiry, and Node's verification
 * code when the certificate is not trusted (MQTT leaves authenticating the server to TLS:
 * MQTT 3.1.1 and 5 §5.4.3).
 */
export function tlsStep(
  to: ConnectTo & { hostKind: HostKind },
  files: TlsFiles,
  insecure: boolean,
  timeoutMs: number,
): Promise<StepOf<'tls'>> {
  const start = process.hrtime.bigint();
  const { host, port } = to;
  return new Promise((resolve) => {
    // Connect to the address DNS gave; the name goes in SNI and is what the certificate must match.
    const socket = tls.connect({
      host: to.address,
      port,
      ...(to.hostKind === 'name' ? { servername: host } : {}),
      rejectUnauthorized: false,
      ...files,
      ALPNProtocols: undefined,
    });
    let settled = false;
    const finish = (r: Omit<StepOf<'tls'>, 'name' | 'ms' | 'kbIds'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ name: 'tls', ms: elapsed(start), kbIds: [], ...r });
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          summary: `no TLS handshake within ${timeoutMs} ms`,
          details: { evidence: `mqtts: TLS handshake timed out connecting to ${host}:${port}` },
        }),
      timeoutMs,
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const sans = (cert.subjectaltname ?? '').split(/,\s*/).filter(Boolean);
      const validTo = cert.valid_to ? new Date(cert.valid_to) : null;
      const details: TlsDetails = {
        protocol: socket.getProtocol(),
        subject: commonName(cert.subject?.CN),
        sans,
        issuer: commonName(cert.issuer?.CN),
        validTo: validTo?.toISOString() ?? null,
        daysToExpiry: validTo ? Math.floor((validTo.getTime() - Date.now()) / DAY) : null,
      };
      const identity = tls.checkServerIdentity(host, cert);
      const reason = socket.authorizationError
        ? String(socket.authorizationError)
        : identity
          ? ((identity as NodeJS.ErrnoException).code ?? identity.message)
          : null;
      const message = socket.authorizationError
        ? verificationMessage(String(socket.authorizationError))
        : (identity?.message ?? null);
      if (reason) {
        details.verification = reason;
        details.evidence = `mqtts: ${message} (${reason})`;
        // A name mismatch is not a trust problem: the certificate may be signed by the very CA
        // given, for another name.
        const problem =
          reason === 'ERR_TLS_CERT_ALTNAME_INVALID'
            ? `certificate does not name ${host}`
            : `certificate not trusted: ${message}${message?.includes(reason) ? '' : ` (${reason})`}`;
        finish({
          ok: insecure,
          summary: `${problem}; ${certificateFacts(details)}${insecure ? ' — continuing because insecure is set' : ''}`,
          details: { ...details, verifyFailed: true },
        });
      } else {
        details.verification = 'ok';
        finish({
          ok: true,
          summary: `${details.protocol}, ${certificateFacts(details)}`,
          details,
        });
      }
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      // A reset in the middle of the handshake is the TLS story, not a dropped MQTT session:
      // the evidence leaves the errno out so it reads as what it is.
      const reset = err.code === 'ECONNRESET' || err.code === 'EPIPE';
      const text = reset
        ? 'TLS handshake failed: Client network socket disconnected before secure TLS connection was established'
        : `${err.code ?? ''} ${err.message}`.trim();
      finish({
        ok: false,
        summary: `TLS handshake failed: ${err.message}`,
        details: { code: err.code ?? null, evidence: `mqtts: ${text}` },
      });
    });
    socket.once('close', () =>
      finish({
        ok: false,
        summary: 'the server closed the connection during the TLS handshake',
        details: {
          evidence: `mqtts: TLS handshake failed: Client network socket disconnected before secure TLS connection was established (${host}:${port})`,
        },
      }),
    );
  });
}

// A certificate may carry several CNs; the first is the one people read.
const commonName = (cn: string | string[] | undefined): string | null =>
  (Array.isArray(cn) ? cn[0] : cn) ?? null;

const MESSAGES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self signed certificate in certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
};

/** What the certificate says of itself, in one clause: names, issuer, expiry. */
function certificateFacts(d: TlsDetails): string {
  const names = [...new Set([d.subject, ...(d.sans ?? []).map((s) => s.replace(/^\w+:/, ''))])]
    .filter(Boolean)
    .join(', ');
  const days = d.daysToExpiry;
  const expiry =
    days === null || days === undefined
      ? ''
      : days < 0
        ? `, expired ${-days} day(s) ago`
        : `, valid for ${days} more day(s)`;
  // The names are the server's to choose: printable only (a name may carry escape sequences).
  return printable(
    `certificate for ${names || 'no name'}${d.issuer ? `, issued by ${d.issuer}` : ''}${expiry}`,
  );
}

function verificationMessage(code: string): string {
  return MESSAGES[code] ?? `certificate verify failed: ${code}`;
}
