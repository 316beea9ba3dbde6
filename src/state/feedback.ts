/**
 * "Did this help?" votes: one vote per user per answer (a changed mind moves the vote), counted
 * per entry and workspace, so answers can say "helped N of M times here".
 */
import { StateDeps, Stored, attempt } from './stored';

export interface FeedbackCounts {
  helped: number;
  total: number;
}

// Atomic vote: read the user's previous vote on this answer, replace it, move the counters.
const VOTE = `
local prev = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if prev == ARGV[2] then return 0 end
if prev then redis.call('HINCRBY', KEYS[2], prev, -1) else redis.call('HINCRBY', KEYS[2], 'total', 1) end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
`;

/** Helped / Didn't help votes: one per user per answer, counted per team and entry. */
export class FeedbackStore {
  constructor(
    private readonly deps: StateDeps,
    private readonly voteTtlSeconds = 90 * 24 * 3600,
  ) {}

  private countsKey(team: string, entryId: string): string {
    return `${this.deps.prefix}feedback:${team}:${entryId}`;
  }

  /** Records a vote; resolves false when the user had already voted the same way. */
  async vote(v: {
    team: string;
    entryId: string;
    answerId: string;
    user: string;
    helped: boolean;
  }): Promise<Stored<boolean>> {
    const votesKey = `${this.deps.prefix}votes:${v.answerId}:${v.entryId}`;
    return attempt(async () => {
      const changed = await this.deps.redis.eval(
        VOTE,
        2,
        votesKey,
        this.countsKey(v.team, v.entryId),
        v.user,
        v.helped ? 'helped' : 'not_helped',
        String(this.voteTtlSeconds),
      );
      return changed === 1;
    });
  }

  async counts(team: string, entryId: string): Promise<Stored<FeedbackCounts>> {
    return attempt(async () => {
      const h = await this.deps.redis.hgetall(this.countsKey(team, entryId));
      return { helped: Number(h.helped ?? 0), total: Number(h.total ?? 0) };
    });
  }
}
