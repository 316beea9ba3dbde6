import { TestBot, startTestBot } from '../../helpers/bot-harness';

describe('without Redis', () => {
  let t: TestBot;
  beforeAll(async () => {
    // Nothing listens on port 1 of loopback: Redis is simply unreachable.
    t = await startTestBot({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('still answers, and the feedback buttons say storage is offline', async () => {
    await t.command('rc=5');
    await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > 0);
    const post = t.fake.callsTo('chat.postMessage')[0]!;
    expect(JSON.stringify(post.args.blocks)).toContain('t/not-authorized');
    const value = JSON.stringify({
      a: '6f1c2a9e-0b7d-4c1e-9a55-3c2b1d0e8f77',
      e: 't/not-authorized',
    });
    await t.action({ actionId: 'feedback_helped', value });
    await t.fake.waitFor(() => t.fake.callsTo('response_url').length > 0);
    expect(t.fake.callsTo('response_url')[0]!.args.text).toMatch(/storage \(Redis\) is offline/);
  });

  it('still answers pasted logs once (deduplicated in memory)', async () => {
    const event = {
      type: 'message',
      channel: 'C9',
      user: 'U2',
      text: 'MQTT_ERR_CONN_LOST',
      ts: '1700009999.000100',
    };
    await t.event(event, { eventId: 'EvNoRedis' });
    await t.event(event, { eventId: 'EvNoRedis', retryNum: 1 });
    await t.fake.waitFor(() =>
      t.fake.callsTo('chat.postMessage').some((p) => p.args.thread_ts === event.ts),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(
      t.fake.callsTo('chat.postMessage').filter((p) => p.args.thread_ts === event.ts),
    ).toHaveLength(1);
  });
});

describe('Slack API trouble', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ PASSIVE_ANSWERS_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('retries a 429 with Retry-After and a 500, and posts the answer once', async () => {
    t.fake.failNext(
      'chat.postMessage',
      { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } },
      { status: 500, body: 'oops' },
    );
    await t.command('0x02');
    await t.fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= 3,
      10_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('logs a post that keeps failing, with channel, reason and request id, and keeps running', async () => {
    t.fake.failNext('chat.postMessage', {
      status: 200,
      body: { ok: false, error: 'channel_not_found' },
    });
    await t.event(
      {
        type: 'message',
        channel: 'CGONE',
        user: 'U2',
        text: 'MQTT_ERR_CONN_LOST',
        ts: '1700008888.000100',
      },
      { eventId: 'EvGONE0001' },
    );
    await t.fake.waitFor(() => t.logs.some((l) => l.includes('could not post to Slack')));
    const line = JSON.parse(t.logs.find((l) => l.includes('could not post to Slack'))!);
    // The request's id (Slack's event id) ties the line to the event, as on every line it logs.
    expect(line).toMatchObject({ channel: 'CGONE', reqId: 'EvGONE0001' });
    expect(JSON.stringify(line)).toContain('channel_not_found');
    // Bolt acknowledges an event before any middleware runs: that line carries the id as well.
    const acks = t.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => String(l.msg).startsWith('ack() call begins'));
    expect(acks.some((l) => l.reqId === 'EvGONE0001')).toBe(true);
    await t.command('rc=5');
    await t.fake.waitFor(() =>
      t.fake
        .callsTo('chat.postMessage')
        .some((p) => String(p.args.text).includes('not-authorized')),
    );
  });

  it('answers at most PASSIVE_ANSWERS_PER_MINUTE pasted logs per channel per minute', async () => {
    for (let i = 0; i < 4; i++)
      await t.event({
        type: 'message',
        channel: 'CBUSY',
        user: 'U2',
        text: 'MQTT_ERR_CONN_LOST',
        ts: `17000077${i}0.000100`,
      });
    await t.fake.waitFor(
      () =>
        t.fake.callsTo('chat.postMessage').filter((p) => p.args.channel === 'CBUSY').length >= 2,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      t.fake.callsTo('chat.postMessage').filter((p) => p.args.channel === 'CBUSY'),
    ).toHaveLength(2);
  });
});
