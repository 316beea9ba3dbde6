/**
 * A broker URL read once into the endpoint every later step uses (scheme, canonical host, port,
 * WebSocket path). The host must be a DNS name of well-formed labels, a dotted-quad IPv4 address
 * or a bracketed IPv6 address; anything else is refused here, so no component downstream (mqtt.js
 * has a URL parser of its own that reads hosts differently) ever sees a string it could read as
 * another host.
 */
import net from 'net';
import { redactSecrets } from '../common/redact';

export type Scheme = 'mqtt' | 'mqtts' | 'ws' | 'wss';
export type HostKind = 'name' | 'ipv4' | 'ipv6';

export interface BrokerEndpoint {
  scheme: Scheme;
  /** Lower-case DNS name, dotted-quad IPv4 or compressed IPv6 (no brackets). */
  host: string;
  hostKind: HostKind;
  port: number;
  /** The WebSocket path (`/mqtt` by default); empty for mqtt:// and mqtts://. */
  path: string;
}

export type EndpointResult =
  | { ok: true; endpoint: BrokerEndpoint; username: string | null; password: string | null }
  | { ok: false; message: string };

const DEFAULT_PORTS: Record<Scheme, number> = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };
const SCHEME_ALIASES: Record<string, Scheme> = {
  mqtt: 'mqtt',
  tcp: 'mqtt',
  mqtts: 'mqtts',
  ssl: 'mqtts',
  tls: 'mqtts',
  ws: 'ws',
  wss: 'wss',
};
const EXAMPLES = 'mqtt://host:1883, mqtts://host:8883, ws://host/mqtt or wss://host/mqtt';
const MAX_URL = 2048;
/** Also the bound a queued job's endpoint is checked against. */
const MAX_PATH = 500;

/** Does this scheme speak TLS (mqtts, wss)? */
export const isTls = (e: Pick<BrokerEndpoint, 'scheme'>): boolean =>
  e.scheme === 'mqtts' || e.scheme === 'wss';

