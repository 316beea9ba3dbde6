import {
  endpointDisplay,
  endpointFromJson,
  parseBrokerUrl,
  parseHost,
} from '../../../src/probe/endpoint';

describe('parseBrokerUrl', () => {
  it.each([
    ['mqtt://broker.example.com', 'mqtt://broker.example.com:1883'],
    ['MQTTS://Broker.Example.COM:8884', 'mqtts://broker.example.com:8884'],
    ['tcp://10.0.0.5', 'mqtt://10.0.0.5:1883'],
    ['ssl://h.example:8883', 'mqtts://h.example:8883'],
    ['ws://h.example/mqtt', 'ws://h.example:80/mqtt'],
    ['wss://h.example', 'wss://h.example:443/mqtt'],
    ['mqtt://[::1]:1884', 'mqtt://[::1]:1884'],
    ['mqtt://[0:0:0:0:0:0:0:1]', 'mqtt://[::1]:1883'],
    ['mqtt://my_broker:1883/', 'mqtt://my_broker:1883'],
  ])('reads %s as %s', (raw, shown) => {
    const r = parseBrokerUrl(raw);
    expect(r.ok && endpointDisplay(r.endpoint)).toBe(shown);
  });

  it('takes credentials out, whatever the password holds', () => {
    const r = parseBrokerUrl('mqtt://alice:p%40ss%2Fw@h.example:1883');
    expect(r).toMatchObject({ ok: true, username: 'alice', password: 'p@ss/w' });
  });

  // Issue 12, finding 3: hosts a legacy URL parser (mqtt.js) would cut short at %, ', ;, ", {, } or a
  // backtick, and numeric forms a resolver reads as an address, are refused outright.
  it.each([
    'mqtt://2130706434%.iot.example.com:18830',
    "mqtt://a'.iot.example.com",
    'mqtt://a;b.iot.example.com',
    'mqtt://a"b.iot.example.com',
    'mqtt://a{b}.iot.example.com',
    'mqtt://a`b.iot.example.com',
    'mqtt://2130706434',
    'mqtt://0x7f000001.',
    'mqtt://127.1',
    'mqtt://0177.0.0.1',
    'mqtt://256.0.0.1',
    'mqtt://[fe80::1%25eth0]',
    'mqtt://-bad.example.com',
    `mqtt://${'a'.repeat(64)}.example.com`,
    `mqtt://${'a.'.repeat(130)}com`,
    'mqtt://h.example:0',
    'mqtt://h.example:65536',
    'mqtt://h.example:12ab',
    'mqtt://h.example/path',
    'mqtt://h.example?x=1',
    'http://h.example',
    'mqtt://',
    'mqtt://a b',
  ])('refuses %s', (raw) => {
    expect(parseBrokerUrl(raw).ok).toBe(false);
  });

  it('never shows the password of a URL it refuses', () => {
    const r = parseBrokerUrl('mqtt://alice:Se/cr3tPW@host:99999');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).not.toContain('Se/cr3tPW');
    expect(r.ok ? '' : r.message).not.toContain('cr3tPW');
  });

  it('refuses an e-mail user whose password ends the host early without quoting it, and takes a ws path with "@"', () => {
    for (const raw of [
      'mqtt://bob@example.com:Secr3t/Pw@broker.example.com:1883',
      'mqtt://bob@corp:Secr3tPw#x@broker:1883',
    ]) {
      const r = parseBrokerUrl(raw);
      expect(r.ok ? '' : r.message).toContain('%-encoded');
      expect(r.ok ? '' : r.message).not.toContain('Secr3t');
    }
    expect(parseBrokerUrl('ws://broker.example.com:8080/mqtt@v2').ok).toBe(true);
  });

  it.each(['Secr3t#Pw', 'Secr3t?Pw', 'Secr3t/Pw'])(
    'shows no part of a password that ends the host early (%s) and says to %%-encode it',
    (pw) => {
      const r = parseBrokerUrl(`mqtt://alice:${pw}@broker.example.com:1883`);
      expect(r.ok).toBe(false);
      const message = r.ok ? '' : r.message;
      expect(message).not.toContain('Secr3t');
      expect(message).toContain('%-encoded');
    },
  );

  it('reads hosts by a strict grammar', () => {
    expect(parseHost('Broker-1.Example.com.')).toEqual({
      ok: true,
      host: 'broker-1.example.com',
      kind: 'name',
    });
    expect(parseHost('192.0.2.10')).toEqual({ ok: true, host: '192.0.2.10', kind: 'ipv4' });
    expect(parseHost('[::FFFF:127.0.0.1]')).toEqual({
      ok: true,
      host: '::ffff:7f00:1',
      kind: 'ipv6',
    });
  });
});

describe('endpointFromJson', () => {
  it('accepts what the URL reader wrote, and nothing it would have refused', () => {
    const r = parseBrokerUrl('wss://h.example:8443/mqtt');
    if (!r.ok) throw new Error(r.message);
    expect(endpointFromJson(JSON.parse(JSON.stringify(r.endpoint)))).toEqual(r.endpoint);
    expect(endpointFromJson({ ...r.endpoint, host: '2130706434%.x.com' })).toBeNull();
    expect(endpointFromJson({ ...r.endpoint, hostKind: 'ipv4' })).toBeNull();
    expect(endpointFromJson({ ...r.endpoint, port: 70000 })).toBeNull();
    expect(endpointFromJson({ ...r.endpoint, scheme: 'http' })).toBeNull();
    expect(endpointFromJson(null)).toBeNull();
  });
});
