/**
 * How the KB index (`./kb-index.ts`) keeps its parts and gives them back: entries and parts of
 * the matcher's index that deserialise on first use, and large maps stored value by value.
 */
import v8 from 'v8';
import type { KbEntry } from '../kb/entry';

/**
 * An entry whose id and title are there at once and whose other fields are read from the index
 * on first use; they then become plain fields. Spread, JSON and assignment behave as on a parsed
 * entry, fields in the same order.
 */
export function lazyEntry(keys: string[], id: string, title: string, load: () => KbEntry): KbEntry {
  const stub = {} as Record<string, unknown>;
  const materialise = (): Record<string, unknown> => {
    const full = load() as unknown as Record<string, unknown>;
    for (const key of keys) {
      if (key === 'id' || key === 'title') continue;
      if (key in full)
        Object.defineProperty(stub, key, {
          value: full[key],
          writable: true,
          enumerable: true,
          configurable: true,
        });
      else delete stub[key];
    }
    return stub;
  };
  for (const key of keys) {
    if (key === 'id' || key === 'title') {
      stub[key] = key === 'id' ? id : title;
      continue;
    }
    Object.defineProperty(stub, key, {
      enumerable: true,
      configurable: true,
      get: () => materialise()[key],
      set: (value: unknown) => {
        materialise()[key] = value;
      },
    });
  }
  return stub as unknown as KbEntry;
}

/**
 * An instance of `cls` whose fields are deserialised on first use: V8 serialisation keeps an
 * object's data, not its class, so the data gets the class's prototype back (its methods).
 */
export function lazyInstance<T extends object>(cls: { prototype: T }, load: () => object): T {
  let real: T | null = null;
  const target = (): T => (real ??= Object.setPrototypeOf(load(), cls.prototype) as T);
  return new Proxy(Object.create(cls.prototype) as T, {
    get: (_stub, key) => Reflect.get(target(), key),
    set: (_stub, key, value) => Reflect.set(target(), key, value),
    has: (_stub, key) => Reflect.has(target(), key),
  });
}

/** Maps with more keys than this, holding objects or arrays, are stored key by key. */
const LAZY_MAP_MIN = 256;

/** A part of the matcher's index as stored: its fields, its large maps value by value. */
export interface StoredPart {
  fields: Record<string, unknown>;
  maps: Record<string, { keys: unknown[]; values: Buffer; ends: Uint32Array }>;
}

/** A part of the index as stored: a plain object with its Maps and Sets turned into arrays. */
export function storePart(part: object): StoredPart {
  const stored: StoredPart = { fields: {}, maps: {} };
  for (const [name, value] of Object.entries(part)) {
    const large =
      value instanceof Map &&
      value.size > LAZY_MAP_MIN &&
      [...value.values()].every((v) => typeof v === 'object' && v !== null);
    if (!large) {
      stored.fields[name] = value;
      continue;
    }
    const values = [...(value as Map<unknown, unknown>).values()].map((v) => v8.serialize(v));
    let end = 0;
    stored.maps[name] = {
      keys: [...(value as Map<unknown, unknown>).keys()],
      values: Buffer.concat(values),
      ends: Uint32Array.from(values, (b) => (end += b.length)),
    };
  }
  return stored;
}

/** The inverse of `storePart`: arrays tagged as Maps and Sets become them again. */
export function loadPart(stored: StoredPart): Record<string, unknown> {
  const part = stored.fields;
  for (const [name, map] of Object.entries(stored.maps))
    part[name] = new LazyMap(map.keys, map.values, map.ends);
  return part;
}

/**
 * A Map read from the index whose values are deserialised when their key is first looked up:
 * a query looks up a few dozen of the symptom or phrase index's thousands of words. Iterating
 * reads every value first, in the stored order.
 */
export class LazyMap<K, V> extends Map<K, V> {
  private pending: Map<K, number> | null;

  constructor(
    private readonly order: K[],
    private readonly stored: Buffer,
    private readonly ends: Uint32Array,
  ) {
    super();
    this.pending = new Map(order.map((k, i) => [k, i]));
  }

  private take(key: K): void {
    const i = this.pending?.get(key);
    if (i === undefined) return;
    this.pending!.delete(key);
    const bytes = this.stored.subarray(i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
    super.set(key, v8.deserialize(bytes) as V);
  }

  /** Every value read, in the stored order (then keys set since). */
  private all(): void {
    if (!this.pending || this.pending.size === 0) return;
    for (const key of [...this.pending.keys()]) this.take(key);
    const known = new Set(this.order);
    const later = [...super.entries()].filter(([k]) => !known.has(k));
    const values = new Map(super.entries());
    super.clear();
    for (const k of this.order) if (values.has(k)) super.set(k, values.get(k)!);
    for (const [k, v] of later) super.set(k, v);
    this.pending = null;
  }

  override get(key: K): V | undefined {
    this.take(key);
    return super.get(key);
  }

  override has(key: K): boolean {
    return super.has(key) || (this.pending?.has(key) ?? false);
  }

  override set(key: K, value: V): this {
    this.pending?.delete(key);
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const pending = this.pending?.delete(key) ?? false;
    return super.delete(key) || pending;
  }

  override clear(): void {
    this.pending = null;
    super.clear();
  }

  override get size(): number {
    return super.size + (this.pending?.size ?? 0);
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.all();
    super.forEach(fn, thisArg);
  }

  override keys(): MapIterator<K> {
    this.all();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.all();
    return super.values();
  }

  override entries(): MapIterator<[K, V]> {
    this.all();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
