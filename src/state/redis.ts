/**
 * Redis clients for every `REDIS_URL` shape (one server, Sentinel, Cluster), and the connection
 * the bot's state uses: its commands fail fast while Redis is down (no offline queue, one retry)
 * so triage answers never wait on it; the client keeps reconnecting behind.
 */
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { RedisTarget, parseRedisUrl } from './redis-url';

/** How long start-up waits for Redis before it goes on without it. */
export const REDIS_STARTUP_WAIT_MS = 2000;

/** A client of one server (direct or through Sentinel) or of a cluster: the same commands. */
export type RedisClient = Redis | Cluster;

export interface RedisHandle {
  redis: RedisClient;
  /**
   * Resolves true once Redis is ready, false after `ms` (never rejects): start-up waits this long
   * so the first requests are stored, and goes on without Redis after it.
   */
  ready(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Parses a URL that config has already validated; a bad one here is a programming error. */
export function redisTarget(url: string): RedisTarget {
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.target;
}

/** ioredis options, in the shape BullMQ also accepts (it has no `retryStrategy: null`). */
export type ServerOptions = Omit<RedisOptions, 'retryStrategy'> & {
  retryStrategy?: (times: number) => number | null;
  url?: string;
};

/** ioredis options for one server reached directly or through Sentinel. */
export function serverOptions(
  target: Exclude<RedisTarget, { kind: 'cluster' }>,
  base: ServerOptions,
): ServerOptions {
  // Sentinel closes the old primary's clients when it demotes it, and they reconnect through
  // Sentinel to the new one. A write that reaches the old primary just before that gets
  // READONLY: reconnect and send it again (also what a managed endpoint's DNS switch needs).
  const failover = {
    reconnectOnError: (err: Error) => (err.message.startsWith('READONLY') ? 2 : false),
  } as const;
  if (target.kind === 'single') return { ...base, ...failover, url: target.url };
  return {
    ...base,
    ...failover,
    sentinels: target.sentinels,
    name: target.name,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.sentinelUsername ? { sentinelUsername: target.sentinelUsername } : {}),
    ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
    ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
  };
}

/** A new client for `target`; `base` holds the retry and queueing behaviour the caller needs. */
export function createRedisClient(target: RedisTarget, base: ServerOptions): RedisClient {
  if (target.kind === 'cluster')
    return new Cluster(target.nodes, {
      enableOfflineQueue: base.enableOfflineQueue ?? true,
      clusterRetryStrategy: base.retryStrategy ?? ((times) => Math.min(times * 250, 5000)),
      redisOptions: {
        ...base,
        ...(target.username ? { username: target.username } : {}),
        ...(target.password ? { password: target.password } : {}),
        ...(target.tls ? { tls: {} } : {}),
      },
      ...(base.lazyConnect ? { lazyConnect: true } : {}),
    });
  const { url: single, ...options } = serverOptions(target, base);
  return single ? new Redis(single, options) : new Redis(options);
}

export function connectRedis(url: string, onError: (err: Error) => void): RedisHandle {
  const redis = createRedisClient(redisTarget(url), {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 250, 5000),
  });
  // Log a broken connection once per outage, not once per reconnect attempt.
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) onError(err);
    down = true;
  });
  redis.on('ready', () => {
    down = false;
  });
  return {
    redis,
    ready: (ms) =>
      redis.status === 'ready'
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => done(false), ms);
            const onReady = () => done(true);
            const done = (ok: boolean) => {
              clearTimeout(timer);
              redis.off('ready', onReady);
              resolve(ok);
            };
            redis.once('ready', onReady);
          }),
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
