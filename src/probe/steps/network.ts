/** DNS and TCP steps: can the broker's address be found and reached at all? */
import { promises as dns } from 'dns';
import net from 'net';
import { withDeadline } from '../../core/deadline';
import { StepResult } from '../types';

const elapsed = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

export async function dnsStep(host: string, timeoutMs: number): Promise<StepResult> {
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

export function tcpStep(host: string, port: number, timeoutMs: number): Promise<StepResult> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (r: Omit<StepResult, 'name' | 'ms' | 'kbIds'>) => {
      socket.destroy();
      clearTimeout(timer);
      resolve({ name: 'tcp', ms: elapsed(start), kbIds: [], ...r });
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          summary: `no answer from ${host}:${port} within ${timeoutMs} ms (filtered by a firewall, or the host is down)`,
          details: {
            code: 'ETIMEDOUT',
            evidence: `mqtt: connect ETIMEDOUT ${host}:${port} connection timed out`,
          },
        }),
      timeoutMs,
    );
    socket.once('connect', () =>
      finish({
        ok: true,
        summary: `${host}:${port} accepts TCP connections`,
        details: { address: socket.remoteAddress },
      }),
    );
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      finish({
        ok: false,
        summary:
          code === 'ECONNREFUSED'
            ? `nothing listens on ${host}:${port} (connection refused)`
            : `cannot reach ${host}:${port} (${code})`,
        details: { code, evidence: `mqtt: Error: connect ${code} ${host}:${port}` },
      });
    });
  });
}
