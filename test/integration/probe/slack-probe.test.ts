import { parseHostPattern } from '../../../src/probe/address-policy';
import { brokerConfig } from '../../helpers/broker-config';
import { TestBot, startTestBot } from '../../helpers/bot-harness';
import { RunningBroker, freePort, startMosquitto } from '../../helpers/brokers';
import { RecordedCall } from '../../helpers/fake-slack';

const broker = brokerConfig;

let t: TestBot;
let mosquitto: RunningBroker;
let closedPort: number;

beforeAll(async () => {
  mosquitto = await startMosquitto(['allow_anonymous true']);
  closedPort = await freePort();
  t = await startTestBot(
    { PROBE_TIMEOUT_MS: '1500' },
    {
      brokers: {
        brokers: [
          broker('local', mosquitto.port),
          broker('gone', closedPort, { username: 'svc', password: 's3cret-broker-pw' }),
          broker('ops-only', mosquitto.port, { channels: ['COPS'] }),
        ],
        allowHosts: [parseHostPattern('localhost')!],
      },
    },
  );
});
afterAll(async () => {
  await t.stop();
  await mosquitto.stop();
});

const updates = () => t.fake.callsTo('chat.update');
const text = (c: RecordedCall) => JSON.stringify(c.args);
const lastEphemeral = () => String(t.fake.callsTo('response_url').at(-1)?.args.text ?? '');

async function finalUpdateFor(ts: string): Promise<RecordedCall> {
  await t.fake.waitFor(
    () => updates().some((u) => u.args.ts === ts && text(u).includes('Re-probe')),
    10_000,
  );
  return updates()
    .filter((u) => u.args.ts === ts && text(u).includes('Re-probe'))
    .at(-1)!;
}

describe('/mqtt-why probe <broker>', () => {
  it('posts "probing" at once, updates it as steps finish, and ends with the result', async () => {
    const before = t.fake.callsTo('chat.postMessage').length;
    await t.command('probe local', { channel: 'C1' });
    await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > before);
    const probing = t.fake.callsTo('chat.postMessage').at(-1)!;
    expect(String(probing.args.text)).toMatch(/Probing local/);
    const ts = `1800000000.${String(before + 1).padStart(6, '0')}`;
    const final = await finalUpdateFor(ts);
    expect(text(final)).toContain('is healthy');
    expect(text(final)).toContain('roundtrip');
    expect(updates().filter((u) => u.args.ts === ts).length).toBeGreaterThan(1);
  });

  it('maps a failure to its KB entry and never shows the broker password', async () => {
    const before = t.fake.callsTo('chat.postMessage').length;
    await t.command('probe gone');
    await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > before);
    const final = await finalUpdateFor(`1800000000.${String(before + 1).padStart(6, '0')}`);
    expect(text(final)).toContain('t/connection-refused');
    const everything = JSON.stringify(t.fake.calls) + t.logs.join('');
    expect(everything).not.toContain('s3cret-broker-pw');
  });

  it('refuses unknown brokers, channels a broker does not allow, and hosts no admin allowed', async () => {
    await t.command('probe nope');
    await t.fake.waitFor(() => lastEphemeral().includes('No broker named "nope"'));
    await t.command('probe ops-only', { channel: 'C1' });
    await t.fake.waitFor(() => lastEphemeral().includes('No broker named "ops-only"'));
    await t.command('probe mqtt://10.1.2.3:1883');
    await t.fake.waitFor(() =>
      lastEphemeral().includes('Probing hosts that are not configured is off'),
    );
    await t.command('probe mqtt://user:pw@localhost:1883');
    await t.fake.waitFor(() => lastEphemeral().includes('Leave credentials out of the URL'));
  });
});

describe('Run probe and Re-probe buttons', () => {
  it('asks which broker when several may be probed, probes the pick in the thread, and relates it to the card', async () => {
    await t.command('rc=5');
    await t.fake.waitFor(() =>
      t.fake.callsTo('chat.postMessage').some((p) => text(p).includes('run_probe')),
    );
    const card = t.fake
      .callsTo('chat.postMessage')
      .filter((p) => text(p).includes('run_probe'))
      .at(-1)!;
    const cardTs = `1800000000.${String(t.fake.callsTo('chat.postMessage').indexOf(card) + 1).padStart(6, '0')}`;
    const value = (
      card.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    )
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'run_probe')!.value;
    await t.action({ actionId: 'run_probe', value, messageTs: cardTs });
    await t.fake.waitFor(() =>
      text(t.fake.callsTo('response_url').at(-1)!).includes('run_probe_pick'),
    );

    const before = t.fake.callsTo('chat.postMessage').length;
    await t.action({
      actionId: 'run_probe_pick',
      selectedValue: JSON.stringify({ b: 'local', c: 't/not-authorized', t: cardTs }),
      messageTs: '1800000000.999999',
    });
    await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > before);
    const probing = t.fake.callsTo('chat.postMessage').at(-1)!;
    expect(probing.args.thread_ts).toBe(cardTs);
    const final = await finalUpdateFor(`1800000000.${String(before + 1).padStart(6, '0')}`);
    expect(text(final)).toContain('About the card above');
  });

  it('re-probes and says what changed since the last run', async () => {
    const first = t.fake.callsTo('chat.postMessage').length;
    await t.command('probe local', { channel: 'C8' });
    await finalUpdateFor(`1800000000.${String(first + 1).padStart(6, '0')}`);
    await mosquitto.stop();
    const value = JSON.stringify({ b: 'local', u: null, c: null });
    const before = t.fake.callsTo('chat.postMessage').length;
    await t.action({
      actionId: 're_probe',
      value,
      messageTs: `1800000000.${String(first + 1).padStart(6, '0')}`,
    });
    await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > before);
    const final = await finalUpdateFor(`1800000000.${String(before + 1).padStart(6, '0')}`);
    expect(text(final)).toContain('Since the last probe');
    expect(text(final)).toMatch(/tcp: ok -&gt; now failed|tcp: ok -> now failed/);
  });
});

