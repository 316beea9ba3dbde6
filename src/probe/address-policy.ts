/**
 * Which hosts and addresses a probe asked for from chat may reach. Brokers come from an admin's
 * brokers.yml; other hosts only when they match an `allow_hosts` entry, and even then a wildcard
 * never admits loopback, link-local, unspecified, multicast or cloud metadata addresses: those
 * need the exact host or a CIDR range listed. The check runs twice: on the name before the probe
 * is queued, and on the address DNS returned, which is the one the probe then connects to.
 */
import net from 'net';
import { BrokerEndpoint, parseHost } from './endpoint';

export type AddressClass =
  'public' | 'private' | 'loopback' | 'link-local' | 'metadata' | 'unspecified' | 'multicast';

/** What a probe may connect to after DNS: everything, or ordinary addresses plus listed ranges. */
export interface AddressRule {
  /** Loopback, link-local, metadata… allowed (configured brokers, the CLI, an exactly listed host). */
  special: boolean;
  /** CIDR ranges an admin listed: addresses inside them are allowed whatever their class. */
  cidrs: string[];
}

export const ANY_ADDRESS: AddressRule = { special: true, cidrs: [] };

/** An address rule read back from a queued job: null unless well formed. */
export function addressRuleFromJson(value: unknown): AddressRule | null {
  const r = value as Partial<AddressRule> | null;
  if (!r || typeof r !== 'object' || typeof r.special !== 'boolean' || !Array.isArray(r.cidrs))
    return null;
  if (r.cidrs.length > 100 || !r.cidrs.every((c) => typeof c === 'string' && parseCidr(c) !== null))
    return null;
  return { special: r.special, cidrs: [...r.cidrs] };
}

interface Cidr {
  family: 4 | 6;
  bits: bigint;
  prefix: number;
}

