import { ChannelSettings } from '../../../src/state/channel-settings';
import { TestRedis, testRedis, unreachableRedis } from '../redis';

let r: TestRedis;
let settings: ChannelSettings;
beforeAll(() => {
  r = testRedis();
  settings = new ChannelSettings({ redis: r.redis, prefix: r.prefix });
});
afterAll(() => r.done());

// A fixed minute, so the counters below fall in one window whatever the clock says.
const MINUTE = 29_000_000 * 60_000;

describe('channel switches', () => {
  it('watches a channel until someone turns it off, and again when turned on', async () => {
    expect(await settings.watching('C1')).toBe(true);
    expect(await settings.setWatching('C1', false)).toEqual({ ok: true, value: undefined });
    expect(await settings.watching('C1')).toBe(false);
    expect(await new ChannelSettings({ redis: r.redis, prefix: r.prefix }).watching('C1')).toBe(
      false,
    );
    await settings.setWatching('C1', true);
    expect(await settings.watching('C1')).toBe(true);
  });

  it('allows the set number of passive answers per channel and minute, with a two-minute key', async () => {
    const allowed = [];
    for (let i = 0; i < 4; i++) allowed.push(await settings.allowPassiveAnswer('C2', 3, MINUTE));
    expect(allowed).toEqual([true, true, true, false]);
    expect(await settings.allowPassiveAnswer('C3', 3, MINUTE)).toBe(true);
    expect(await settings.allowPassiveAnswer('C2', 3, MINUTE + 60_000)).toBe(true);
    const ttl = await r.redis.ttl(`${r.prefix}rate:C2:${MINUTE / 60_000}`);
    expect(ttl).toBeGreaterThan(60);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('keeps switches and counts in this process while Redis is down', async () => {
    const down = unreachableRedis();
    try {
      const offline = new ChannelSettings({ redis: down, prefix: r.prefix });
      expect(await offline.watching('C4')).toBe(true);
      expect((await offline.setWatching('C4', false)).ok).toBe(false);
      expect(await offline.watching('C4')).toBe(false);
      expect(await offline.allowPassiveAnswer('C4', 1, MINUTE)).toBe(true);
      expect(await offline.allowPassiveAnswer('C4', 1, MINUTE)).toBe(false);
      expect(await offline.allowPassiveAnswer('C4', 1, MINUTE + 120_000)).toBe(true);
    } finally {
      down.disconnect();
    }
  });
});
