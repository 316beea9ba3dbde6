import Redis from 'ioredis';
import { AnswerStore } from '../../../src/state/answers';
import { REDIS_URL, TestBot, startTestBot } from '../../helpers/bot-harness';
import { runCli } from '../../helpers/cli-run';
import { RecordedCall } from '../../helpers/fake-slack';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.stop();
});

interface Button {
  action_id: string;
  value: string;
}

async function askAndGetButtons(
  text: string,
): Promise<{ post: RecordedCall; buttons: Map<string, string> }> {
  const before = t.fake.callsTo('chat.postMessage').length;
  await t.command(text);
  await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > before);
  const post = t.fake.callsTo('chat.postMessage').at(-1)!;
  const actions = (post.args.blocks as { type: string; elements?: Button[] }[]).find(
    (b) => b.type === 'actions',
  )!;
  return { post, buttons: new Map(actions.elements!.map((e) => [e.action_id, e.value])) };
}

async function click(fields: {
  actionId: string;
  value?: string;
  selectedValue?: string;
  user?: string;
}): Promise<RecordedCall> {
  const before = t.fake.callsTo('response_url').length;
  await t.action(fields);
  await t.fake.waitFor(() => t.fake.callsTo('response_url').length > before);
  return t.fake.callsTo('response_url').at(-1)!;
}

