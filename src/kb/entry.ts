/** The shape of one knowledge-base entry, as parsed from `kb/<id>.md` (format: kb/README.md). */
import type { MqttPacket } from '../common/reason-codes';
import { STEP_NAMES } from '../common/probe-steps';

export const CATEGORIES = [
  'auth_error',
  'connection_error',
  'network_error',
  'tls_error',
  'protocol_error',
  'resource_limit',
  'config_error',
  'client_error',
  'broker_error',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const VERIFICATIONS = ['ai_generated', 'doc_reviewed', 'reproduced'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

export const MQTT_VERSIONS = ['3.1', '3.1.1', '5.0'] as const;
export type MqttVersion = (typeof MQTT_VERSIONS)[number];

// The spec's packet names live with its code tables (src/common), below everything.
export { MQTT_PACKETS } from '../common/reason-codes';
export type { MqttPacket } from '../common/reason-codes';

export const LIBRARIES = [
  'paho-java',
  'paho-python',
  'paho-c',
  'paho-go',
  'paho-dotnet',
  'mqtt.js',
  'pubsubclient',
  'esp-mqtt',
  'm2mqtt',
  'mqttnet',
  'hivemq-client',
  'aws-iot-sdk',
  'mosquitto-lib',
] as const;
export type Library = (typeof LIBRARIES)[number];

/** The probe steps an entry may name under Probe (the probe's own list: one source). */
export const PROBE_STEPS = STEP_NAMES;
export type ProbeStep = (typeof PROBE_STEPS)[number];

/** Where something came from, so every problem and every match can point at a file and line. */
export interface SourceLine {
  line: number;
}

export interface VersionNote extends SourceLine {
  version: string;
  status: string;
  introduced: string;
  deprecated: string;
  notes: string;
}

export interface CodeBlock {
  lang: string;
  body: string;
}

export interface Workaround extends SourceLine {
  summary: string;
  /** Only present when the entry names a source for its figures. */
  successPercent?: number;
  codeBlocks: CodeBlock[];
  details: string;
}

export interface DeadEnd extends SourceLine {
  attempt: string;
  why: string;
  failPercent?: number;
}

/** A code the entry claims: an MQTT return/reason code or a client library's own code. */
export type CodeClaim = SourceLine & {
  /** As written in the file: `0x87` or `-2`. */
  code: string;
  value: number;
  meaning: string;
} & (
    | { kind: 'mqtt'; packet: MqttPacket; protocol: MqttVersion }
    | { kind: 'library'; packet: string; protocol: Library }
  );

export interface SignalPhrase extends SourceLine {
  phrase: string;
  /** Generic phrase (also seen outside MQTT): counts only when the text is about MQTT. */
  needsContext: boolean;
  /** Seen alongside many conditions (a generic broker line): counts, but any specific signal wins. */
  weak: boolean;
  /**
   * Says nothing alone (an AWS IoT endpoint host): it only tells a special case apart from the
   * broader entry it refines, when that entry has evidence of its own.
   */
  tellsApart: boolean;
  /**
   * A setting's or option's name (`require_certificate`, `max_inflight_messages`): its note calls
   * it an option or a configuration. It says where to look rather than what happened, so an error
   * message quoted beside it speaks first.
   */
  setting: boolean;
  note: string;
}

export interface ProbeCheck extends SourceLine {
  step: ProbeStep;
  description: string;
}

/** A behaviour a test of this project drives on a real broker or client and asserts. */
export interface ReproducedClaim extends SourceLine {
  claim: string;
  /** Repository-relative path of the test that proves it; `kb lint` checks it exists. */
  testFile: string;
  /** What it ran against, e.g. `Mosquitto 2.0.11`. */
  against: string;
}

export interface SeeAlso extends SourceLine {
  id: string;
  why: string;
}

export interface KbEntry {
  id: string;
  /** Path of the file the entry was read from, for messages. */
  file: string;
  title: string;
  domain: string;
  category: Category;
  errorCodes: string[];
  verification: Verification;
  /** As written: `—` or a sourced percentage such as `83%`. */
  fixRate: string;
  rootCause: string;
  versions: VersionNote[];
  workarounds: Workaround[];
  deadEnds: DeadEnd[];
  codes: CodeClaim[];
  signals: SignalPhrase[];
  /** How people describe the problem in plain words when they quote no error. */
  symptoms: string[];
  probeChecks: ProbeCheck[];
  reproduced: ReproducedClaim[];
  references: string[];
  seeAlso: SeeAlso[];
  /**
   * Broader entries this one narrows (anonymous access refused after a Mosquitto 2.0 upgrade is a
   * case of CONNACK not authorised): when both match and this one has evidence of its own, it wins.
   */
  refines: SeeAlso[];
  disambiguation: string;
  /**
   * What a reader needs first, in two to five sentences, when the Root Cause does not say it
   * plainly: answers lead with it.
   */
  summary: string;
}

/** A problem found while reading or linting the KB: always names the file and line. */
export interface KbProblem {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/** `file:line: severity: message`, the form editors and CI annotate. */
export function formatProblem(p: KbProblem): string {
  return `${p.file}:${p.line}: ${p.severity}: ${p.message}`;
}
