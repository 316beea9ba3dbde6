/**
 * brokers.yml: the brokers an admin lets the bot probe, and host patterns ad-hoc probes may
 * target. Secrets never live in the file: `password_env` names the variable that holds one.
 * Every problem names the file and line.
 */
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { ANY_ADDRESS, AddressRule, HostPattern, parseHostPattern } from './address-policy';
import { BrokerEndpoint, parseBrokerUrl } from './endpoint';
import { ProbeTarget, ProtocolChoice, STEP_NAMES, StepName } from './types';
import { closestWord } from '../common/edit-distance';

// yaml is loaded when a brokers.yml is read: `mqtt-why probe <url>` never needs it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = () => require('yaml') as typeof import('yaml');
const isMap = (node: unknown): node is YAMLMap => yaml().isMap(node);
const isSeq = (node: unknown): node is YAMLSeq => yaml().isSeq(node);

export interface HealthSettings {
  /** Interval in ms. */
  everyMs: number;
  channel: string | null;
  failAfter: number;
  recoverAfter: number;
  steps: StepName[];
  latencyMs: number | null;
  certDays: number;
}

export interface BrokerConfig {
  name: string;
  /** The url, read once when the file is loaded. */
  endpoint: BrokerEndpoint;
  username: string | null;
  /** Resolved from the environment variable `password_env` names; never written anywhere. */
  password: string | null;
  passwordEnv: string | null;
  protocol: ProtocolChoice;
  tls: { ca: string | null; cert: string | null; key: string | null; insecure: boolean };
  topic: string;
  /** Slack channel ids that may probe it; empty = any channel. */
  channels: string[];
  health: HealthSettings | null;
}

/** Whether Slack channel `channel` may probe `broker` (its `channels`, or any when it has none). */
export const probeableFrom = (broker: BrokerConfig, channel: string): boolean =>
  broker.channels.length === 0 || broker.channels.includes(channel);

export interface BrokersFile {
  brokers: BrokerConfig[];
  /** `allow_hosts`, each checked when the file is read. */
  allowHosts: HostPattern[];
}

export type BrokersResult = { ok: true; file: BrokersFile } | { ok: false; problems: string[] };

const MAX_SYNTAX_PROBLEMS = 10;
const BROKER_KEYS = new Set([
  'name',
  'url',
  'username',
  'password_env',
  'protocol',
  'ca',
  'cert',
  'key',
  'insecure',
  'topic',
  'channels',
  'health',
]);
const HEALTH_KEYS = new Set([
  'every',
  'channel',
  'fail_after',
  'recover_after',
  'steps',
  'latency_ms',
  'cert_days',
]);

/** `30s`, `5m`, `1h` → ms. */
export function parseDuration(s: string): number | null {
  const m = /^(\d+)\s*(ms|s|m|h)$/.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

/** How a problem about an unset password variable reads (the file itself is fine). */
export const MISSING_SECRET = 'which is not set in the environment';

/**
 * Reads brokers.yml text: every broker (name, url, channels, credentials by `password_env`, health
 * block) and `allow_hosts`, or every problem found, each with the file and line.
 */
export function parseBrokersFile(
  text: string,
  file: string,
  env: Record<string, string | undefined>,
): BrokersResult {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: string[] = [];
  const at = (node: unknown) => {
    const range = (node as Node | null)?.range;
    return `${file}:${range ? lines.linePos(range[0]).line : 1}`;
  };
  // A file that is not YAML at all can have thousands of errors: the first ones say enough.
  for (const e of doc.errors.slice(0, MAX_SYNTAX_PROBLEMS))
    problems.push(
      `${file}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]!.replace(/:$/, '')}`,
    );
  if (doc.errors.length > MAX_SYNTAX_PROBLEMS)
    problems.push(`${file}: … and ${doc.errors.length - MAX_SYNTAX_PROBLEMS} more syntax errors`);
  if (problems.length > 0) return { ok: false, problems };
  const root = doc.contents;
  if (!isMap(root))
    return { ok: false, problems: [`${file}:1: expected a mapping with a "brokers:" list`] };

  const allowHosts: HostPattern[] = [];
  const allow = root.get('allow_hosts', true);
  if (allow !== undefined) {
    if (!isSeq(allow))
      problems.push(
        `${at(allow)}: allow_hosts must be a list of host patterns such as "*.iot.example.com"`,
      );
    else
      for (const item of allow.items) {
        const text = String((item as { value?: unknown }).value ?? item);
        const pattern = parseHostPattern(text);
        if (pattern) allowHosts.push(pattern);
        else
          problems.push(
            `${at(item)}: allow_hosts entry "${text.slice(0, 80)}" is not a host pattern: use a name with * for one label ("*.iot.example.com"), an exact host, an address, a CIDR range ("10.0.0.0/8") or "*"`,
          );
      }
  }
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (key !== 'brokers' && key !== 'allow_hosts')
      problems.push(`${at(pair.key)}: unknown key "${key}" (expected brokers, allow_hosts)`);
  }
  const list = root.get('brokers', true);
  const brokers: BrokerConfig[] = [];
  if (!isSeq(list)) {
    problems.push(`${at(list ?? root)}: "brokers:" must be a list`);
    return { ok: false, problems };
  }
  const names = new Set<string>();
  for (const node of list.items) {
    if (!isMap(node)) {
      problems.push(`${at(node)}: each broker is a mapping with at least name and url`);
      continue;
    }
    const b = readBroker(node, env, (n, msg) => problems.push(`${at(n)}: ${msg}`));
    if (!b) continue;
    if (names.has(b.name)) problems.push(`${at(node)}: broker name "${b.name}" appears twice`);
    names.add(b.name);
    brokers.push(b);
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, file: { brokers, allowHosts } };
}