describe('answer buttons', () => {
  it('answers a button it cannot act on instead of staying silent, and counts nothing', async () => {
    const { buttons } = await askAndGetButtons('CONNACK 134');
    const { a } = JSON.parse(buttons.get('feedback_helped')!) as { a: string };
    const gone = JSON.stringify({ a, e: 't/removed-since' });
    expect((await click({ actionId: 'full_entry', value: gone })).args.text).toBe(
      'The entry this button names (`t/removed-since`) is not in the knowledge base any more; ask again with `/mqtt-why`.',
    );
    expect((await click({ actionId: 'feedback_helped', value: gone })).args.text).toMatch(
      /^That entry is not one this answer named, so nothing was counted/,
    );
    for (const actionId of ['feedback_helped', 'full_entry', 'other_matches', 'wrong_entry'])
      expect((await click({ actionId, value: '{"a":"../x"' })).args.text).toMatch(
        /^This button can't be read/,
      );
  });

  it('counts one vote per user per answer and shows "helped N of M times here" on the next answer', async () => {
    const { buttons } = await askAndGetButtons('CONNACK 134');
    const helped = buttons.get('feedback_helped')!;
    expect(
      (await click({ actionId: 'feedback_helped', value: helped, user: 'U1' })).args.text,
    ).toMatch(/Glad it helped/);
    expect(
      (await click({ actionId: 'feedback_helped', value: helped, user: 'U1' })).args.text,
    ).toMatch(/already/);
    expect(
      (
        await click({
          actionId: 'feedback_not_helped',
          value: buttons.get('feedback_not_helped'),
          user: 'U2',
        })
      ).args.text,
    ).toMatch(/Sorry/);
    // U1 changes their mind: still one vote from U1.
    await click({
      actionId: 'feedback_not_helped',
      value: buttons.get('feedback_not_helped'),
      user: 'U1',
    });
    await click({ actionId: 'feedback_helped', value: helped, user: 'U1' });
    const { post } = await askAndGetButtons('CONNACK 134');
    expect(JSON.stringify(post.args.blocks)).toContain('helped 1 of 2 times here');
  });

  it('answers with the short card, and "Full entry" gives the whole entry to whoever clicks', async () => {
    const { post, buttons } = await askAndGetButtons('0x87');
    const card = JSON.stringify(post.args.blocks);
    expect(card).toContain('Why t/not-authorized happens.');
    expect(card).toContain('*1. First fix.*');
    expect(card).toContain('*2. Second fix.*');
    expect(card).not.toContain("Don't bother");
    expect(card).toContain('1 dead end(s) not to waste time on');
    const res = await click({ actionId: 'full_entry', value: buttons.get('full_entry') });
    expect(res.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const whole = JSON.stringify(res.args.blocks);
    expect(whole).toContain("Don't bother");
    expect(whole).toContain('Title of t/not-authorized');
  });

  it('lists the other matches', async () => {
    const { buttons } = await askAndGetButtons('0x87');
    const res = await click({ actionId: 'other_matches', value: buttons.get('other_matches') });
    expect(res.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const shown = JSON.stringify(res.args.blocks);
    expect(shown).toContain('t/subscription-rejected');
    expect(shown).toContain('t/publish-denied');
    expect(shown).not.toContain('`t/not-authorized`');
  });

  it('takes "wrong entry?" picks as labelled examples', async () => {
    const { buttons } = await askAndGetButtons('0x87 when subscribing to plant/#');
    const res = await click({ actionId: 'wrong_entry', value: buttons.get('wrong_entry') });
    const select = JSON.stringify(res.args.blocks);
    expect(select).toContain('wrong_entry_pick');
    expect(select).toContain('Close matches');
    const option = JSON.parse(buttons.get('wrong_entry')!) as { a: string };
    const picked = await click({
      actionId: 'wrong_entry_pick',
      selectedValue: JSON.stringify({ a: option.a, e: 't/publish-denied' }),
    });
    expect(picked.args.text).toMatch(/kept as an example of `t\/publish-denied`/);
    const redis = new Redis(REDIS_URL);
    try {
      const labels = await new AnswerStore({ redis, prefix: t.prefix }).labels();
      expect(labels.ok && labels.value.at(-1)).toMatchObject({
        label: 't/publish-denied',
        text: '0x87 when subscribing to plant/#',
        team: 'T1',
      });
    } finally {
      redis.disconnect();
    }
  });

  it('stores a pasted answer redacted, cut between lines so a password on the cut is never half-kept', async () => {
    // A long private key (masked to a few words) pushes the stored text's cut into the URL line.
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${'A'.repeat(7910)}\n-----END RSA PRIVATE KEY-----`;
    const text = `${key}\nmqtt://alice:Secr3tPassw0rd@broker.example.com:1883\nConnection Refused: not authorised`;
    const ts = '1700009999.000100';
    const before = t.fake.callsTo('chat.postMessage').length;
    await t.event({ type: 'message', channel: 'C2', user: 'U2', text, ts });
    await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > before);
    const post = t.fake.callsTo('chat.postMessage').at(-1)!;
    const actions = (post.args.blocks as { type: string; elements?: Button[] }[]).find(
      (b) => b.type === 'actions',
    )!;
    const { a } = JSON.parse(actions.elements![0]!.value) as { a: string };
    const redis = new Redis(REDIS_URL);
    try {
      const stored = await new AnswerStore({ redis, prefix: t.prefix }).get(a);
      expect(stored.ok && stored.value).toBeTruthy();
      const kept = stored.ok && stored.value ? stored.value.text : '';
      expect(kept).toContain('[private key removed]');
      expect(kept).not.toMatch(/Secr3t|Passw0rd|AAAA/);
      const raw = (await redis.keys(`${t.prefix}*`)).join(' ');
      expect(raw).not.toContain('Secr3t');
    } finally {
      redis.disconnect();
    }
  });

  it('acts on no tampered button value: its one reply says it cannot be read, to the clicker only', async () => {
    const before = t.fake.calls.length;
    await t.action({ actionId: 'feedback_helped', value: '{"x":' });
    await new Promise((r) => setTimeout(r, 200));
    const made = t.fake.calls.slice(before);
    expect(made.map((c) => c.method)).toEqual(['response_url']);
    expect(made[0]!.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(made[0]!.args.text)).toMatch(/^This button can't be read/);
  });

  it('says probes are not set up when Run probe is pressed', async () => {
    const { buttons } = await askAndGetButtons('rc=5');
    expect(
      (await click({ actionId: 'run_probe', value: buttons.get('run_probe') })).args.text,
    ).toMatch(/Probes are not set up/);
  });
});

describe('mqtt-why feedback export', () => {
  it('writes the labelled examples as JSONL, and says when Redis cannot be reached', async () => {
    const saved = { ...process.env };
    try {
      process.env.REDIS_PREFIX = t.prefix;
      process.env.REDIS_URL = REDIS_URL;
      const r = await runCli(['feedback', 'export']);
      expect(r.code).toBe(0);
      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toContainEqual(
        expect.objectContaining({
          text: '0x87 when subscribing to plant/#',
          expect: 't/publish-denied',
        }),
      );
      process.env.REDIS_URL = 'redis://127.0.0.1:1';
      const down = await runCli(['feedback', 'export']);
      expect(down.code).toBe(2);
      expect(down.stderr).toMatch(
        /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\): connection refused/,
      );
    } finally {
      process.env = saved;
    }
  });
});
