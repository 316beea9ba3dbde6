/**
 * Why Redis could not be used, in words: where (scheme://host:port from REDIS_URL, never a
 * password), what Redis or the network answered, and the next step. For `feedback export`, and
 * for the bot's and the worker's "Redis unavailable" log lines.
 */
import { parseRedisUrl, redisAddress } from './redis-url';

export interface RedisProblem {
  /** scheme://host:port of REDIS_URL. */
  address: string;
  /** What happened, e.g. "connection refused (ECONNREFUSED): nothing listens there". */
  cause: string;
  /** The next step. */
  fix: string;
}

const START_OR_POINT =
  'start Redis there (redis-server, or docker compose up -d redis) or set REDIS_URL to the server you run, e.g. REDIS_URL=redis://cache:6379';

/** scheme://host:port of a REDIS_URL, for messages (the URL itself when it does not parse). */
export function redisAddressOf(url: string): string {
  const parsed = parseRedisUrl(url);
  return parsed.ok ? redisAddress(parsed.target) : 'REDIS_URL';
}

/** Reads an ioredis error (or none, when the connection simply never came up within `waitedMs`). */
export function redisProblem(url: string, err: Error | null, waitedMs: number): RedisProblem {
  return { address: redisAddressOf(url), ...explain(err, waitedMs, /^rediss/.test(url)) };
}

/** One sentence: "cannot reach Redis at … (REDIS_URL): cause; fix". */
export function redisProblemText(p: RedisProblem, doing = 'reach Redis'): string {
  return `cannot ${doing} at ${p.address} (REDIS_URL): ${p.cause}; ${p.fix}`;
}

function explain(
  err: Error | null,
  waitedMs: number,
  tls: boolean,
): { cause: string; fix: string } {
  if (!err)
    return {
      cause: `no connection within ${(waitedMs / 1000).toFixed(1)} s`,
      fix: `check that Redis runs there and that no firewall drops the connection; or ${START_OR_POINT}`,
    };
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const message = err.message;
  if (code === 'ECONNREFUSED')
    return {
      cause: 'connection refused (ECONNREFUSED): nothing listens there',
      fix: START_OR_POINT,
    };
  if (code === 'ENOTFOUND')
    return {
      cause: 'the host name does not resolve (ENOTFOUND)',
      fix: 'check the host in REDIS_URL',
    };
  if (code === 'EAI_AGAIN')
    return {
      cause: 'DNS did not answer (EAI_AGAIN)',
      fix: 'check the DNS server, or the host in REDIS_URL',
    };
  if (code === 'ETIMEDOUT' || /ETIMEDOUT|timed? ?out/i.test(message))
    return {
      cause: 'no answer in time (ETIMEDOUT)',
      fix: `check the host and port in REDIS_URL, and that no firewall drops the connection${tls ? '; rediss:// (TLS) against a plain Redis port also waits like this: use redis:// there' : ''}`,
    };
  if (/^Protocol error/.test(message))
    return {
      cause: `something other than Redis answered there (${message.split(',')[0]})`,
      fix: 'check the host and port in REDIS_URL (Redis listens on 6379 by default)',
    };
  if (/^WRONGPASS/.test(message) || /invalid (username-)?password/i.test(message))
    return {
      cause: 'Redis refused the user name or password (WRONGPASS)',
      fix: 'check user:password@ in REDIS_URL, e.g. redis://user:password@host:6379 (a % in the password is written %25)',
    };
  if (/NOAUTH/.test(message))
    return {
      cause: 'Redis wants a password and REDIS_URL gives none (NOAUTH)',
      fix: 'add it to REDIS_URL, e.g. redis://:password@host:6379',
    };
  if (/sentinel/i.test(message))
    return {
      cause: `no Sentinel answered for the primary (${message.split('.')[0]})`,
      fix: 'check the sentinels host:port and the primary name in REDIS_URL (redis+sentinel://host:26379/mymaster); redis-cli -p 26379 sentinel masters lists the names',
    };
  if (/slots cache|ClusterAllFailed/i.test(message))
    return {
      cause: 'no cluster node answered (Failed to refresh slots cache)',
      fix: 'check the node list in REDIS_URL (redis+cluster://host:6379,host2:6379) and that the nodes run in cluster mode',
    };
  if (/CERT|certificate|self.signed/i.test(`${code} ${message}`))
    return {
      cause: `the server's TLS certificate was not accepted (${code || message})`,
      fix: 'give Node the CA that signed it (NODE_EXTRA_CA_CERTS=/path/ca.pem), or check the host name in REDIS_URL',
    };
  if (code === 'ECONNRESET' || /socket disconnected|ECONNRESET|EPIPE/.test(message))
    return {
      cause: `the server closed the connection (${code || message})`,
      fix: 'rediss:// against a plain port, or redis:// against a TLS port? Use the scheme the server expects; else see the Redis server log',
    };
  return { cause: message, fix: `check that Redis runs there; or ${START_OR_POINT}` };
}
