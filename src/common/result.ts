/**
 * The result of an operation on state that may be unavailable (Redis down, a store not ready): a
 * value the caller words, not an exception. Here, below the stores and the interfaces they
 * implement (health records), so neither has to import the other.
 */
export type Stored<T> =
  { ok: true; value: T } | { ok: false; reason: 'unavailable'; detail: string };