type Report = (node: unknown, message: string) => void;

function readBroker(
  node: YAMLMap,
  env: Record<string, string | undefined>,
  report: Report,
): BrokerConfig | null {
  for (const pair of node.items) {
    const key = String((pair.key as { value?: unknown })?.value);
    if (!BROKER_KEYS.has(key))
      report(
        pair.key,
        `unknown broker key "${key}"${didYouMean(key, BROKER_KEYS)} (expected one of ${[...BROKER_KEYS].join(', ')})`,
      );
    if (key === 'password')
      report(
        pair.key,
        'passwords do not belong in brokers.yml: set password_env to the name of an environment variable that holds it',
      );
  }
  const str = (k: string): string | null => {
    const v = node.get(k);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' && typeof v !== 'number') {
      report(node.get(k, true), `${k} must be text`);
      return null;
    }
    return String(v);
  };
  const name = str('name');
  const url = str('url');
  if (!name) report(node, 'name is required: letters, digits, ".", "_" or "-" (e.g. plant-a)');
  else if (name.length > 64)
    report(
      node.get('name', true),
      `name "${name.slice(0, 24)}…" is ${name.length} characters: at most 64`,
    );
  else if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
    report(
      node.get('name', true),
      'name must start with a letter or digit and hold only letters, digits, ".", "_" or "-" (e.g. plant-a)',
    );
  if (!url)
    report(
      node,
      `broker ${name ?? ''} needs a url (mqtt://, mqtts://, ws:// or wss://)`.replace('  ', ' '),
    );
  const parsed = url ? parseBrokerUrl(url) : null;
  if (parsed && !parsed.ok) report(node.get('url', true), parsed.message);
  if (parsed?.ok && parsed.password)
    report(
      node.get('url', true),
      'the url holds a password: move it to the variable named by password_env',
    );
  const protocol = str('protocol') ?? 'auto';
  if (!['3.1.1', '5', 'auto'].includes(protocol))
    report(node.get('protocol', true), `protocol "${protocol}" must be 3.1.1, 5 or auto`);
  const passwordEnv = str('password_env');
  let password: string | null = null;
  if (passwordEnv) {
    password = env[passwordEnv] ?? null;
    if (password === null)
      report(
        node.get('password_env', true),
        `password_env names ${passwordEnv}, ${MISSING_SECRET}: export ${passwordEnv}=<the password>${name ? `, or remove broker ${name}` : ''}`,
      );
  }
  const insecure = node.get('insecure') ?? false;
  if (typeof insecure !== 'boolean')
    report(node.get('insecure', true), 'insecure must be true or false');
  const channelsNode = node.get('channels', true);
  const channels = isSeq(channelsNode)
    ? channelsNode.items.map((i) => String((i as { value?: unknown }).value))
    : [];
  if (channelsNode !== undefined && !isSeq(channelsNode))
    report(channelsNode, 'channels must be a list of Slack channel ids');
  const healthNode = node.get('health', true);
  const health = healthNode === undefined ? null : readHealth(healthNode, report);
  // Alerts name the broker and its state: a channel the admin kept from probing it must not get
  // them (its "Run probe now" would then be refused as an unknown name).
  if (health?.channel && channels.length > 0 && !channels.includes(health.channel))
    report(
      isMap(healthNode) ? healthNode.get('channel', true) : healthNode,
      `health.channel ${health.channel} is not in this broker's channels (${channels.join(', ')}): add it there, or send the alerts to one of them`,
    );
  if (!name || !url || !parsed?.ok) return null;
  return {
    name,
    endpoint: parsed.endpoint,
    username: str('username') ?? parsed.username,
    password,
    passwordEnv,
    protocol: protocol as ProtocolChoice,
    tls: { ca: str('ca'), cert: str('cert'), key: str('key'), insecure: insecure === true },
    topic: str('topic') ?? 'mqtt-why/probe',
    channels,
    health,
  };
}

