import { Dedupe } from '../../../src/state/dedupe';
import { TestRedis, testRedis, unreachableRedis } from '../redis';

let r: TestRedis;
beforeAll(() => {
  r = testRedis();
});
afterAll(() => r.done());

describe('dedupe of Slack retries', () => {
  it('is true only the first time a key is seen, across instances sharing Redis', async () => {
    const a = new Dedupe({ redis: r.redis, prefix: r.prefix });
    const b = new Dedupe({ redis: r.redis, prefix: r.prefix });
    expect(await a.firstTime('Ev1')).toBe(true);
    expect(await a.firstTime('Ev1')).toBe(false);
    expect(await b.firstTime('Ev1')).toBe(false);
    expect(await b.firstTime('Ev2')).toBe(true);
  });

  it('remembers a key for a day by default', async () => {
    await new Dedupe({ redis: r.redis, prefix: r.prefix }).firstTime('Ev3');
    const ttl = await r.redis.ttl(`${r.prefix}seen:Ev3`);
    expect(ttl).toBeGreaterThan(24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
  });

  it('remembers in this process while Redis is down', async () => {
    const down = unreachableRedis();
    try {
      const d = new Dedupe({ redis: down, prefix: r.prefix });
      expect(await d.firstTime('Ev4')).toBe(true);
      expect(await d.firstTime('Ev4')).toBe(false);
      expect(await d.firstTime('Ev5')).toBe(true);
    } finally {
      down.disconnect();
    }
  });
});
