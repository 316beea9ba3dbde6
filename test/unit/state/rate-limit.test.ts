import { RateLimiter } from '../../../src/state/rate-limit';
import { TestRedis, testRedis, unreachableRedis } from '../redis';

let r: TestRedis;
beforeAll(() => {
  r = testRedis();
});
afterAll(() => r.done());

// A fixed time at the start of an hour window, so the counts below fall in one window.
const NOW = 480_000 * 3600_000;

describe('fixed-window rate limits', () => {
  it('allows `limit` per window and key, shared by every limiter on the same Redis', async () => {
    const a = new RateLimiter({ redis: r.redis, prefix: r.prefix });
    const b = new RateLimiter({ redis: r.redis, prefix: r.prefix });
    expect(await a.allow('u1', 2, 3600, NOW)).toBe(true);
    expect(await b.allow('u1', 2, 3600, NOW + 1000)).toBe(true);
    expect(await a.allow('u1', 2, 3600, NOW + 2000)).toBe(false);
    expect(await a.allow('u2', 2, 3600, NOW)).toBe(true);
    expect(await a.allow('u1', 2, 3600, NOW + 3600_000)).toBe(true);
  });

  it('lets a window key expire after two windows', async () => {
    await new RateLimiter({ redis: r.redis, prefix: r.prefix }).allow('u3', 1, 60, NOW);
    const ttl = await r.redis.ttl(`${r.prefix}limit:u3:${NOW / 60_000}`);
    expect(ttl).toBeGreaterThan(60);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('counts in this process while Redis is down', async () => {
    const down = unreachableRedis();
    try {
      const l = new RateLimiter({ redis: down, prefix: r.prefix });
      expect(await l.allow('u4', 1, 60, NOW)).toBe(true);
      expect(await l.allow('u4', 1, 60, NOW + 1000)).toBe(false);
      expect(await l.allow('u4', 1, 60, NOW + 60_000)).toBe(true);
    } finally {
      down.disconnect();
    }
  });
});
