/** "Have we handled this already?" for Slack retries and redelivered events, across processes. */
import { ExpiringMemory, StateDeps } from './stored';

/** Remembers keys (event ids, trigger ids) for a day, so Slack's retries and replays run once. */
export class Dedupe {
  private readonly memory = new ExpiringMemory<true>();

  constructor(
    private readonly deps: StateDeps,
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  /** True the first time a key is seen within the TTL. Without Redis, remembers in this process. */
  async firstTime(key: string): Promise<boolean> {
    const full = `${this.deps.prefix}seen:${key}`;
    try {
      const set = await this.deps.redis.set(full, '1', 'EX', this.ttlSeconds, 'NX');
      return set === 'OK';
    } catch {
      if (this.memory.get(full)) return false;
      this.memory.set(full, true, this.ttlSeconds * 1000);
      return true;
    }
  }
}
