import { FeedbackStore } from '../../../src/state/feedback';
import { TestRedis, testRedis, unreachableRedis } from '../redis';

let r: TestRedis;
let store: FeedbackStore;
beforeAll(() => {
  r = testRedis();
  store = new FeedbackStore({ redis: r.redis, prefix: r.prefix });
});
afterAll(() => r.done());

const vote = (user: string, helped: boolean, answerId = 'A1') =>
  store.vote({ team: 'T1', entryId: 'auth/x', answerId, user, helped });

describe('feedback votes', () => {
  it('counts one vote per user and answer; a changed mind moves the vote, a repeat changes nothing', async () => {
    expect(await vote('U1', true)).toEqual({ ok: true, value: true });
    expect(await vote('U2', false)).toEqual({ ok: true, value: true });
    expect(await store.counts('T1', 'auth/x')).toEqual({
      ok: true,
      value: { helped: 1, total: 2 },
    });
    expect(await vote('U1', true)).toEqual({ ok: true, value: false });
    expect(await vote('U2', true)).toEqual({ ok: true, value: true });
    expect(await store.counts('T1', 'auth/x')).toEqual({
      ok: true,
      value: { helped: 2, total: 2 },
    });
    await vote('U1', false, 'A2');
    expect(await store.counts('T1', 'auth/x')).toEqual({
      ok: true,
      value: { helped: 2, total: 3 },
    });
  });

  it('counts per team and entry, zero where nobody voted', async () => {
    expect(await store.counts('T2', 'auth/x')).toEqual({
      ok: true,
      value: { helped: 0, total: 0 },
    });
  });

  it("keeps a user's votes for 90 days by default", async () => {
    await vote('U3', true, 'A3');
    const ttl = await r.redis.ttl(`${r.prefix}votes:A3:auth/x`);
    expect(ttl).toBeGreaterThan(90 * 24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(90 * 24 * 3600);
  });

  it('says unavailable while Redis is down', async () => {
    const down = unreachableRedis();
    try {
      const offline = new FeedbackStore({ redis: down, prefix: r.prefix });
      expect((await offline.counts('T1', 'auth/x')).ok).toBe(false);
      expect(
        (await offline.vote({ team: 'T', entryId: 'a/b', answerId: 'A', user: 'U', helped: true }))
          .ok,
      ).toBe(false);
    } finally {
      down.disconnect();
    }
  });
});
