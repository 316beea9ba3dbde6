/**
 * What is kept of broker health, whatever keeps it (Redis for a deployment, memory for a console
 * without Redis): the state machine's state, recent checks, state changes, and hourly counts for
 * uptime over days. Status views (chat, web, images) read only this.
 */
import { BrokerHealth, HealthState, Notice } from './health-state';
import type { Stored } from '../common/result';

export interface StepTiming {
  name: string;
  /** Duration in ms, rounded to 0.1 ms. */
  ms: number;
  ok: boolean;
}

export interface CheckRecord {
  /** ms since epoch. */
  t: number;
  outcome: 'ok' | 'degraded' | 'fail';
  /** Total duration of the check's steps. */
  ms: number;
  reason: string;
  certDays: number | null;
  /** Each step run, in order (absent in records written before steps were kept). */
  steps?: StepTiming[];
  /** KB entries that explain a failure, most specific first. */
  kbIds?: string[];
}

/** A change of state (UNKNOWN -> UP, UP -> DOWN ...): the incident timeline. */
export interface HealthEvent {
  t: number;
  from: HealthState;
  to: HealthState;
  /** The step that failed, for a change to DOWN. */
  step: string | null;
  reason: string;
  kbIds: string[];
}

/** Checks counted in one clock hour, for uptime over 24 h, 7 d, 30 d and per-day bars. */
export interface HourCount {
  /** Start of the hour, ms since epoch (UTC). */
  hour: number;
  ok: number;
  degraded: number;
  fail: number;
}

export const HOUR_MS = 3600_000;
/** Hourly counts are kept this long: the longest uptime window plus the day in progress. */
export const COUNT_RETENTION_MS = 31 * 24 * HOUR_MS;
/** State changes kept per broker. */
export const EVENTS_LENGTH = 200;
/**
 * History entries kept per broker by default (HEALTH_HISTORY_LENGTH): a day of checks every 5
 * minutes, or 8 hours every 30 s.
 */
export const HISTORY_LENGTH = 1000;
/**
 * How many checks per broker the overview reads (its sparkline and latency figures): a broker's
 * own page reads its whole history, but an overview of 10,000 brokers must not read 10 million
 * checks per request. So no history may be shorter.
 */
export const OVERVIEW_CHECKS = 60;

export type HealthStep = (h: BrokerHealth) => { next: BrokerHealth; notice: Notice | null };

export interface HealthRecords {
  /**
   * Applies `step` to the broker's stored state and records the check (history, hourly count, and
   * a state change when there is one) as one unit: several workers never announce twice.
   */
  record(
    broker: string,
    check: CheckRecord,
    step: HealthStep,
  ): Promise<{ next: BrokerHealth; notice: Notice | null }>;
  /** The pending notice went out; `alertRef` is kept when it opened a thread (a DOWN alert). */
  delivered(broker: string, alertRef: string | null): Promise<void>;
  state(broker: string): Promise<Stored<BrokerHealth | null>>;
  /** Newest first. */
  history(broker: string, count?: number): Promise<Stored<CheckRecord[]>>;
  /** Newest first. */
  events(broker: string, count?: number): Promise<Stored<HealthEvent[]>>;
  /** Hours from `since` to `now` that saw checks, oldest first. */
  hours(broker: string, since: number, now: number): Promise<Stored<HourCount[]>>;
  forget(broker: string): Promise<void>;
}

/** The state change a check caused, if any, worded from the check that caused it. */
export function eventFor(
  before: BrokerHealth,
  after: BrokerHealth,
  check: CheckRecord,
): HealthEvent | null {
  if (after.state === before.state) return null;
  const failed = check.steps?.find((s) => !s.ok);
  return {
    t: check.t,
    from: before.state,
    to: after.state,
    step: after.state === 'DOWN' && failed ? failed.name : null,
    reason: check.reason,
    kbIds: after.state === 'DOWN' || after.state === 'DEGRADED' ? (check.kbIds ?? []) : [],
  };
}

/** The start of the UTC hour that `t` falls in (the key of the hourly counts). */
export const hourOf = (t: number): number => t - (t % HOUR_MS);
