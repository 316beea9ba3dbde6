import { TestBot, startTestBot } from '../../helpers/bot-harness';
import { RecordedCall } from '../../helpers/fake-slack';
import { postSigned, signature, slashCommandBody } from '../../helpers/slack-requests';
import { SECRET } from '../../helpers/bot-harness';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.stop();
});

const posts = () => t.fake.callsTo('chat.postMessage');
const blocksText = (c: RecordedCall) => JSON.stringify(c.args.blocks);
const lastResponse = () => t.fake.callsTo('response_url').at(-1)!;
let tsSeq = 0;
const nextTs = () => `1700000${String(++tsSeq).padStart(3, '0')}.000100`;

describe('/mqtt-why', () => {
  it('acks at once and posts the answer visibly in the channel', async () => {
    const before = posts().length;
    const res = await t.command('0x87');
    expect(res.status).toBe(200);
    await t.fake.waitFor(() => posts().length > before);
    const post = posts().at(-1)!;
    expect(post.args.channel).toBe('C1');
    expect(post.args.text).toMatch(/Title of t\/not-authorized/);
    const blocks = blocksText(post);
    expect(blocks).toContain('Why this entry');
    expect(blocks).toContain('is ambiguous');
    for (const id of [
      'run_probe',
      'feedback_helped',
      'feedback_not_helped',
      'other_matches',
      'wrong_entry',
    ])
      expect(blocks).toContain(id);
    expect(post.authorization).toBe(`Bearer ${t.fake.botToken}`);
  });

  it('answers help, and an empty command, with the usage', async () => {
    for (const text of ['help', '']) {
      const before = t.fake.callsTo('response_url').length;
      await t.command(text);
      await t.fake.waitFor(() => t.fake.callsTo('response_url').length > before);
      expect(lastResponse().args).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringContaining('/mqtt-why 0x87'),
      });
    }
  });

  it('says probes are not set up yet', async () => {
    const before = t.fake.callsTo('response_url').length;
    await t.command('probe plant-a');
    await t.fake.waitFor(() => t.fake.callsTo('response_url').length > before);
    expect(String(lastResponse().args.text)).toMatch(/Probes are not set up/);
  });
});

