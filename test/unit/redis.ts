/**
 * The real Redis for store tests: one client and one key prefix per test file, every key under
 * the prefix removed and the client closed in `done()`.
 */
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { deleteKeysUnder } from '../../bench/redis-keys';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  redis: Redis;
  prefix: string;
  done(): Promise<void>;
}

export function testRedis(): TestRedis {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `test-unit-${randomUUID()}:`;
  return {
    redis,
    prefix,
    async done() {
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
    },
  };
}

/**
 * A real client that cannot reach Redis and says so at once (no offline queue, never connects):
 * what the stores see while Redis is down. `disconnect()` it in afterAll.
 */
export function unreachableRedis(): Redis {
  return new Redis({
    host: '127.0.0.1',
    port: 1,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
}
