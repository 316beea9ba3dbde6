/**
 * Broker health in Redis: the state machine's state per broker (so a restart neither re-alerts an
 * ongoing outage nor forgets it) and a bounded history of recent checks for status views.
 * Updates take a per-broker lock, so several workers never double-announce.
 */
import { randomUUID } from 'crypto';
import { BrokerHealth, Notice, initialHealth } from '../alerts/health-state';
import { StateDeps, Stored, attempt } from './stored';

export interface CheckRecord {
  /** ms since epoch. */
  t: number;
  outcome: 'ok' | 'degraded' | 'fail';
  /** Total duration of the check's steps. */
  ms: number;
  reason: string;
  certDays: number | null;
}

/** History entries kept per broker: a day of checks every 5 minutes, or 8 hours every 30 s. */
export const HISTORY_LENGTH = 1000;
const LOCK_MS = 5000;

/** Each broker's health state and check history (capped), under a per-broker lock. */
export class HealthStore {
  constructor(private readonly deps: StateDeps) {}

  private stateKey(broker: string): string {
    return `${this.deps.prefix}health:state:${broker}`;
  }

  private historyKey(broker: string): string {
    return `${this.deps.prefix}health:history:${broker}`;
  }

  /**
   * Applies `step` to the broker's stored state and records the check, under a per-broker lock:
   * several workers, or a slow check overlapping the next one, never announce a transition twice.
   */
  async record(
    broker: string,
    check: CheckRecord,
    step: (h: BrokerHealth) => { next: BrokerHealth; notice: Notice | null },
  ): Promise<{ next: BrokerHealth; notice: Notice | null }> {
    return this.locked(broker, async () => {
      const raw = await this.deps.redis.get(this.stateKey(broker));
      const result = step(raw ? (JSON.parse(raw) as BrokerHealth) : initialHealth(check.t));
      await this.deps.redis
        .multi()
        .set(this.stateKey(broker), JSON.stringify(result.next))
        .lpush(this.historyKey(broker), JSON.stringify(check))
        .ltrim(this.historyKey(broker), 0, HISTORY_LENGTH - 1)
        .exec();
      return result;
    });
  }

  /** The pending notice went out; `alertRef` is kept when it opened a thread (a DOWN alert). */
  async delivered(broker: string, alertRef: string | null): Promise<void> {
    await this.locked(broker, async () => {
      const raw = await this.deps.redis.get(this.stateKey(broker));
      if (!raw) return;
      const h = JSON.parse(raw) as BrokerHealth;
      await this.deps.redis.set(
        this.stateKey(broker),
        JSON.stringify({ ...h, pending: null, ...(alertRef ? { alertRef } : {}) }),
      );
    });
  }

  private async locked<T>(broker: string, work: () => Promise<T>): Promise<T> {
    const lock = `${this.deps.prefix}health:lock:${broker}`;
    const token = randomUUID();
    for (let waited = 0; ; waited += 20) {
      if ((await this.deps.redis.set(lock, token, 'PX', LOCK_MS, 'NX')) === 'OK') break;
      if (waited > LOCK_MS * 2) throw new Error(`health state of ${broker} is locked`);
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      return await work();
    } finally {
      // Release only our own lock (it may have expired and been taken by another worker).
      await this.deps.redis.eval(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
        1,
        lock,
        token,
      );
    }
  }

  async state(broker: string): Promise<Stored<BrokerHealth | null>> {
    return attempt(async () => {
      const raw = await this.deps.redis.get(this.stateKey(broker));
      return raw ? (JSON.parse(raw) as BrokerHealth) : null;
    });
  }

  async history(broker: string, count = HISTORY_LENGTH): Promise<Stored<CheckRecord[]>> {
    return attempt(async () =>
      (await this.deps.redis.lrange(this.historyKey(broker), 0, count - 1)).map(
        (l) => JSON.parse(l) as CheckRecord,
      ),
    );
  }

  async forget(broker: string): Promise<void> {
    await this.deps.redis.del(this.stateKey(broker), this.historyKey(broker));
  }
}
