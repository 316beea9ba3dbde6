import { ExpiringMemory, attempt } from '../../../src/state/stored';

describe('the fallbacks of the stores', () => {
  it('turns a thrown error into an unavailable value', async () => {
    expect(await attempt(async () => 7)).toEqual({ ok: true, value: 7 });
    expect(
      await attempt(async () => {
        throw new Error('Connection is closed.');
      }),
    ).toEqual({
      ok: false,
      code: 'storage_unavailable',
      message: 'Connection is closed.',
    });
  });

  it('forgets an item once its time is up', () => {
    const m = new ExpiringMemory<number>();
    m.set('a', 1, 1000, 0);
    expect(m.get('a', 999)).toBe(1);
    expect(m.get('a', 1000)).toBeUndefined();
    expect(m.get('a', 0)).toBeUndefined();
  });

  it('holds at most maxItems, dropping the oldest first', () => {
    const m = new ExpiringMemory<number>(2);
    m.set('a', 1, 1000, 0);
    m.set('b', 2, 1000, 0);
    m.set('c', 3, 1000, 0);
    expect([m.get('a', 1), m.get('b', 1), m.get('c', 1)]).toEqual([undefined, 2, 3]);
  });

  it('makes no room when a key it holds is replaced', () => {
    const m = new ExpiringMemory<number>(2);
    m.set('a', 1, 1000, 0);
    m.set('b', 2, 1000, 0);
    m.set('b', 20, 1000, 0);
    expect([m.get('a', 1), m.get('b', 1)]).toEqual([1, 20]);
  });
});
