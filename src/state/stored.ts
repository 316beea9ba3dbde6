/** Result of a state operation: Redis being down is a value the caller words, not an exception. */
import type { RedisClient } from './redis';

import type { Stored } from '../common/result';
import { refusal } from '../common/coded-error';

export type { Stored } from '../common/result';

export interface StateDeps {
  redis: RedisClient;
  /** Every key starts with this (per deployment, per test run). */
  prefix: string;
}

export async function attempt<T>(op: () => Promise<T>): Promise<Stored<T>> {
  try {
    return { ok: true, value: await op() };
  } catch (err) {
    return refusal('storage_unavailable', (err as Error).message);
  }
}

/** A bounded in-process map with expiry: what dedupe and switches fall back to without Redis. */
export class ExpiringMemory<V> {
  private readonly items = new Map<string, { value: V; until: number }>();

  constructor(private readonly maxItems = 10_000) {}

  get(key: string, now = Date.now()): V | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    if (item.until <= now) {
      this.items.delete(key);
      return undefined;
    }
    return item.value;
  }

  set(key: string, value: V, ttlMs: number, now = Date.now()): void {
    // Replacing a key makes no room: only a new key evicts the oldest.
    if (!this.items.has(key) && this.items.size >= this.maxItems) {
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
    this.items.set(key, { value, until: now + ttlMs });
  }
}
