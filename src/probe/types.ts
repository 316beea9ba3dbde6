/**
 * What a probe tests and what it finds. A broker fault is a result value (a failed step with the
 * KB entries that explain it), never an exception; only infrastructure faults throw.
 */

import type { AddressRule } from './address-policy';
import type { BrokerEndpoint } from './endpoint';

export type ProtocolChoice = '3.1.1' | '5' | 'auto';

export interface ProbeTarget {
  /** Configured broker name, or null for an ad-hoc URL. */
  name: string | null;
  /** Where the broker is, read once from its URL (never with a password in it: see `password`). */
  endpoint: BrokerEndpoint;
  /** Which addresses DNS may lead the probe to (chat probes never reach loopback or metadata). */
  addresses: AddressRule;
  username: string | null;
  password: string | null;
  protocol: ProtocolChoice;
  tls: { ca: string | null; cert: string | null; key: string | null; insecure: boolean };
  /** Base topic for the publish/subscribe round trip; a unique subtopic is used under it. */
  topic: string;
  /** Client id prefix for probe connections: never a real device's id. */
  clientIdPrefix: string;
}

export interface ProbeOptions {
  /** Per step, in ms. */
  timeoutMs: number;
  /** Also run the client-id takeover check (two connections with one probe id). */
  takeover: boolean;
  /** Also run the delivery checks (retained, will, session, qos, shared) after the round trip. */
  delivery?: boolean;
  /**
   * Steps to run at most (health checks may stop before the round trip); delivery checks named
   * here run even without `delivery`.
   */
  steps?: readonly StepName[];
  /** The whole probe, in ms (default: `overallDeadlineMs(timeoutMs)`). */
  deadlineMs?: number;
  /** Called after each step with the result so far (for "updating as steps finish"). */
  onStep?: (partial: ProbeResult) => void | Promise<void>;
}

/** The delivery checks (issue 17), in the order they run: what no connectivity probe tests. */
export const DELIVERY_STEP_NAMES = ['retained', 'will', 'session', 'qos', 'shared'] as const;
export type DeliveryStepName = (typeof DELIVERY_STEP_NAMES)[number];

export const STEP_NAMES = [
  'dns',
  'tcp',
  'tls',
  'connect',
  'auth',
  'roundtrip',
  'takeover',
  ...DELIVERY_STEP_NAMES,
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface StepResult {
  name: StepName;
  ok: boolean;
  /** Duration in ms. */
  ms: number;
  /** One line a person reads: what was found. */
  summary: string;
  /** Facts the step measured (addresses, certificate, CONNACK properties...). */
  details: Record<string, unknown>;
  /** KB entries that explain a failure (or, for a passed step, what it rules out). */
  kbIds: string[];
  /** Set when the step did not run because an earlier one made it meaningless. */
  skipped?: string;
}

export interface ProbeResult {
  ok: boolean;
  /** The target as shown: name and URL, never credentials. */
  target: { name: string | null; url: string };
  startedAt: string;
  steps: StepResult[];
  /** KB ids of every failed step, most specific first. */
  diagnosis: string[];
}

/** How long a probe took: the sum of its steps (what every report, metric and check record uses). */
export function totalMs(result: Pick<ProbeResult, 'steps'>): number {
  return result.steps.reduce((sum, s) => sum + s.ms, 0);
}
