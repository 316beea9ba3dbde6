/**
 * Asking for a probe from chat, on a real BullMQ queue: every refusal carries its code (what
 * adapters and metrics read) and a message naming the fix; credentials typed into a URL reach
 * neither the message nor the log; a queue whose Redis is unreachable answers queue_unavailable in
 * bounded time.
 */
import { randomUUID } from 'crypto';
import { Writable } from 'stream';
import { ProbeQueue } from '../../../jobs/probe-queue';
import { createProbeGateway } from '../../../src/apps/probe-gateway';
import { createLogger } from '../../../src/log';
import { Metrics } from '../../../src/metrics';
import { BrokersFile, parseBrokersFile } from '../../../src/probe/brokers';
import { ProbeRequestTarget } from '../../../src/probe/gateway';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { freePort } from '../../helpers/brokers';
import { recordOutages } from '../../helpers/outages';

const BROKERS = `
allow_hosts:
  - "*.iot.example.com"
brokers:
  - name: plant
    url: mqtt://127.0.0.1:1883
    channels: [C-PLANT]
  - name: lab
    url: mqtt://127.0.0.1:1883
`;

function brokersFile(text: string): BrokersFile {
  const read = parseBrokersFile(text, 'brokers.yml', {});
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.file;
}

function logSink(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

const where = (channel: string) => ({ team: 'T1', channel, threadTs: '1700000000.000100' });

describe('the probe gateway', () => {
  const prefix = `test-${randomUUID()}:bull`;
  const queue = new ProbeQueue({ redisUrl: REDIS_URL, prefix }, recordOutages());
  const metrics = new Metrics();
  const log = logSink();
  const gateway = createProbeGateway(
    brokersFile(BROKERS),
    queue,
    createLogger('debug', log.stream),
    metrics,
  );
  const ask = (target: ProbeRequestTarget, channel = 'C-ANY') =>
    gateway.request({ target, where: where(channel), cardEntryId: null });

  afterAll(async () => {
    await queue.close();
    await deleteKeys(prefix);
  });

  it.each<[string, ProbeRequestTarget, string, string, RegExp]>([
    // Only the brokers this channel may probe are named (plant is kept to C-PLANT).
    ['an unknown broker', { broker: 'nope' }, 'C-ANY', 'unknown_broker', /Configured: lab\.$/],
    [
      'an unknown broker, where plant may be probed',
      { broker: 'nope' },
      'C-PLANT',
      'unknown_broker',
      /Configured: plant, lab\.$/,
    ],
    // Worded as for a name nobody configured: a channel that guesses a name kept from it learns
    // nothing (the code, for metrics, still says why).
    [
      'a broker kept to another channel',
      { broker: 'plant' },
      'C-ANY',
      'not_allowed',
      /^No broker named "plant"\. Configured: lab\.$/,
    ],
    [
      'a host nobody allowed',
      { url: 'mqtt://10.0.0.9:1883' },
      'C-ANY',
      'not_allowed',
      /allow_hosts/,
    ],
    ['text that is no URL', { url: 'mqtt://' }, 'C-ANY', 'bad_url', /not a broker URL/],
    [
      'a URL with credentials',
      { url: 'mqtt://dev:hunter2-secret@a.iot.example.com:1883' },
      'C-ANY',
      'credentials_in_url',
      /Leave credentials out/,
    ],
  ])('refuses %s with its code', async (_what, target, channel, code, message) => {
    const refused = await ask(target, channel);
    expect(refused).toMatchObject({ ok: false, code });
    if (!refused.ok) expect(refused.message).toMatch(message);
    expect(JSON.stringify(refused)).not.toContain('hunter2');
  });

  it('queues what is configured or allowed, and counts refusals by code', async () => {
    expect(await ask({ broker: 'plant' }, 'C-PLANT')).toEqual({ ok: true });
    expect(await ask({ url: 'mqtt://a.iot.example.com:1883' })).toEqual({ ok: true });
    expect(await queue.queue.count()).toBe(2);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/mqtt_why_probe_refusals_total\{code="unknown_broker"\} 2/);
    expect(text).toMatch(/mqtt_why_probe_refusals_total\{code="not_allowed"\} 2/);
    expect(text).toMatch(/mqtt_why_probe_refusals_total\{code="credentials_in_url"\} 1/);
    expect(log.lines.join('')).not.toContain('hunter2');
  });

  it('asks the rate limits only for a probe that would run: a refused target costs no quota', async () => {
    const asked: string[] = [];
    const admit = (answer: string | null) => async () => (asked.push('asked'), answer);
    const before = await queue.queue.count();
    const unknown = await gateway.request({
      target: { broker: 'nope' },
      where: where('C-ANY'),
      cardEntryId: null,
      admit: admit(null),
    });
    expect(unknown).toMatchObject({ ok: false, code: 'unknown_broker' });
    expect(asked).toEqual([]);
    const limited = await gateway.request({
      target: { broker: 'lab' },
      where: where('C-ANY'),
      cardEntryId: null,
      admit: admit('You have started 3 probes this hour'),
    });
    expect(limited).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(asked).toEqual(['asked']);
    expect(await queue.queue.count()).toBe(before);
  });

  it('says probes are off, with its code, when nothing is configured or there is no queue', () => {
    const logger = createLogger('silent');
    const none = createProbeGateway({ brokers: [], allowHosts: [] }, queue, logger);
    expect(none.unavailable()).toMatchObject({ code: 'probes_not_configured' });
    const noQueue = createProbeGateway(brokersFile(BROKERS), null, logger);
    expect(noQueue.unavailable()).toMatchObject({
      code: 'queue_unavailable',
      message: expect.stringMatching(/without a queue/),
    });
    expect(gateway.unavailable()).toBeNull();
  });

  it('answers queue_unavailable when the queue cannot reach Redis, and logs the lost request', async () => {
    const port = await freePort(); // nothing listens here
    const down = new ProbeQueue(
      { redisUrl: `redis://:redis-pw@127.0.0.1:${port}`, prefix: `test-${randomUUID()}:bull` },
      recordOutages(),
    );
    const sink = logSink();
    const lonely = createProbeGateway(
      brokersFile(BROKERS),
      down,
      createLogger('debug', sink.stream),
      metrics,
    );
    try {
      const refused = await lonely.request({
        target: { broker: 'lab' },
        where: where('C-ANY'),
        cardEntryId: null,
      });
      expect(refused).toMatchObject({
        ok: false,
        code: 'queue_unavailable',
        message: expect.stringMatching(/Triage still works/),
      });
      expect(sink.lines.join('')).toMatch(/"code":"queue_unavailable"/);
      expect(sink.lines.join('')).not.toContain('redis-pw');
      expect(await metrics.registry.metrics()).toMatch(
        /mqtt_why_probe_refusals_total\{code="queue_unavailable"\} 1/,
      );
    } finally {
      await down.close();
    }
  }, 20_000);
});