describe('pasted logs', () => {
  it('answers an MQTT problem in the thread of the message', async () => {
    const ts = nextTs();
    const before = posts().length;
    await t.event({
      type: 'message',
      channel: 'C2',
      user: 'U2',
      text: '```1700000001: Client dev-1 disconnected, not authorised.```',
      ts,
    });
    await t.fake.waitFor(() => posts().length > before);
    expect(posts().at(-1)!.args).toMatchObject({ channel: 'C2', thread_ts: ts });
  });

  it('stays quiet on chatter, bot messages and edits', async () => {
    const before = posts().length;
    await t.event({
      type: 'message',
      channel: 'C2',
      user: 'U2',
      text: 'lunch at noon? also the MQTT dashboard looks nice',
      ts: nextTs(),
    });
    await t.event({
      type: 'message',
      channel: 'C2',
      bot_id: 'B9',
      text: 'Connection Refused: not authorised',
      ts: nextTs(),
    });
    await t.event({
      type: 'message',
      subtype: 'message_changed',
      channel: 'C2',
      message: { text: 'not authorised' },
      ts: nextTs(),
    });
    await t.event({
      type: 'message',
      channel: 'C2',
      user: 'UBOT',
      text: 'not authorised',
      ts: nextTs(),
    });
    // A message that is answered afterwards shows the ones before it were handled.
    const marker = nextTs();
    await t.event({
      type: 'message',
      channel: 'C2',
      user: 'U2',
      text: 'MQTT_ERR_CONN_LOST',
      ts: marker,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === marker));
    expect(posts().length).toBe(before + 1);
  });

  it('answers a retried or redelivered event once', async () => {
    const ts = nextTs();
    const before = posts().length;
    const event = { type: 'message', channel: 'C3', user: 'U2', text: 'rc=5 from the broker', ts };
    await t.event(event, { eventId: 'EvRETRY1' });
    await t.event(event, { eventId: 'EvRETRY1', retryNum: 1 });
    await t.event(event, { eventId: 'EvRETRY2' });
    await t.fake.waitFor(() => posts().length > before);
    await new Promise((r) => setTimeout(r, 300));
    expect(posts().filter((p) => p.args.thread_ts === ts)).toHaveLength(1);
  });

  it('reads a shared .log file with the bot token, and a snippet found through files.info', async () => {
    t.fake.files.set('F1', {
      content: 'boot\n1700000009: Client x disconnected, not authorised.\n',
      info: {},
    });
    t.fake.files.set('F2', {
      content: 'Traceback...\nMQTT_ERR_CONN_LOST\n',
      info: {
        id: 'F2',
        name: 'snippet.txt',
        mimetype: 'text/plain',
        url_private: `${t.fake.url}/files/F2`,
      },
    });
    const ts1 = nextTs();
    const ts2 = nextTs();
    await t.event({
      type: 'message',
      subtype: 'file_share',
      channel: 'C4',
      user: 'U2',
      text: '',
      ts: ts1,
      files: [
        {
          id: 'F1',
          name: 'broker.log',
          mimetype: 'text/plain',
          url_private_download: `${t.fake.url}/files/F1`,
        },
      ],
    });
    await t.event({
      type: 'message',
      subtype: 'file_share',
      channel: 'C4',
      user: 'U2',
      text: 'see file',
      ts: ts2,
      files: [{ id: 'F2' }],
    });
    await t.fake.waitFor(
      () =>
        posts().some((p) => p.args.thread_ts === ts1) &&
        posts().some((p) => p.args.thread_ts === ts2),
    );
    expect(blocksText(posts().find((p) => p.args.thread_ts === ts1)!)).toContain('not-authorized');
    expect(blocksText(posts().find((p) => p.args.thread_ts === ts2)!)).toContain('connection-lost');
    const downloads = t.fake.callsTo('file.download');
    expect(downloads.every((d) => d.authorization === `Bearer ${t.fake.botToken}`)).toBe(true);
    expect(t.fake.callsTo('files.info').some((c) => c.args.file === 'F2')).toBe(true);
  });

  it("reads one person's shared files at most at the command rate, before any triage", async () => {
    const limited = await startTestBot({ LIMIT_COMMANDS_PER_USER_PER_MINUTE: '2' });
    try {
      limited.fake.files.set('F9', {
        content: '1700000009: Client x disconnected, not authorised.\n',
        info: {},
      });
      for (let i = 0; i < 4; i++)
        await limited.event({
          type: 'message',
          subtype: 'file_share',
          channel: 'C9',
          user: 'U9',
          text: '',
          ts: `1700000900.00000${i}`,
          files: [
            {
              id: 'F9',
              name: 'broker.log',
              mimetype: 'text/plain',
              url_private_download: `${limited.fake.url}/files/F9`,
            },
          ],
        });
      await limited.fake.waitFor(() => limited.fake.callsTo('chat.postMessage').length >= 2);
      await new Promise((r) => setTimeout(r, 300));
      expect(limited.fake.callsTo('file.download')).toHaveLength(2);
      expect(limited.logs.join('\n')).toContain('shared files not read: per-person rate limit');
    } finally {
      await limited.stop();
    }
  });

  it('obeys /mqtt-why watch off and on', async () => {
    await t.command('watch off', { channel: 'C5' });
    await t.fake.waitFor(() => String(lastResponse().args.text).includes('stay quiet'));
    // The channel is told as well, so the silence that follows has an explanation.
    await t.fake.waitFor(() =>
      posts().some(
        (p) => p.args.channel === 'C5' && /turned off answers/.test(String(p.args.text)),
      ),
    );
    const quiet = nextTs();
    await t.event({
      type: 'message',
      channel: 'C5',
      user: 'U2',
      text: 'Connection Refused: not authorised',
      ts: quiet,
    });
    // The event is acknowledged before it is handled: let it be handled before switching back on.
    await new Promise((r) => setTimeout(r, 300));
    await t.command('watch on', { channel: 'C5' });
    await t.fake.waitFor(() => String(lastResponse().args.text).includes("I'll answer"));
    const loud = nextTs();
    await t.event({
      type: 'message',
      channel: 'C5',
      user: 'U2',
      text: 'Connection Refused: not authorised',
      ts: loud,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === loud));
    expect(posts().some((p) => p.args.thread_ts === quiet)).toBe(false);
  });

  it('never echoes a mention or a secret from the paste', async () => {
    const ts = nextTs();
    await t.event({
      type: 'message',
      channel: 'C6',
      user: 'U2',
      text: '<!channel> typed &lt;!here&gt; mosquitto_sub -u bob -P hunter2 -&gt; Connection Refused: not authorised',
      ts,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === ts));
    const post = JSON.stringify(posts().find((p) => p.args.thread_ts === ts)!.args);
    expect(post).not.toMatch(/<!(channel|here)>/);
    expect(post).toContain('@channel typed &lt;!here&gt;');
    expect(post).not.toContain('hunter2');
    expect(t.logs.join('')).not.toContain('hunter2');
    expect(t.logs.join('')).not.toContain(t.fake.botToken);
  });
});