function readHealth(node: unknown, report: Report): HealthSettings | null {
  if (!isMap(node)) {
    report(
      node,
      'health must be a mapping (every, channel, fail_after, recover_after, steps, latency_ms, cert_days)',
    );
    return null;
  }
  for (const pair of node.items) {
    const key = String((pair.key as { value?: unknown })?.value);
    if (!HEALTH_KEYS.has(key))
      report(
        pair.key,
        `unknown health key "${key}"${didYouMean(key, HEALTH_KEYS)} (expected one of ${[...HEALTH_KEYS].join(', ')})`,
      );
  }
  const everyValue = node.get('every');
  const every = parseDuration(String(everyValue ?? ''));
  if (every === null || every < 1000)
    report(
      node.get('every', true) ?? node,
      everyValue === undefined || everyValue === null
        ? 'health.every is required: a duration of at least 1s, such as 30s or 5m'
        : every !== null
          ? `health.every "${String(everyValue)}" is shorter than 1s: checks run at most once a second, such as 30s or 5m`
          : `health.every "${String(everyValue)}" is not a duration of at least 1s: write it with its unit, such as ${/^\d+$/.test(String(everyValue)) ? `${String(everyValue)}s or ` : ''}30s or 5m`,
    );
  const int = (k: string, fallback: number, min: number): number => {
    const v = node.get(k);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      report(node.get(k, true), `health.${k} must be a whole number of at least ${min}`);
      return fallback;
    }
    return v;
  };
  const stepsNode = node.get('steps', true);
  const steps = isSeq(stepsNode)
    ? stepsNode.items.map((i) => String((i as { value?: unknown }).value))
    : ['dns', 'tcp', 'tls', 'connect', 'auth', 'roundtrip'];
  for (const s of steps)
    if (!(STEP_NAMES as readonly string[]).includes(s) || s === 'takeover')
      report(
        stepsNode,
        `health step "${s}" must be one of ${STEP_NAMES.filter((n) => n !== 'takeover').join(', ')}`,
      );
  const latency = node.get('latency_ms');
  return {
    everyMs: every ?? 60_000,
    channel: node.get('channel') === undefined ? null : String(node.get('channel')),
    failAfter: int('fail_after', 3, 1),
    recoverAfter: int('recover_after', 2, 1),
    steps: steps as StepName[],
    latencyMs: typeof latency === 'number' ? latency : null,
    certDays: int('cert_days', 14, 0),
  };
}

/** What a probe of a configured broker tests: its settings, a probe client id prefix of its own. */
export function targetFromBroker(b: BrokerConfig, clientIdPrefix = 'mqtt-why-probe'): ProbeTarget {
  return {
    name: b.name,
    endpoint: b.endpoint,
    // An admin configured this broker: wherever it lives (even on loopback), it may be probed.
    addresses: ANY_ADDRESS,
    username: b.username,
    password: b.password,
    protocol: b.protocol,
    tls: b.tls,
    topic: b.topic,
    clientIdPrefix,
  };
}

/** An ad-hoc endpoint with default settings: no credentials, protocol chosen by the broker. */
export function targetFromEndpoint(
  endpoint: BrokerEndpoint,
  addresses: AddressRule = ANY_ADDRESS,
): ProbeTarget {
  return {
    name: null,
    endpoint,
    addresses,
    username: null,
    password: null,
    protocol: 'auto',
    tls: { ca: null, cert: null, key: null, insecure: false },
    topic: 'mqtt-why/probe',
    clientIdPrefix: 'mqtt-why-probe',
  };
}

/** ": did you mean health?" for a key close to a known one, else nothing. */
function didYouMean(key: string, known: Set<string>): string {
  // Two edits turn any short word into another ("port" into "cert"): one, for short keys.
  const close = closestWord(key, known, key.length <= 4 ? 1 : 2);
  return close ? `: did you mean ${close}?` : '';
}
