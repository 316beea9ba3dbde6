/**
 * Fixed-window counters per key (a user, a channel): how many times something may happen per
 * window. In Redis so every process shares them; without Redis, counted in this process (bounded).
 */
import { ExpiringMemory, StateDeps, attempt } from './stored';

/** The same fixed windows counted in this process only (at most 10,000 keys remembered). */
export class LocalRateLimiter {
  private readonly counts = new ExpiringMemory<number>(10_000);

  /** True while `key` has been seen at most `limit` times in the current window of `windowS`. */
  allow(key: string, limit: number, windowS: number, now = Date.now()): boolean {
    const full = `${key}:${Math.floor(now / 1000 / windowS)}`;
    const count = (this.counts.get(full, now) ?? 0) + 1;
    this.counts.set(full, count, windowS * 2000, now);
    return count <= limit;
  }
}

export class RateLimiter {
  private readonly fallback = new LocalRateLimiter();

  constructor(private readonly deps: StateDeps) {}

  /** True while `key` has been seen at most `limit` times in the current window of `windowS`. */
  async allow(key: string, limit: number, windowS: number, now = Date.now()): Promise<boolean> {
    const window = Math.floor(now / 1000 / windowS);
    const full = `${this.deps.prefix}limit:${key}:${window}`;
    const r = await attempt(async () => {
      const [[, count]] = (await this.deps.redis
        .multi()
        .incr(full)
        .expire(full, windowS * 2)
        .exec()) as [[null, number]];
      return count;
    });
    if (r.ok) return r.value <= limit;
    return this.fallback.allow(`${this.deps.prefix}limit:${key}`, limit, windowS, now);
  }
}
