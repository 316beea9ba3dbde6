/**
 * Broker health in Redis: the state machine's state per broker (so a restart neither re-alerts an
 * ongoing outage nor forgets it), a bounded history of recent checks, the state changes, and
 * hourly counts kept a month for uptime. Updates take a per-broker lock, so several workers never
 * double-announce.
 */
import { randomUUID } from 'crypto';
import { BrokerHealth, Notice, initialHealth } from '../alerts/health-state';
import {
  COUNT_RETENTION_MS,
  CheckRecord,
  EVENTS_LENGTH,
  HISTORY_LENGTH,
  HOUR_MS,
  HealthEvent,
  HealthRecords,
  HealthStep,
  HourCount,
  eventFor,
} from '../alerts/health-records';
import { StateDeps, Stored, attempt } from './stored';

export type { CheckRecord } from '../alerts/health-records';
export { HISTORY_LENGTH } from '../alerts/health-records';

const LOCK_MS = 5000;
const DAY_MS = 24 * HOUR_MS;

/** `2026-11-01`: one hash of hourly counts per UTC day, expiring after the retention. */
const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** Each broker's health state, check history (capped), events and hourly counts, under a per-broker lock. */
export class HealthStore implements HealthRecords {
  constructor(
    private readonly deps: StateDeps,
    /** Checks kept per broker (HEALTH_HISTORY_LENGTH). */
    private readonly historyLength = HISTORY_LENGTH,
  ) {}

  private key(kind: string, broker: string): string {
    return `${this.deps.prefix}health:${kind}:${broker}`;
  }

  private dayKey(broker: string, t: number): string {
    return `${this.key('day', broker)}:${dayOf(t)}`;
  }

  async record(
    broker: string,
    check: CheckRecord,
    step: HealthStep,
  ): Promise<{ next: BrokerHealth; notice: Notice | null }> {
    return this.locked(broker, async () => {
      const raw = await this.deps.redis.get(this.key('state', broker));
      const before = raw ? (JSON.parse(raw) as BrokerHealth) : initialHealth(check.t);
      const result = step(before);
      const event = eventFor(before, result.next, check);
      const day = this.dayKey(broker, check.t);
      const tx = this.deps.redis
        .multi()
        .set(this.key('state', broker), JSON.stringify(result.next))
        .lpush(this.key('history', broker), JSON.stringify(check))
        .ltrim(this.key('history', broker), 0, this.historyLength - 1)
        .hincrby(day, `${new Date(check.t).getUTCHours()}:${check.outcome}`, 1)
        .pexpire(day, COUNT_RETENTION_MS + DAY_MS);
      if (event)
        tx.lpush(this.key('events', broker), JSON.stringify(event)).ltrim(
          this.key('events', broker),
          0,
          EVENTS_LENGTH - 1,
        );
      await tx.exec();
      return result;
    });
  }

  async delivered(broker: string, alertRef: string | null): Promise<void> {
    await this.locked(broker, async () => {
      const raw = await this.deps.redis.get(this.key('state', broker));
      if (!raw) return;
      const h = JSON.parse(raw) as BrokerHealth;
      await this.deps.redis.set(
        this.key('state', broker),
        JSON.stringify({ ...h, pending: null, ...(alertRef ? { alertRef } : {}) }),
      );
    });
  }

  private async locked<T>(broker: string, work: () => Promise<T>): Promise<T> {
    const lock = this.key('lock', broker);
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
      const raw = await this.deps.redis.get(this.key('state', broker));
      return raw ? (JSON.parse(raw) as BrokerHealth) : null;
    });
  }

  async history(broker: string, count = this.historyLength): Promise<Stored<CheckRecord[]>> {
    return attempt(async () =>
      (await this.deps.redis.lrange(this.key('history', broker), 0, count - 1)).map(
        (l) => JSON.parse(l) as CheckRecord,
      ),
    );
  }

  async events(broker: string, count = EVENTS_LENGTH): Promise<Stored<HealthEvent[]>> {
    return attempt(async () =>
      (await this.deps.redis.lrange(this.key('events', broker), 0, count - 1)).map(
        (l) => JSON.parse(l) as HealthEvent,
      ),
    );
  }

  async hours(broker: string, since: number, now: number): Promise<Stored<HourCount[]>> {
    return attempt(async () => {
      const days: number[] = [];
      for (let d = since - (since % DAY_MS); d <= now; d += DAY_MS) days.push(d);
      const pipe = this.deps.redis.pipeline();
      for (const d of days) pipe.hgetall(this.dayKey(broker, d));
      const replies = (await pipe.exec()) ?? [];
      const out: HourCount[] = [];
      days.forEach((d, i) => {
        const [err, fields] = replies[i] ?? [null, {}];
        if (err) throw err;
        out.push(...hourCounts(d, fields as Record<string, string>));
      });
      return out.filter((h) => h.hour + HOUR_MS > since && h.hour <= now);
    });
  }

  /** Day counts are left to expire on their own (a month at most). */
  async forget(broker: string): Promise<void> {
    await this.deps.redis.del(
      this.key('state', broker),
      this.key('history', broker),
      this.key('events', broker),
    );
  }
}

/** One day's hash (`13:ok` -> 4) as hourly counts, oldest first. */
function hourCounts(dayStart: number, fields: Record<string, string>): HourCount[] {
  const byHour = new Map<number, HourCount>();
  for (const [field, value] of Object.entries(fields)) {
    const [h, outcome] = field.split(':');
    const hour = dayStart + Number(h) * HOUR_MS;
    if (!Number.isInteger(Number(h)) || !['ok', 'degraded', 'fail'].includes(outcome ?? ''))
      continue;
    const c = byHour.get(hour) ?? { hour, ok: 0, degraded: 0, fail: 0 };
    c[outcome as 'ok' | 'degraded' | 'fail'] += Number(value) || 0;
    byHour.set(hour, c);
  }
  return [...byHour.values()].sort((a, b) => a.hour - b.hour);
}