describe('@mqtt-why probe <broker> in a thread', () => {
  it('probes into the thread it was asked in', async () => {
    const thread = '1700000555.000100';
    const before = t.fake.callsTo('chat.postMessage').length;
    await t.event({
      type: 'app_mention',
      channel: 'C1',
      user: 'U2',
      text: '<@UBOT> probe local',
      ts: '1700000555.000200',
      thread_ts: thread,
    });
    await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > before);
    const probing = t.fake.callsTo('chat.postMessage').at(-1)!;
    expect(probing.args.thread_ts).toBe(thread);
    // The result replaces the "probing" message in place (the broker was stopped by an
    // earlier test, so the result itself is a failure).
    const final = await finalUpdateFor(`1800000000.${String(before + 1).padStart(6, '0')}`);
    expect(text(final)).toContain('local (mqtt://');
    // Failed as the re-probe before it did: the result says nothing changed.
    expect(text(final)).toContain('unchanged: the same steps passed and failed');
  });
});

describe('log lines', () => {
  it('carry the Slack request id, and in the worker the job id with the request that queued it', async () => {
    // Earlier tests' jobs log their last lines after their result is posted: let them finish.
    for (let seen = -1; seen !== t.logs.length;) {
      seen = t.logs.length;
      await new Promise((r) => setTimeout(r, 300));
    }
    const from = t.logs.length;
    await t.command('probe local', { channel: 'C7' });
    await t.fake.waitFor(
      () => t.logs.slice(from).some((l) => l.includes('probe job done')),
      10_000,
    );
    const lines = t.logs.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = lines.find((l) => l.msg === 'probe job done')!;
    expect(done).toMatchObject({
      queue: 'probe',
      jobId: expect.stringMatching(/^probe-b-local-C7-/),
      reqId: expect.stringMatching(/.+/),
    });
    // Bolt's own lines too: the ack, the probing message, its updates and the result.
    expect(lines.filter((l) => l.component === 'bolt' && l.reqId !== done.reqId)).toEqual([]);
    expect(lines.some((l) => String(l.msg).startsWith('ack()'))).toBe(true);
    const apiCalls = lines.filter((l) => String(l.msg).startsWith('apiCall('));
    expect(apiCalls.length).toBeGreaterThan(3);
    expect(apiCalls.filter((l) => l.reqId !== done.reqId)).toEqual([]);
    expect(apiCalls.filter((l) => l.jobId === done.jobId).length).toBeGreaterThan(2);
  });
});

describe('allow_hosts "*" from chat (issue 12, finding 3)', () => {
  let open: TestBot;
  beforeAll(async () => {
    open = await startTestBot(
      { PROBE_TIMEOUT_MS: '1500' },
      { brokers: { brokers: [], allowHosts: [parseHostPattern('*')!] } },
    );
  });
  afterAll(() => open.stop());

  const posted = () =>
    [...open.fake.callsTo('chat.postMessage'), ...open.fake.callsTo('chat.update')]
      .map((c) => JSON.stringify(c.args))
      .join('\n');

  it('refuses a host a legacy URL parser would read as another one', async () => {
    await open.command('probe mqtt://2130706434%.iot.example.com:18830');
    await open.fake.waitFor(
      () =>
        posted().includes('is not a broker URL') ||
        JSON.stringify(open.fake.calls).includes('is not a broker URL'),
    );
  });

  it('resolves the name once and refuses a loopback answer, connecting nowhere', async () => {
    await open.command(`probe mqtt://localhost:${mosquitto.port}`);
    await open.fake.waitFor(
      () => posted().includes('which probes from chat may not reach'),
      10_000,
    );
    expect(posted()).not.toContain('accepts TCP connections');
  });
});
