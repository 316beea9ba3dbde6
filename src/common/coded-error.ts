/**
 * Refusals with a code, like bolt-js's CodedError: the message is for people (and may change),
 * the code is for programs (metrics, tests, adapters choosing how to word or route a refusal).
 * A value at a module edge, never thrown.
 */

export const ERROR_CODES = [
  /** A probe named a broker that brokers.yml does not list. */
  'unknown_broker',
  /** The broker or host exists, but may not be probed from here (channel list, allow_hosts). */
  'not_allowed',
  /** What was given as a broker URL does not parse as one. */
  'bad_url',
  /** A URL typed in chat carried a user name or password: chat probes never carry them. */
  'credentials_in_url',
  /** No broker is configured and no host allowed: probes from chat are off. */
  'probes_not_configured',
  /** The probe queue (Redis) cannot take the job: no queue, or Redis unreachable. */
  'queue_unavailable',
  /** A store (Redis) could not read or write. */
  'storage_unavailable',
  /** The asker (or the channel) has used up the probes it may start for now. */
  'rate_limited',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Refusal<C extends ErrorCode = ErrorCode> {
  ok: false;
  code: C;
  /** One sentence for the person who asked: what is wrong and what to do. */
  message: string;
}

export const refusal = <C extends ErrorCode>(code: C, message: string): Refusal<C> => ({
  ok: false,
  code,
  message,
});