/** The endpoint as people read it: never with credentials. */
export function endpointDisplay(e: BrokerEndpoint): string {
  const host = e.hostKind === 'ipv6' ? `[${e.host}]` : e.host;
  return `${e.scheme}://${host}:${e.port}${e.path}`;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/;

/**
 * A host as written in a URL or a config file, checked and made canonical. Refused: empty labels,
 * characters outside letters, digits, `-` and `_`, labels over 63 characters, names over 253,
 * an all-numeric last label (`2130706434`, `127.1`, which resolvers read as addresses), IPv4 with
 * leading zeros (octal to some parsers) and IPv6 zone ids.
 */
export function parseHost(
  raw: string,
): { ok: true; host: string; kind: HostKind } | { ok: false; message: string } {
  if (raw.startsWith('[') && raw.endsWith(']')) {
    const inner = raw.slice(1, -1);
    if (inner.includes('%'))
      return { ok: false, message: 'IPv6 zone ids (%eth0) are not supported' };
    if (!net.isIPv6(inner)) return { ok: false, message: `"${inner}" is not an IPv6 address` };
    // The WHATWG parser writes IPv6 in its canonical, compressed form.
    return { ok: true, host: new URL(`http://[${inner}]/`).hostname.slice(1, -1), kind: 'ipv6' };
  }
  const host = raw.toLowerCase().replace(/\.$/, '');
  if (host.length === 0) return { ok: false, message: 'the URL has no host' };
  if (host.length > 253)
    return { ok: false, message: 'the host name is longer than 253 characters' };
  if (/^[\d.]+$/.test(host)) {
    if (IPV4.test(host) && host.split('.').every((o) => Number(o) <= 255))
      return { ok: true, host, kind: 'ipv4' };
    return { ok: false, message: `"${host}" is not a dotted-quad IPv4 address (like 192.0.2.10)` };
  }
  const labels = host.split('.');
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined)
    return {
      ok: false,
      message: `"${host.slice(0, 80)}" is not a host name: each part between dots is 1 to 63 letters, digits, "-" or "_"`,
    };
  if (/^(?:\d+|0x[0-9a-f]+)$/.test(labels[labels.length - 1]!))
    return { ok: false, message: `"${host}" is not a host name: its last part is a number` };
  return { ok: true, host, kind: 'name' };
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Reads `scheme://[user[:password]@]host[:port][/path]`; the message never shows a password. */
const ENCODE_HINT =
  'a "/", "?" or "#" in the user or password ends the host early: write them %-encoded (%2F, %3F, %23)';

export function parseBrokerUrl(raw: string): EndpointResult {
  const text = raw.trim();
  // A URL that does not parse may still hold a password (one with a "/" in it ends the host
  // early): everything up to its last "@" is hidden, then the usual redaction runs.
  const shown = redactSecrets(
    text.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s]*@/, '$1****@'),
  ).slice(0, 200);
  // An "@" past the host's end is a password holding "/", "?" or "#", which end a URL's host:
  // then whatever the parse took for a host or a port is part of that password, never quoted.
  let atPastHost = false;
  const fail = (why: string): EndpointResult => ({
    ok: false,
    message: `"${shown}" is not a broker URL: ${atPastHost ? ENCODE_HINT : why} (expected ${EXAMPLES})`,
  });
  if (text.length > MAX_URL)
    return { ok: false, message: `the URL is longer than ${MAX_URL} characters` };
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(text);
  if (!m) return fail('no scheme://');
  const scheme = SCHEME_ALIASES[m[1]!.toLowerCase()];
  if (!scheme) return fail(`scheme "${m[1]}:" is not one of mqtt://, mqtts://, ws://, wss://`);
  const rest = m[2]!;
  if (/[\s\\]/.test(rest)) return fail('it contains spaces or backslashes');
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? null : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  // (A ws path may hold an "@" too: such a URL is refused only if it does not parse.)
  atPastHost = tail.includes('@');

  let hostText = hostPort;
  let portText: string | null = null;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return fail('an IPv6 address needs its closing "]"');
    hostText = hostPort.slice(0, close + 1);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      return fail('unexpected text after the IPv6 address');
    if (after !== '') portText = after.slice(1);
  } else {
    const colon = hostPort.indexOf(':');
    if (colon >= 0) {
      hostText = hostPort.slice(0, colon);
      portText = hostPort.slice(colon + 1);
    }
  }
  const host = parseHost(hostText);
  if (!host.ok) return fail(host.message);
  let port = DEFAULT_PORTS[scheme];
  if (portText !== null) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)
      return fail(`port "${portText.slice(0, 20)}" must be a number from 1 to 65535`);
    port = Number(portText);
  }
  if (/[?#]/.test(tail)) return fail('query strings and fragments are not supported');
  const ws = scheme === 'ws' || scheme === 'wss';
  if (!ws && tail !== '' && tail !== '/') return fail(`${scheme}:// URLs have no path`);
  if (ws && !/^[A-Za-z0-9._~!$&'()*+,;=:@/%-]*$/.test(tail))
    return fail('the path has characters a URL path cannot hold');
  if (tail.length > MAX_PATH) return fail(`the path is longer than ${MAX_PATH} characters`);

  let username: string | null = null;
  let password: string | null = null;
  if (userinfo !== null) {
    const colon = userinfo.indexOf(':');
    username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
    password = colon < 0 ? null : decode(userinfo.slice(colon + 1));
    if (username === null || (colon >= 0 && password === null))
      return fail('bad %-encoding in the user or password');
    if (username === '') username = null;
  }
  return {
    ok: true,
    endpoint: {
      scheme,
      host: host.host,
      hostKind: host.kind,
      port,
      path: ws ? tail || '/mqtt' : '',
    },
    username,
    password,
  };
}

/**
 * Checks an endpoint read back from a queued job (plain JSON from Redis) with the same rules as a
 * URL, field by field, so a job can never carry a host the URL reader would have refused.
 */
export function endpointFromJson(value: unknown): BrokerEndpoint | null {
  const e = value as Partial<BrokerEndpoint> | null;
  if (!e || typeof e !== 'object') return null;
  if (typeof e.scheme !== 'string' || !(e.scheme in DEFAULT_PORTS)) return null;
  if (typeof e.host !== 'string' || typeof e.port !== 'number' || typeof e.path !== 'string')
    return null;
  const host = parseHost(e.hostKind === 'ipv6' ? `[${e.host}]` : e.host);
  if (!host.ok || host.host !== e.host || host.kind !== e.hostKind) return null;
  if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) return null;
  const ws = e.scheme === 'ws' || e.scheme === 'wss';
  if (
    ws
      ? !/^\/[A-Za-z0-9._~!$&'()*+,;=:@/%-]*$/.test(e.path) || e.path.length > MAX_PATH
      : e.path !== ''
  )
    return null;
  return { scheme: e.scheme, host: e.host, hostKind: e.hostKind, port: e.port, path: e.path };
}