describe('@mqtt-why', () => {
  it('triages the text of the mention, in its thread', async () => {
    const ts = nextTs();
    await t.event({
      type: 'app_mention',
      channel: 'C7',
      user: 'U2',
      text: '<@UBOT> what is CONNACK 134?',
      ts,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === ts));
    expect(blocksText(posts().find((p) => p.args.thread_ts === ts)!)).toContain(
      't/bad-credentials',
    );
  });

  it("triages the thread's first message when the mention is bare", async () => {
    const parent = nextTs();
    t.fake.threads.set(`C7:${parent}`, [{ text: 'MQTT_ERR_CONN_LOST every few minutes' }]);
    const ts = nextTs();
    await t.event({
      type: 'app_mention',
      channel: 'C7',
      user: 'U2',
      text: '<@UBOT>',
      ts,
      thread_ts: parent,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === parent));
    expect(blocksText(posts().find((p) => p.args.thread_ts === parent)!)).toContain(
      't/connection-lost',
    );
  });

  it('runs a command named in the mention and answers it in the thread, not with help', async () => {
    const parent = nextTs();
    await t.event({
      type: 'app_mention',
      channel: 'C7',
      user: 'U2',
      text: '<@UBOT> show t/not-authorized',
      ts: nextTs(),
      thread_ts: parent,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === parent));
    const answer = blocksText(posts().find((p) => p.args.thread_ts === parent)!);
    expect(answer).toContain('Title of t/not-authorized');
    expect(answer).not.toContain('tells you why MQTT clients');

    const other = nextTs();
    await t.event({
      type: 'app_mention',
      channel: 'C7',
      user: 'U2',
      text: '<@UBOT> probe local',
      ts: other,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === other));
    // This bot has no brokers configured: the refusal lands in the thread that asked.
    expect(JSON.stringify(posts().find((p) => p.args.thread_ts === other)!.args)).toMatch(
      /Probes are not set up/,
    );
  });
});

describe('signatures', () => {
  it('refuses forged, missing and expired signatures with 401 and does nothing', async () => {
    const calls = t.fake.calls.length;
    const body = slashCommandBody({ text: '0x87', responseUrl: t.fake.responseUrl('forged') });
    const port = t.bot.port!;
    const form = 'application/x-www-form-urlencoded';
    expect((await postSigned(port, body, form, { secret: 'wrong-secret' })).status).toBe(401);
    expect((await postSigned(port, body, form, { secret: SECRET, signature: null })).status).toBe(
      401,
    );
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(
      (
        await postSigned(port, body, form, {
          secret: SECRET,
          timestamp: old,
          signature: signature(SECRET, old, body),
        })
      ).status,
    ).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.fake.calls.length).toBe(calls);
  });
});

describe('operations endpoints', () => {
  it('answers /healthz with Redis reachability and queue depth', async () => {
    const res = await fetch(`http://127.0.0.1:${t.bot.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', redis: 'up', queues: {} });
  });

  it('serves Prometheus metrics on the operator port, counting answers by entry and way in, and abstentions', async () => {
    const res = await fetch(`http://127.0.0.1:${t.bot.metricsPort}/metrics`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(text).toMatch(/mqtt_why_answers_total\{entry="t\/not-authorized",way="slash"\} \d+/);
    expect(text).toMatch(/mqtt_why_abstentions_total\{reason="[a-z-]+",way="message"\} \d+/);
    expect(text).toMatch(/mqtt_why_match_duration_seconds_bucket/);
  });

  it('keeps /metrics off the public port unless METRICS_TOKEN is set, then requires it', async () => {
    expect((await fetch(`http://127.0.0.1:${t.bot.port}/metrics`)).status).toBe(404);
    const token = 'a-long-metrics-token-0123456789';
    const guarded = await startTestBot({ METRICS_TOKEN: token });
    try {
      const url = `http://127.0.0.1:${guarded.bot.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect(
        (await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789abc' } }))
          .status,
      ).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/mqtt_why_match_duration_seconds/);
    } finally {
      await guarded.stop();
    }
  });
});
