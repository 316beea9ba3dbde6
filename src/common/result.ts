/**
 * The result of an operation on state that may be unavailable (Redis down, a store not ready): a
 * value the caller words, not an exception. Here, below the stores and the interfaces they
 * implement (health records), so neither has to import the other.
 */
import type { Refusal } from './coded-error';

export type Stored<T> = { ok: true; value: T } | Refusal<'storage_unavailable'>;
