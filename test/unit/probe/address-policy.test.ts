import {
  addressAllowed,
  classifyAddress,
  hostAllowed,
  parseHostPattern,
} from '../../../src/probe/address-policy';
import { parseBrokerUrl } from '../../../src/probe/endpoint';

const patterns = (...p: string[]) => p.map((x) => parseHostPattern(x)!);
const host = (h: string) => {
  const r = parseBrokerUrl(`mqtt://${h}`);
  if (!r.ok) throw new Error(r.message);
  return r.endpoint;
};

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['10.1.2.3', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.2', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['2001:db8::1', 'public'],
    // IPv4 inside IPv6 in the older and tunnelled forms: the IPv4 address decides.
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'],
    ['2002:808:808::1', 'public'],
  ])('%s is %s', (ip, cls) => expect(classifyAddress(ip)).toBe(cls));
});

describe('hostAllowed and addressAllowed', () => {
  it('admits a name by an admin pattern, one label per *', () => {
    const p = patterns('*.iot.example.com');
    expect(hostAllowed(host('m1.iot.example.com'), p)).toEqual({ special: false, cidrs: [] });
    expect(hostAllowed(host('iot.example.com.evil.net'), p)).toBeNull();
    expect(hostAllowed(host('a.b.iot.example.com'), p)).toBeNull();
    expect(hostAllowed(host('10.0.0.1'), [])).toBeNull();
  });

  it('lets "*" admit ordinary addresses, never loopback, link-local or metadata', () => {
    const rule = hostAllowed(host('[::1]'), patterns('*'))!;
    expect(rule).toEqual({ special: false, cidrs: [] });
    for (const ip of ['127.0.0.2', '::1', '::ffff:127.0.0.1', '169.254.169.254', '0.0.0.0'])
      expect({ ip, allowed: addressAllowed(ip, rule) }).toEqual({ ip, allowed: false });
    for (const ip of ['8.8.8.8', '10.0.0.1']) expect(addressAllowed(ip, rule)).toBe(true);
  });

  it('admits special addresses the admin listed: the exact host, or a CIDR range', () => {
    expect(hostAllowed(host('localhost'), patterns('localhost'))).toEqual({
      special: true,
      cidrs: [],
    });
    expect(hostAllowed(host('127.0.0.1'), patterns('127.0.0.1'))).toEqual({
      special: true,
      cidrs: [],
    });
    const rule = hostAllowed(
      host('lab.local.example'),
      patterns('*.local.example', '127.0.0.0/8'),
    )!;
    expect(addressAllowed('127.0.0.5', rule)).toBe(true);
    expect(addressAllowed('169.254.169.254', rule)).toBe(false);
    expect(hostAllowed(host('127.0.0.9'), patterns('127.0.0.0/8'))).toEqual({
      special: false,
      cidrs: ['127.0.0.0/8'],
    });
    expect(hostAllowed(host('127.0.1.9'), patterns('127.0.0.0/24'))).toBeNull();
  });

  it('refuses patterns that are not host patterns', () => {
    for (const bad of ['bad host', 'a..b', '10.0.0.0/99', 'x/y', ''])
      expect({ bad, pattern: parseHostPattern(bad) }).toEqual({ bad, pattern: null });
  });
});