function toBits(ip: string): { family: 4 | 6; bits: bigint } | null {
  if (net.isIPv4(ip))
    return { family: 4, bits: ip.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n) };
  if (!net.isIPv6(ip)) return null;
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = toBits(v4[1]!)!.bits;
    text =
      text.slice(0, -v4[1]!.length) + `${(b >> 16n).toString(16)}:${(b & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return null;
  return {
    family: 6,
    bits: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || '0', 16)), 0n),
  };
}

function parseCidr(text: string): Cidr | null {
  const [ip, len] = text.split('/');
  const b = ip ? toBits(ip) : null;
  if (!b || len === undefined || !/^\d{1,3}$/.test(len)) return null;
  const prefix = Number(len);
  if (prefix > (b.family === 4 ? 32 : 128)) return null;
  return { ...b, prefix };
}

function inCidr(ip: { family: 4 | 6; bits: bigint }, c: Cidr): boolean {
  if (ip.family !== c.family) return false;
  const width = BigInt(c.family === 4 ? 32 : 128);
  const shift = width - BigInt(c.prefix);
  return ip.bits >> shift === c.bits >> shift;
}

const RANGES: [AddressClass, string][] = [
  // Cloud metadata and platform endpoints first: they sit inside the wider ranges below.
  ['metadata', '169.254.169.254/32'], // AWS, GCP, Azure, OpenStack instance metadata
  ['metadata', '169.254.170.2/32'], // AWS ECS task metadata
  ['metadata', '100.100.100.200/32'], // Alibaba Cloud
  ['metadata', '168.63.129.16/32'], // Azure wire server
  ['metadata', 'fd00:ec2::254/128'], // AWS over IPv6
  ['unspecified', '0.0.0.0/8'],
  ['loopback', '127.0.0.0/8'],
  ['link-local', '169.254.0.0/16'],
  ['private', '10.0.0.0/8'],
  ['private', '172.16.0.0/12'],
  ['private', '192.168.0.0/16'],
  ['private', '100.64.0.0/10'],
  ['multicast', '224.0.0.0/4'],
  ['multicast', '240.0.0.0/4'], // reserved and broadcast
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  ['link-local', 'fe80::/10'],
  ['private', 'fc00::/7'],
  ['multicast', 'ff00::/8'],
];
// Parsed on first use: parsing the IPv6 ranges compiles Node's IPv6 pattern, which a CLI probe
// under ANY_ADDRESS never needs.
let parsedRanges: (readonly [AddressClass, Cidr])[] | null = null;
const ranges = () => (parsedRanges ??= RANGES.map(([cls, c]) => [cls, parseCidr(c)!] as const));

/** The IPv4 address carried inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) address. */
function embeddedV4(bits: bigint): bigint | null {
  const low = bits & 0xffffffffn;
  if (bits >> 32n === 0xffffn) return low; // IPv4-mapped ::ffff:a.b.c.d
  if (bits >> 32n === 0x0064ff9b0000000000000000n) return low; // NAT64 64:ff9b::/96
  if (bits >> 32n === 0xffff0000n) return low; // IPv4-translated ::ffff:0:a.b.c.d
  // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks); :: and ::1 stay IPv6's.
  if (bits >> 32n === 0n && low >= 0x01000000n) return low;
  if (bits >> 112n === 0x2002n) return (bits >> 80n) & 0xffffffffn; // 6to4 2002:aabb:ccdd::/48
  // Teredo 2001:0::/32: the client's address, inverted, in the last 32 bits.
  if (bits >> 96n === 0x20010000n) return low ^ 0xffffffffn;
  return null;
}

/** What kind of address `ip` is (public, private, loopback, link-local, metadata...), for the policy. */
export function classifyAddress(ip: string): AddressClass {
  let b = toBits(ip);
  if (!b) return 'unspecified';
  if (b.family === 6) {
    const v4 = embeddedV4(b.bits);
    if (v4 !== null) b = { family: 4, bits: v4 };
  }
  for (const [cls, range] of ranges()) if (inCidr(b, range)) return cls;
  return 'public';
}

function inListed(ip: string, cidrText: string): boolean {
  const b = toBits(ip);
  const cidr = parseCidr(cidrText);
  return b !== null && cidr !== null && inCidr(b, cidr);
}

/** May a probe under `rule` connect to `ip`? */
export function addressAllowed(ip: string, rule: AddressRule): boolean {
  if (rule.special) return true;
  const cls = classifyAddress(ip);
  if (cls === 'public' || cls === 'private') return true;
  return rule.cidrs.some((c) => inListed(ip, c));
}

/** One `allow_hosts` entry, checked when brokers.yml is read. */
export type HostPattern =
  | { kind: 'any' }
  | { kind: 'name'; labels: string[]; wildcard: boolean }
  | { kind: 'address'; host: string }
  | { kind: 'cidr'; text: string };

/** An `allow_hosts` entry read once: an exact host, a `*.zone` pattern, an address, a CIDR range or `*`; null when it is none. */
export function parseHostPattern(raw: string): HostPattern | null {
  const p = raw.trim().toLowerCase();
  if (p === '*') return { kind: 'any' };
  if (p.includes('/')) return parseCidr(p) ? { kind: 'cidr', text: p } : null;
  if (!p.includes('*')) {
    const host = parseHost(net.isIPv6(p) ? `[${p}]` : p);
    if (!host.ok) return null;
    return host.kind === 'name'
      ? { kind: 'name', labels: host.host.split('.'), wildcard: false }
      : { kind: 'address', host: host.host };
  }
  const labels = p.split('.');
  if (p.length > 253 || labels.some((l) => !/^[a-z0-9_*-]{1,63}$/.test(l))) return null;
  return { kind: 'name', labels, wildcard: true };
}

/** `*` within one label (any run of characters but a dot): a two-pointer match, linear in the label. */
function labelMatches(pattern: string, label: string): boolean {
  let p = 0;
  let l = 0;
  let star = -1;
  let mark = 0;
  while (l < label.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === label[l]) {
      p++;
      l++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = l;
    } else if (star >= 0) {
      p = star + 1;
      l = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Whether an admin's `allow_hosts` admit a probe of `endpoint` from chat, and under which address
 * rule: an exactly listed name or address may resolve anywhere; a wildcard match only to ordinary
 * addresses or listed CIDR ranges.
 */
export function hostAllowed(
  endpoint: Pick<BrokerEndpoint, 'host' | 'hostKind'>,
  patterns: HostPattern[],
): AddressRule | null {
  const cidrs = patterns
    .filter((p): p is Extract<HostPattern, { kind: 'cidr' }> => p.kind === 'cidr')
    .map((p) => p.text);
  let wildcard = false;
  for (const p of patterns) {
    if (p.kind === 'any') wildcard = true;
    else if (p.kind === 'address' && endpoint.hostKind !== 'name' && p.host === endpoint.host)
      return ANY_ADDRESS;
    else if (p.kind === 'cidr' && endpoint.hostKind !== 'name' && inListed(endpoint.host, p.text))
      return { special: false, cidrs };
    else if (p.kind === 'name' && endpoint.hostKind === 'name') {
      const labels = endpoint.host.split('.');
      if (labels.length !== p.labels.length) continue;
      if (!p.labels.every((pl, i) => labelMatches(pl, labels[i]!))) continue;
      if (!p.wildcard) return ANY_ADDRESS;
      wildcard = true;
    }
  }
  return wildcard ? { special: false, cidrs } : null;
}
