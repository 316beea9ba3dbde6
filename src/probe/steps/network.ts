/** DNS and TCP steps: can the broker's address be found and reached at all? */
import { promises as dns } from 'dns';
import net from 'net';
import tls from 'tls';
import { withDeadline } from '../../common/deadline';
import { StepOf } from '../types';

const elapsed = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** The `dns` step: the broker's host resolved once, with a deadline (getaddrinfo has none of its own). */
export async function dnsStep(host: string, timeoutMs: number): Promise<StepOf<'dns'>> {
  const start = process.hrtime.bigint();
  if (net.isIP(host)) {
    return {
      name: 'dns',
      ok: true,
      ms: 0,
      summary: `${host} is an address: nothing to resolve`,
      details: { addresses: [host] },
      kbIds: [],
    };
  }
  try {
    // getaddrinfo has no timeout of its own (the resolver may retry for many seconds).
    const lookup = await withDeadline(dns.lookup(host, { all: true }), timeoutMs);
    if (!lookup.ok)
      return {
        name: 'dns',
        ok: false,
        ms: elapsed(start),
        summary: `${host} did not resolve within ${timeoutMs} ms (the DNS server does not answer)`,
        details: {
          code: 'EAI_AGAIN',
          evidence: `Error: getaddrinfo EAI_AGAIN ${host} (mqtt broker, DNS timeout)`,
        },
        kbIds: [],
      };
    const addresses = lookup.value.map((a) => a.address);
    return {
      name: 'dns',
      ok: true,
      ms: elapsed(start),
      summary: `${host} resolves to ${addresses.join(', ')}`,
      details: { addresses },
      kbIds: [],
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
    return {
      name: 'dns',
      ok: false,
      ms: elapsed(start),
      summary: `${host} does not resolve (${code})`,
      details: { code, evidence: `Error: getaddrinfo ${code} ${host} (mqtt broker)` },
      kbIds: [],
    };
  }
}

/** Where a step connects: the address DNS gave, and the host it was asked for (for messages). */
export interface ConnectTo {
  address: string;
  port: number;
  host: string;
}

const shown = (t: ConnectTo): string =>
  `${t.host}:${t.port}${t.address !== t.host ? ` (${t.address})` : ''}`;

/** The `tcp` step: a TCP connection to the resolved address (MQTT 3.1.1 and 5 §4.2), refused, reset or timed out. */
export function tcpStep(to: ConnectTo, timeoutMs: number): Promise<StepOf<'tcp'>> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const socket = net.connect({ host: to.address, port: to.port });
    const finish = (r: Omit<StepOf<'tcp'>, 'name' | 'ms' | 'kbIds'>) => {
      socket.destroy();
      clearTimeout(timer);
      resolve({ name: 'tcp', ms: elapsed(start), kbIds: [], ...r });
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          summary: `no answer from ${shown(to)} within ${timeoutMs} ms (filtered by a firewall, or the host is down)`,
          details: {
            code: 'ETIMEDOUT',
            evidence: `mqtt: connect ETIMEDOUT ${to.address}:${to.port} connection timed out`,
          },
        }),
      timeoutMs,
    );
    socket.once('connect', () =>
      finish({
        ok: true,
        summary: `${shown(to)} accepts TCP connections`,
        details: { address: socket.remoteAddress },
      }),
    );
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      finish({
        ok: false,
        summary:
          code === 'ECONNREFUSED'
            ? `nothing listens on ${shown(to)} (connection refused)`
            : `cannot reach ${shown(to)} (${code})`,
        details: { code, evidence: `mqtt: Error: connect ${code} ${to.address}:${to.port}` },
      });
    });
  });
}

/**
 * Does this port answer a TLS handshake? Asked only after a plain CONNECT was cut before CONNACK:
 * a TLS listener and a broker over its connection limit both just close, and this tells them
 * apart (certificates are not judged: only whether TLS is spoken at all).
 */
export function speaksTls(to: ConnectTo, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: to.address,
      port: to.port,
      rejectUnauthorized: false,
      ...(net.isIP(to.host) ? {} : { servername: to.host }),
    });
    const done = (yes: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(yes);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    // A server that asks for a client certificate still proved it speaks TLS.
    socket.once('error', (err: Error) => done(/alert|certificate required/i.test(err.message)));
  });
}
