/**
 * What a probe tests and what it finds. A broker fault is a result value (a failed step with the
 * KB entries that explain it), never an exception; only infrastructure faults throw.
 */

import type { AddressRule } from './address-policy';
import type { BrokerEndpoint } from './endpoint';
import type { StepName } from '../common/probe-steps';

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

export { DELIVERY_STEP_NAMES, STEP_NAMES } from '../common/probe-steps';
export type { DeliveryStepName, StepName } from '../common/probe-steps';

/**
 * What any failed step may record: the errno or library code, and the one line the matcher reads
 * when the probe cannot say from the observation alone which entry explains it.
 */
export interface FailureFacts {
  code?: string | null;
  evidence?: string;
  /** The packet or step whose deadline passed (a silent broker, an overrun probe). */
  timedOut?: string;
}

export interface DnsDetails extends FailureFacts {
  addresses?: string[];
  /** The name resolved, but only to addresses this probe may not reach. */
  refused?: 'address-policy';
}

export interface TcpDetails extends FailureFacts {
  address?: string;
}

export interface TlsDetails extends FailureFacts {
  protocol?: string | null;
  subject?: string | null;
  sans?: string[];
  issuer?: string | null;
  validTo?: string | null;
  daysToExpiry?: number | null;
  /** `ok`, or Node's verification code (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID...). */
  verification?: string;
  verifyFailed?: true;
}

/** What the CONNACK announced (MQTT 5 properties, null when absent). */
export interface ServerProperties {
  sessionPresent?: boolean;
  receiveMaximum?: number | null;
  maximumPacketSize?: number | null;
  topicAliasMaximum?: number | null;
  retainAvailable?: boolean | null;
  wildcardSubscriptionAvailable?: boolean | null;
  sharedSubscriptionAvailable?: boolean | null;
  serverKeepAlive?: number | null;
  assignedClientIdentifier?: string | null;
  maximumQoS?: number | null;
}

/** The `connect` (anonymous, fresh client id) and `auth` (configured credentials) steps. */
export interface ConnectDetails extends FailureFacts, ServerProperties {
  /** `MQTT 5` or `MQTT 3.1.1`: what was spoken. */
  protocol?: string;
  /** How an MQTT 5 CONNECT was refused, when the broker speaks 3.1.1 only. */
  mqtt5?: string;
  mqtt311?: 'answered';
  /** The CONNACK code of a refusal. */
  reasonCode?: number;
  anonymous?: boolean;
  /** Asked after a plain CONNECT was cut before CONNACK: does the port answer a TLS handshake? */
  speaksTls?: boolean;
  /** Asked after a CONNECT got no CONNACK: the protocol the port speaks instead ("AMQP"). */
  speaks?: string;
}

export interface RoundtripDetails extends FailureFacts {
  topic?: string;
  /** Publish-to-delivery time per QoS, null when the message never came back. */
  latencies?: { qos0?: number | null; qos1?: number | null };
  /** Which half failed when the broker closed the connection. */
  phase?: 'subscribe' | 'publish';
}

export interface TakeoverDetails extends FailureFacts {
  /** What the first connection saw: `nothing`, `close`, or a DISCONNECT reason code. */
  firstSaw?: string;
}

export interface RetainedDetails extends FailureFacts {
  topic?: string;
  exact?: string;
  wildcard?: string;
  cleared?: boolean;
}

export interface WillDetails extends FailureFacts {
  topic?: string;
  arrived?: boolean;
  qos?: number;
  reasonCode?: number | null;
}

export interface SessionDetails extends FailureFacts {
  topic?: string;
  clientId?: string;
  sessionPresent?: boolean;
  queued?: boolean;
}

/** One QoS level of the qos check. */
export interface QosLevel {
  granted: number;
  delivered: number | null;
  publish: string;
  /** For QoS 2: PUBREC, or PUBACK from a broker that takes it as QoS 1. */
  acknowledgedWith?: string | null;
}

export interface QosDetails extends FailureFacts {
  topic?: string;
  maximumQoS?: number | null;
  q0?: QosLevel;
  q1?: QosLevel;
  q2?: QosLevel;
}

export interface SharedDetails extends FailureFacts {
  filter?: string;
  granted?: (number | null)[];
  published?: number;
  /** Messages each of the two members received. */
  perMember?: number[];
  deliveredToBoth?: number;
}

/** The facts each step measures, by step name. */
export interface StepDetails {
  dns: DnsDetails;
  tcp: TcpDetails;
  tls: TlsDetails;
  connect: ConnectDetails;
  auth: ConnectDetails;
  roundtrip: RoundtripDetails;
  takeover: TakeoverDetails;
  retained: RetainedDetails;
  will: WillDetails;
  session: SessionDetails;
  qos: QosDetails;
  shared: SharedDetails;
}

/** The result of step `N`, with the details that step records. */
export type StepOf<N extends StepName> = N extends StepName
  ? {
      name: N;
      ok: boolean;
      /** Duration in ms. */
      ms: number;
      /** One line a person reads: what was found. */
      summary: string;
      /** Facts the step measured (addresses, certificate, CONNACK properties...). */
      details: StepDetails[N];
      /** KB entries that explain a failure (or, for a passed step, what it showed). */
      kbIds: string[];
      /** KB entries a passed step shows are not this broker's problem (a triage card's verdict). */
      rulesOut?: string[];
      /** Set when the step did not run because an earlier one made it meaningless. */
      skipped?: string;
    }
  : never;

/** Any step's result; narrow on `name` (or use `stepOf`) to read its details. */
export type StepResult = StepOf<StepName>;

/** The result of step `name` in a probe, if it ran. */
export function stepOf<N extends StepName>(
  result: Pick<ProbeResult, 'steps'>,
  name: N,
): StepOf<N> | undefined {
  return result.steps.find((s): s is StepOf<N> => s.name === name);
}

/**
 * A failed step of any name that records only failure facts (a timeout, an unreadable file):
 * every step's details accept those.
 */
export function failedStep<N extends StepName>(
  name: N,
  ms: number,
  summary: string,
  details: FailureFacts,
): StepOf<N> {
  // Sound because every step's details extend FailureFacts; TypeScript cannot see it for a generic N.
  return { name, ok: false, ms, summary, details, kbIds: [] } as unknown as StepOf<N>;
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

/** KB ids for a failure's evidence line, best first; `knows` says which ids the KB has. */
export type Diagnoser = ((evidence: string) => string[]) & { knows?: (id: string) => boolean };
