/**
 * The real bot in Socket Mode, end to end: Bolt's Socket Mode client opens its WebSocket through
 * apps.connections.open on the fake Web API, gets envelopes from the local stand-in, acknowledges
 * them and answers through the Web API, as HTTP mode does for signed requests.
 */
import { brokerConfig } from '../../helpers/broker-config';
import { RunningBroker, startMosquitto } from '../../helpers/brokers';
import { RecordedCall } from '../../helpers/fake-slack';
import { SocketTestBot, startSocketTestBot } from '../../helpers/socket-bot-harness';

let t: SocketTestBot;
let mosquitto: RunningBroker;
beforeAll(async () => {
  mosquitto = await startMosquitto(['allow_anonymous true']);
  t = await startSocketTestBot(
    { PROBE_TIMEOUT_MS: '1500' },
    { brokers: { brokers: [brokerConfig('local', mosquitto.port)], allowHosts: [] } },
  );
});
afterAll(async () => {
  await t?.stop();
  await mosquitto?.stop();
});

const posts = () => t.fake.callsTo('chat.postMessage');
const text = (c: RecordedCall) => JSON.stringify(c.args);
const lastResponse = () => t.fake.callsTo('response_url').at(-1)!;
let tsSeq = 0;
const nextTs = () => `1700000${String(++tsSeq).padStart(3, '0')}.000200`;
const tsOfPost = (index: number) => `1800000000.${String(index + 1).padStart(6, '0')}`;

interface Button {
  action_id: string;
  value: string;
}
const buttonsOf = (post: RecordedCall) =>
  new Map(
    (post.args.blocks as { type: string; elements?: Button[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? [])
      .map((e) => [e.action_id, e.value]),
  );

describe('connecting', () => {
  it('opens the socket through apps.connections.open with the app token, not the bot token', () => {
    const opens = t.fake.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.authorization).toBe(`Bearer ${t.socket.appToken}`);
    expect(t.socket.connectionsAccepted).toBe(1);
    expect(t.socket.refused).toBe(0);
    expect(t.fake.callsTo('auth.test')[0]!.authorization).toBe(`Bearer ${t.fake.botToken}`);
  });
});

describe('/mqtt-why over the socket', () => {
  it('acknowledges the envelope and posts the answer in the channel, with its buttons', async () => {
    const before = posts().length;
    const ack = await t.command('0x87');
    expect(ack.payload).toEqual({});
    await t.fake.waitFor(() => posts().length > before);
    const post = posts().at(-1)!;
    expect(post.args.channel).toBe('C1');
    expect(post.args.text).toMatch(/Title of t\/not-authorized/);
    expect(post.authorization).toBe(`Bearer ${t.fake.botToken}`);
    expect([...buttonsOf(post).keys()]).toEqual(
      expect.arrayContaining([
        'run_probe',
        'feedback_helped',
        'feedback_not_helped',
        'other_matches',
        'wrong_entry',
      ]),
    );
  });

  it('answers help privately through the response URL', async () => {
    const before = t.fake.callsTo('response_url').length;
    await t.command('help');
    await t.fake.waitFor(() => t.fake.callsTo('response_url').length > before);
    expect(lastResponse().args).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('/mqtt-why 0x87'),
    });
  });
});

describe('events over the socket', () => {
  it('answers a pasted MQTT problem in the thread of the message, and stays quiet on chatter', async () => {
    const before = posts().length;
    await t.event({
      type: 'message',
      channel: 'C2',
      user: 'U2',
      text: 'lunch at noon? also the MQTT dashboard looks nice',
      ts: nextTs(),
    });
    const ts = nextTs();
    await t.event({
      type: 'message',
      channel: 'C2',
      user: 'U2',
      text: '```1700000001: Client dev-1 disconnected, not authorised.```',
      ts,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === ts));
    expect(posts().length).toBe(before + 1);
    expect(posts().at(-1)!.args).toMatchObject({ channel: 'C2', thread_ts: ts });
  });

  it('answers a mention in its thread, and a bare mention from the thread it is in', async () => {
    const ts = nextTs();
    await t.event({
      type: 'app_mention',
      channel: 'C7',
      user: 'U2',
      text: '<@UBOT> what is CONNACK 134?',
      ts,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === ts));
    expect(text(posts().find((p) => p.args.thread_ts === ts)!)).toContain('t/bad-credentials');

    const parent = nextTs();
    t.fake.threads.set(`C7:${parent}`, [{ text: 'MQTT_ERR_CONN_LOST every few minutes' }]);
    await t.event({
      type: 'app_mention',
      channel: 'C7',
      user: 'U2',
      text: '<@UBOT>',
      ts: nextTs(),
      thread_ts: parent,
    });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === parent));
    expect(text(posts().find((p) => p.args.thread_ts === parent)!)).toContain('t/connection-lost');
  });

  it('answers an envelope Slack redelivers (retry_attempt 1) once, and acknowledges both', async () => {
    const ts = nextTs();
    const event = { type: 'message', channel: 'C3', user: 'U2', text: 'rc=5 from the broker', ts };
    const first = await t.event(event, { eventId: 'EvSOCKRETRY1' });
    const again = await t.event(event, {
      eventId: 'EvSOCKRETRY1',
      retryAttempt: 1,
      retryReason: 'timeout',
    });
    expect(again.envelopeId).not.toBe(first.envelopeId);
    const marker = nextTs();
    await t.event({ type: 'message', channel: 'C3', user: 'U2', text: 'rc=5 again', ts: marker });
    await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === marker));
    expect(posts().filter((p) => p.args.thread_ts === ts)).toHaveLength(1);
  });
});

