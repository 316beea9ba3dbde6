/**
 * Broker health as a state machine with hysteresis: a broker goes DOWN after `failAfter`
 * consecutive failed checks and comes back after `recoverAfter` good ones; only transitions are
 * announced, and a broker that keeps flipping is announced once as flapping, then once as stable.
 */
import { HealthSettings } from '../probe/brokers';
import { ProbeResult, stepOf, totalMs } from '../probe/types';

export type HealthState = 'UP' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';
export type Outcome = 'ok' | 'degraded' | 'fail';

export interface BrokerHealth {
  state: HealthState;
  /** When the current state began (ms since epoch). */
  since: number;
  fails: number;
  /** Checks in a row that were not failures (ok or degraded): DOWN recovers on these. */
  successes: number;
  /** Checks in a row that were slow or near certificate expiry (absent in older records). */
  slow?: number;
  /** Checks in a row that were fully ok (absent in older records): DEGRADED recovers on these. */
  oks?: number;
  /** The DOWN alert's message, for the recovery to answer in its thread. */
  alertRef: string | null;
  /** Times of recent transitions, for flapping detection. */
  transitions: number[];
  flapping: boolean;
  /** A notice not yet delivered (the channel could not be reached): sent again with the next check. */
  pending?: Notice | null;
  pendingClaimedUntil?: number;
}

export interface Notice {
  kind: 'down' | 'recovered' | 'degraded' | 'normal' | 'flapping' | 'stable';
  from: HealthState;
  to: HealthState;
  /** For a recovery: how long the broker was down. */
  downForMs?: number;
}

export interface FlapSettings {
  /** This many transitions within `windowMs` make a broker flapping. */
  count: number;
  windowMs: number;
}

/** A broker never checked yet: UNKNOWN, with no streak and no open incident. */
export const initialHealth = (now: number): BrokerHealth => ({
  state: 'UNKNOWN',
  since: now,
  fails: 0,
  successes: 0,
  alertRef: null,
  transitions: [],
  flapping: false,
});

/** ok, degraded (slow, or a certificate close to expiry) or fail, and why. */
export function classify(
  result: ProbeResult,
  settings: Pick<HealthSettings, 'latencyMs' | 'certDays'>,
): { outcome: Outcome; reason: string } {
  const failed = result.steps.find((s) => !s.ok);
  if (failed) return { outcome: 'fail', reason: `${failed.name}: ${failed.summary}` };
  const days = stepOf(result, 'tls')?.details.daysToExpiry;
  if (typeof days === 'number' && days <= settings.certDays)
    return { outcome: 'degraded', reason: `certificate expires in ${days} days` };
  const total = totalMs(result);
  if (settings.latencyMs !== null && total > settings.latencyMs)
    return {
      outcome: 'degraded',
      reason: `checks took ${Math.round(total)} ms (limit ${settings.latencyMs} ms)`,
    };
  return { outcome: 'ok', reason: 'all checks passed' };
}

/**
 * The health state machine: one check's outcome moves a broker between UP, DEGRADED, DOWN and
 * UNKNOWN with hysteresis (`fail_after`, `recover_after` consecutive checks) and flapping
 * detection, and says which transition (if any) is worth announcing. Pure: no clock, no I/O.
 */
export function advance(
  h: BrokerHealth,
  outcome: Outcome,
  now: number,
  settings: Pick<HealthSettings, 'failAfter' | 'recoverAfter'>,
  flap: FlapSettings,
): { next: BrokerHealth; notice: Notice | null } {
  const next: BrokerHealth = {
    ...h,
    transitions: h.transitions.filter((t) => now - t < flap.windowMs),
  };
  if (outcome === 'fail') {
    next.fails = h.fails + 1;
    next.successes = 0;
  } else {
    next.successes = h.successes + 1;
    next.fails = 0;
  }
  next.slow = outcome === 'degraded' ? (h.slow ?? 0) + 1 : 0;
  next.oks = outcome === 'ok' ? (h.oks ?? 0) + 1 : 0;
  // DEGRADED has the same hysteresis as DOWN: one slow check (the first after a broker starts
  // takes several times the usual) is not a state, `fail_after` of them in a row are.
  const slowEnough = next.slow >= settings.failAfter;
  let to: HealthState = h.state;
  if (outcome === 'fail') {
    if (h.state !== 'DOWN' && next.fails >= settings.failAfter) to = 'DOWN';
  } else if (h.state === 'DOWN') {
    if (next.successes >= settings.recoverAfter) to = slowEnough ? 'DEGRADED' : 'UP';
  } else if (outcome === 'degraded') {
    if (slowEnough) to = 'DEGRADED';
    else if (h.state === 'UNKNOWN') to = 'UP';
  } else if (h.state !== 'DEGRADED' || next.oks >= settings.recoverAfter) to = 'UP';

  if (to === h.state) {
    // A flapping broker that has kept still for a whole window is stable again: say so once.
    if (next.flapping && next.transitions.length === 0) {
      next.flapping = false;
      return { next, notice: { kind: 'stable', from: h.state, to: h.state } };
    }
    return { next, notice: null };
  }

  next.state = to;
  next.since = now;
  // The first verdict on a broker is no flip.
  if (h.state !== 'UNKNOWN') next.transitions = [...next.transitions, now];
  const notice = noticeFor(h, to, now);
  if (to === 'DOWN') next.alertRef = null;
  if (next.flapping) return { next, notice: null };
  if (next.transitions.length >= flap.count) {
    next.flapping = true;
    return { next, notice: { kind: 'flapping', from: h.state, to } };
  }
  return { next, notice };
}

function noticeFor(h: BrokerHealth, to: HealthState, now: number): Notice | null {
  if (to === 'DOWN') return { kind: 'down', from: h.state, to };
  if (h.state === 'DOWN') return { kind: 'recovered', from: h.state, to, downForMs: now - h.since };
  if (to === 'DEGRADED') return { kind: 'degraded', from: h.state, to };
  // UNKNOWN -> UP is the first check of a healthy broker: nothing to announce.
  if (h.state === 'UNKNOWN') return null;
  return { kind: 'normal', from: h.state, to };
}
