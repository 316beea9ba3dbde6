/**
 * Broker health in this process only: what a console without Redis keeps, with the same bounds
 * as the Redis store (recent checks, state changes, a month of hourly counts). Gone on restart.
 */
import { BrokerHealth, Notice, initialHealth } from '../alerts/health-state';
import {
  COUNT_RETENTION_MS,
  CheckRecord,
  EVENTS_LENGTH,
  HISTORY_LENGTH,
  HealthEvent,
  HealthRecords,
  HealthStep,
  HourCount,
  HOUR_MS,
  eventFor,
  hourOf,
} from '../alerts/health-records';
import { Stored } from './stored';

interface Kept {
  state: BrokerHealth | null;
  history: CheckRecord[];
  events: HealthEvent[];
  hours: Map<number, HourCount>;
}

const ok = <T>(value: T): Stored<T> => ({ ok: true, value });

export class MemoryHealthStore implements HealthRecords {
  private readonly brokers = new Map<string, Kept>();

  /** `historyLength`: checks kept per broker (HEALTH_HISTORY_LENGTH). */
  constructor(private readonly historyLength = HISTORY_LENGTH) {}

  private kept(broker: string): Kept {
    let k = this.brokers.get(broker);
    if (!k) {
      k = { state: null, history: [], events: [], hours: new Map() };
      this.brokers.set(broker, k);
    }
    return k;
  }

  // One process, one event loop: the read-modify-write below runs without interleaving.
  async record(
    broker: string,
    check: CheckRecord,
    step: HealthStep,
  ): Promise<{ next: BrokerHealth; notice: Notice | null }> {
    const k = this.kept(broker);
    const before = k.state ?? initialHealth(check.t);
    const result = step(before);
    k.state = result.next;
    k.history.unshift(check);
    k.history.length = Math.min(k.history.length, this.historyLength);
    const event = eventFor(before, result.next, check);
    if (event) {
      k.events.unshift(event);
      k.events.length = Math.min(k.events.length, EVENTS_LENGTH);
    }
    const hour = hourOf(check.t);
    const count = k.hours.get(hour) ?? { hour, ok: 0, degraded: 0, fail: 0 };
    count[check.outcome] += 1;
    if (!k.hours.has(hour)) {
      k.hours.set(hour, count);
      // A new hour began: drop the ones past the retention (Maps keep insertion order).
      for (const h of k.hours.keys()) {
        if (h > check.t - COUNT_RETENTION_MS) break;
        k.hours.delete(h);
      }
    }
    return result;
  }

  async delivered(broker: string, alertRef: string | null): Promise<void> {
    const k = this.kept(broker);
    if (k.state) k.state = { ...k.state, pending: null, ...(alertRef ? { alertRef } : {}) };
  }

  async state(broker: string): Promise<Stored<BrokerHealth | null>> {
    return ok(this.brokers.get(broker)?.state ?? null);
  }

  async history(broker: string, count = this.historyLength): Promise<Stored<CheckRecord[]>> {
    return ok((this.brokers.get(broker)?.history ?? []).slice(0, count));
  }

  async events(broker: string, count = EVENTS_LENGTH): Promise<Stored<HealthEvent[]>> {
    return ok((this.brokers.get(broker)?.events ?? []).slice(0, count));
  }

  async hours(broker: string, since: number, now: number): Promise<Stored<HourCount[]>> {
    const all = [...(this.brokers.get(broker)?.hours.values() ?? [])];
    return ok(all.filter((h) => h.hour + HOUR_MS > since && h.hour <= now).map((h) => ({ ...h })));
  }

  async forget(broker: string): Promise<void> {
    this.brokers.delete(broker);
  }
}