describe('buttons over the socket', () => {
  it('counts a vote and lists the other matches', async () => {
    const before = posts().length;
    await t.command('0x87');
    await t.fake.waitFor(() => posts().length > before);
    const buttons = buttonsOf(posts().at(-1)!);
    const responses = t.fake.callsTo('response_url').length;
    await t.action({ actionId: 'feedback_helped', value: buttons.get('feedback_helped')! });
    await t.action({ actionId: 'other_matches', value: buttons.get('other_matches')! });
    await t.fake.waitFor(() => t.fake.callsTo('response_url').length >= responses + 2);
    const said = t.fake.callsTo('response_url').slice(responses).map(text).join('\n');
    expect(said).toMatch(/Glad it helped/);
    expect(said).toContain('t/subscription-rejected');
  });
});

describe('a probe with buttons, over the socket', () => {
  async function finalUpdateFor(ts: string): Promise<RecordedCall> {
    const done = (u: RecordedCall) => u.args.ts === ts && text(u).includes('Re-probe');
    await t.fake.waitFor(() => t.fake.callsTo('chat.update').some(done), 10_000);
    return t.fake.callsTo('chat.update').filter(done).at(-1)!;
  }

  it('runs a probe from the Run probe button into the card thread, then re-probes from the result', async () => {
    const cards = posts().length;
    await t.command('rc=5');
    await t.fake.waitFor(() => posts().length > cards);
    const runProbe = buttonsOf(posts().at(-1)!).get('run_probe')!;

    const before = posts().length;
    await t.action({ actionId: 'run_probe', value: runProbe });
    await t.fake.waitFor(() => posts().length > before);
    const probing = posts().at(-1)!;
    expect(String(probing.args.text)).toMatch(/Probing local/);
    expect(probing.args.thread_ts).toBe('1800000000.000001'); // the card the button is on
    const final = await finalUpdateFor(tsOfPost(before));
    expect(text(final)).toContain('is healthy');

    const reProbe = (final.args.blocks as { type: string; elements?: Button[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 're_probe')!.value;
    const again = posts().length;
    await t.action({ actionId: 're_probe', value: reProbe });
    await t.fake.waitFor(() => posts().length > again);
    expect(text(await finalUpdateFor(tsOfPost(again)))).toContain('is healthy');
  });
});

describe('losing the socket', () => {
  it.each([
    ['a disconnect message', 'disconnect'],
    ['a close frame', 'close'],
    ['a dead TCP connection', 'terminate'],
  ] as const)(
    'reconnects through a new apps.connections.open after %s, and answers the next envelope',
    async (_what, how) => {
      const opened = t.socket.connectionsAccepted;
      const urls = t.fake.callsTo('apps.connections.open').length;
      t.socket.drop(how);
      await t.socket.waitForConnections(opened + 1, 15_000);
      expect(t.fake.callsTo('apps.connections.open').length).toBe(urls + 1);
      expect(t.fake.callsTo('apps.connections.open').at(-1)!.authorization).toBe(
        `Bearer ${t.socket.appToken}`,
      );
      const ts = nextTs();
      const ack = await t.event({
        type: 'message',
        channel: 'C4',
        user: 'U2',
        text: 'Connection Refused: not authorised',
        ts,
      });
      expect(ack.connection).toBe(opened + 1);
      await t.fake.waitFor(() => posts().some((p) => p.args.thread_ts === ts));
      expect(t.socket.openConnections).toBe(1);
    },
  );
});

describe('operations in Socket Mode', () => {
  it('answers /healthz on PORT, and serves no Slack endpoint there', async () => {
    const res = await fetch(`http://127.0.0.1:${t.bot.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', redis: 'up' });
    const events = await fetch(`http://127.0.0.1:${t.bot.port}/slack/events`, {
      method: 'POST',
      body: '{}',
    });
    expect(events.status).toBe(404);
  });

  it('acknowledged every envelope sent, each once', () => {
    expect(t.socket.sent.length).toBeGreaterThan(10);
    expect(t.socket.unacknowledged()).toEqual([]);
    expect(t.socket.strays).toEqual([]);
  });
});
