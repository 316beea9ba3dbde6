/** Per-channel switches (watching pasted logs) and the passive-answer rate limit. */
import { ExpiringMemory, StateDeps, Stored, attempt } from './stored';

/** Per-channel switches (`watch on|off`) and the passive-answer rate limit. */
export class ChannelSettings {
  private readonly fallbackWatch = new Map<string, boolean>();
  private readonly fallbackCounts = new ExpiringMemory<number>();

  constructor(private readonly deps: StateDeps) {}

  private get watchKey(): string {
    return `${this.deps.prefix}watch`;
  }

  /** Whether pasted logs in the channel get answers (on unless someone turned it off). */
  async watching(channel: string): Promise<boolean> {
    const r = await attempt(() => this.deps.redis.hget(this.watchKey, channel));
    if (r.ok) return r.value !== 'off';
    return this.fallbackWatch.get(channel) ?? true;
  }

  async setWatching(channel: string, on: boolean): Promise<Stored<void>> {
    this.fallbackWatch.set(channel, on);
    return attempt(async () => {
      await this.deps.redis.hset(this.watchKey, channel, on ? 'on' : 'off');
    });
  }

  /** Counts one passive answer in the current minute; false once the channel is over its limit. */
  async allowPassiveAnswer(channel: string, perMinute: number, now = Date.now()): Promise<boolean> {
    const minute = Math.floor(now / 60_000);
    const key = `${this.deps.prefix}rate:${channel}:${minute}`;
    const r = await attempt(async () => {
      const [[, count]] = (await this.deps.redis.multi().incr(key).expire(key, 120).exec()) as [
        [null, number],
      ];
      return count;
    });
    if (r.ok) return r.value <= perMinute;
    const count = (this.fallbackCounts.get(key, now) ?? 0) + 1;
    this.fallbackCounts.set(key, count, 120_000, now);
    return count <= perMinute;
  }
}
