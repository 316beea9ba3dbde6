import { SlackDeps } from '../../../../src/chat/slack/deps';
import { commandRefusal, probeRefusal } from '../../../../src/chat/slack/limits';
import { RateLimiter } from '../../../../src/state/rate-limit';
import { TestRedis, testRedis } from '../../redis';

let r: TestRedis;
let deps: SlackDeps;

beforeAll(() => {
  r = testRedis();
  // Only what the limits read: the limit settings and a real limiter on the real Redis.
  deps = {
    limits: { commandsPerUserPerMinute: 2, probesPerUserPerHour: 2, probesPerChannelPerHour: 3 },
    state: { limiter: new RateLimiter({ redis: r.redis, prefix: r.prefix }) },
  } as unknown as SlackDeps;
});
afterAll(() => r.done());

describe('per-person and per-channel limits', () => {
  it('lets a user send the allowed commands a minute, then says why not', async () => {
    expect(await commandRefusal(deps, 'U1')).toBeNull();
    expect(await commandRefusal(deps, 'U1')).toBeNull();
    expect(await commandRefusal(deps, 'U1')).toBe(
      'You have sent more than 2 requests this minute: try again in a minute.',
    );
    expect(await commandRefusal(deps, 'U2')).toBeNull();
  });

  it('limits probes per user first, then per channel', async () => {
    expect(await probeRefusal(deps, 'U3', 'C1')).toBeNull();
    expect(await probeRefusal(deps, 'U3', 'C1')).toBeNull();
    expect(await probeRefusal(deps, 'U3', 'C1')).toContain('You have started 2 probes this hour');
    expect(await probeRefusal(deps, 'U4', 'C1')).toBeNull();
    expect(await probeRefusal(deps, 'U4', 'C1')).toBe(
      'This channel has run 3 probes this hour, the most it may: try again later.',
    );
  });
});
