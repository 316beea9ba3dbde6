/**
 * The Redis connection the bot's state uses. Commands fail fast while Redis is down (no offline
 * queue, one retry) so triage answers never wait on it; the client keeps reconnecting behind.
 */
import Redis from 'ioredis';

export interface RedisHandle {
  redis: Redis;
  close(): Promise<void>;
}

export function connectRedis(url: string, onError: (err: Error) => void): RedisHandle {
  const redis = new Redis(url, {
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
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
