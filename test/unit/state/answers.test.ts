import { AnswerStore, AnswerRecord } from '../../../src/state/answers';
import { TestRedis, testRedis, unreachableRedis } from '../redis';

let r: TestRedis;
let store: AnswerStore;
const DAY = 24 * 3600;

beforeAll(() => {
  r = testRedis();
  store = new AnswerStore({ redis: r.redis, prefix: r.prefix }, 7 * DAY);
});
afterAll(() => r.done());

const record: AnswerRecord = {
  team: 'T1',
  channel: 'C1',
  threadTs: '1700000000.000100',
  text: 'Connection Refused: not authorised',
  matches: ['auth/not-authorized', 'auth/bad-password'],
};

describe('the answer store', () => {
  it('mints answer ids of the uuid shape buttons accept, a new one each time', () => {
    const a = store.newId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(store.newId()).not.toBe(a);
  });

  it('gives a saved answer back, and null for an unknown id', async () => {
    const id = store.newId();
    expect(await store.save(id, record)).toEqual({ ok: true, value: undefined });
    expect(await store.get(id)).toEqual({ ok: true, value: record });
    expect(await store.get(store.newId())).toEqual({ ok: true, value: null });
  });

  it('keeps an answer for the retention it was given (ANSWER_TTL_DAYS), no longer', async () => {
    const id = store.newId();
    await store.save(id, record);
    const ttl = await r.redis.ttl(`${r.prefix}answer:${id}`);
    expect(ttl).toBeGreaterThan(7 * DAY - 60);
    expect(ttl).toBeLessThanOrEqual(7 * DAY);
  });

  it('keeps labelled examples in the order they were picked, one per person and answer', async () => {
    const at = '2026-11-20T10:00:00.000Z';
    const first = { answerId: 'A1', user: 'U1' };
    await store.addLabel({ text: 'one', label: 'a/b', answered: null, team: 'T1', at }, first);
    await store.addLabel(
      { text: 'two', label: 'c/d', answered: 'a/b', team: 'T1', at },
      { answerId: 'A2', user: 'U1' },
    );
    // The same person picking again on the same answer, many times: kept once.
    for (let i = 0; i < 5; i++) {
      const again = await store.addLabel(
        { text: 'one', label: 'e/f', answered: null, team: 'T1', at },
        first,
      );
      expect(again).toEqual({ ok: true, value: false });
    }
    const labels = await store.labels();
    expect(labels.ok && labels.value.map((l) => [l.text, l.label, l.answered])).toEqual([
      ['one', 'a/b', null],
      ['two', 'c/d', 'a/b'],
    ]);
  });

  it('says the store is unavailable instead of throwing when Redis cannot be reached', async () => {
    const down = unreachableRedis();
    try {
      const offline = new AnswerStore({ redis: down, prefix: r.prefix });
      const got = await offline.get('x');
      expect(got.ok).toBe(false);
      expect(got.ok ? null : got.code).toBe('storage_unavailable');
      expect((await offline.save('x', record)).ok).toBe(false);
    } finally {
      down.disconnect();
    }
  });
});
