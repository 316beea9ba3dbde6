import { ProbeHistory } from '../../../src/state/probe-history';
import { probeResult, step } from '../fixtures';
import { TestRedis, testRedis } from '../redis';

let r: TestRedis;
let history: ProbeHistory;
beforeAll(() => {
  r = testRedis();
  history = new ProbeHistory({ redis: r.redis, prefix: r.prefix });
});
afterAll(() => r.done());

describe('probe history per broker', () => {
  it('has no last result for a broker never probed', async () => {
    expect(await history.last('never')).toEqual({ ok: true, value: null });
  });

  it('gives back the newest result per broker', async () => {
    const first = probeResult([step('tcp', true)]);
    const second = probeResult([step('tcp', false, { kbIds: ['net/refused'] })]);
    await history.add('prod', first);
    await history.add('prod', second);
    await history.add('other', first);
    expect(await history.last('prod')).toEqual({ ok: true, value: second });
    expect(await history.last('other')).toEqual({ ok: true, value: first });
  });

  it('keeps the last 50 results of a broker', async () => {
    for (let i = 0; i < 55; i++)
      await history.add('busy', probeResult([step('tcp', true, { ms: i })]));
    expect(await r.redis.llen(`${r.prefix}probes:busy`)).toBe(50);
    const last = await history.last('busy');
    expect(last.ok && last.value?.steps[0]?.ms).toBe(54);
  });
});
