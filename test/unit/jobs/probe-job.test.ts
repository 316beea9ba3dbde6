import { ProbeJobData, parseProbeJob, probeDedupId, probeJobId } from '../../../jobs/probe-job';
import { parseBrokerUrl } from '../../../src/probe/endpoint';

const where = { team: 'T1', channel: 'C1', threadTs: '1700000000.000100' };
const endpointOf = (url: string) => {
  const p = parseBrokerUrl(url);
  if (!p.ok) throw new Error(p.message);
  return p.endpoint;
};

describe('probe job data read back from Redis', () => {
  it('accepts a broker job and keeps only the known fields', () => {
    const parsed = parseProbeJob({
      target: { broker: 'prod' },
      where,
      cardEntryId: 'auth/x',
      takeover: true,
      requestId: 'req-1',
      steps: ['dns', 'tcp'],
      extra: 'ignored',
    });
    expect(parsed).toEqual({
      ok: true,
      data: {
        target: { broker: 'prod' },
        where,
        cardEntryId: 'auth/x',
        takeover: true,
        requestId: 'req-1',
        steps: ['dns', 'tcp'],
      },
    });
  });

  it('accepts an endpoint job with a valid address rule, and defaults the optional fields', () => {
    const endpoint = endpointOf('mqtts://broker.example.com:8883');
    const parsed = parseProbeJob({
      target: { endpoint, addresses: { special: false, cidrs: ['10.0.0.0/8'] } },
      where: { team: 'T1', channel: 'C1', threadTs: null },
    });
    expect(parsed.ok && parsed.data).toEqual({
      target: { endpoint, addresses: { special: false, cidrs: ['10.0.0.0/8'] } },
      where: { team: 'T1', channel: 'C1', threadTs: null },
      cardEntryId: null,
      takeover: false,
    });
  });

  it('refuses jobs without a usable target or place to report, saying which', () => {
    const msg = (raw: unknown) => {
      const p = parseProbeJob(raw);
      return p.ok ? 'accepted' : p.message;
    };
    expect(msg(null)).toBe('job data is not an object');
    expect(msg({ target: {}, where })).toContain('target needs a broker name');
    expect(msg({ target: { broker: 'x'.repeat(501) }, where })).toContain('target needs');
    const bad = { ...endpointOf('mqtt://h.example.com:1883'), host: 'a..b' };
    expect(
      msg({ target: { endpoint: bad, addresses: { special: true, cidrs: [] } }, where }),
    ).toContain('target needs');
    expect(msg({ target: { broker: 'prod' }, where: { team: 'T1', threadTs: null } })).toBe(
      'where needs team, channel and threadTs',
    );
    expect(msg({ target: { broker: 'prod' }, where: { ...where, threadTs: 5 } })).toBe(
      'where needs team, channel and threadTs',
    );
  });
});

describe('probe job ids', () => {
  const data = (over: Partial<ProbeJobData> = {}): ProbeJobData => ({
    target: { broker: 'prod eu:1' },
    where,
    cardEntryId: null,
    takeover: false,
    ...over,
  });

  it('are the same for the same target and thread, and only of safe characters', () => {
    expect(probeDedupId(data())).toBe('probe-b-prod_eu_1-C1-1700000000.000100');
    expect(probeDedupId(data({ where: { ...where, threadTs: null } }))).toBe(
      'probe-b-prod_eu_1-C1-new',
    );
    const url = data({
      target: {
        endpoint: endpointOf('mqtt://user:secret@broker.example.com:1883'),
        addresses: { special: false, cidrs: [] },
      },
    });
    expect(probeDedupId(url)).toBe('probe-u-mqtt___broker.example.com_1883-C1-1700000000.000100');
    expect(probeDedupId(url)).not.toContain('secret');
  });

  it('differ per request by the time asked, after the dedup id', () => {
    expect(probeJobId(data(), 1234)).toBe('probe-b-prod_eu_1-C1-1700000000.000100-1234');
  });

  it('refuses a step list with a name it does not know, rather than running every step', () => {
    const parsed = parseProbeJob({ target: { broker: 'prod' }, where, steps: ['dns', 'ping'] });
    expect(parsed).toMatchObject({ ok: false, message: expect.stringMatching(/^steps must be/) });
    expect(parseProbeJob({ target: { broker: 'prod' }, where, steps: 'dns' }).ok).toBe(false);
  });
});
