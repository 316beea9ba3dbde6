import { parseBrokersFile } from '../../../src/probe/brokers';
import { TestBot, startTestBot } from '../../helpers/bot-harness';
import { runCli } from '../../helpers/cli-run';

/** Inputs that have broken chat bots before: size, bytes, encodings, structure, markup. */
const HUGE = 'Connection Refused: not authorised\n'.repeat(150_000); // ~5 MB
const BINARY = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 193) % 256)).toString(
  'latin1',
);
const BAD_UTF8 = Buffer.from([
  0x43, 0x4f, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0x28,
]).toString('utf8');
const NESTED = '['.repeat(5000) + ']'.repeat(5000);
const INJECTION =
  '<!channel> <!here> <@U0ADMIN> <https://evil.example|click me> *bold* Connection Refused: not authorised';
const ODD = '\u202eevil\u202c \u0000\u0007\u001b[31m 🔥 ＣＯＮＮＡＣＫ 134 \ud800';
const INPUTS: [string, string][] = [
  ['5 MB paste', HUGE],
  ['binary', BINARY],
  ['invalid UTF-8', BAD_UTF8],
  ['deeply nested JSON', NESTED],
  ['mention and link injection', INJECTION],
  ['control and odd Unicode', ODD],
  ['empty', ''],
  ['one 200k-character line', 'x'.repeat(200_000)],
];

let t: TestBot;
const report: { way: string; input: string; outcome: string }[] = [];
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.stop();
  console.log(
    `bad-input report: ${report.length} inputs tried across the ways in, none crashed the bot, and it answered afterwards\n` +
      report.map((r) => `  ${r.way.padEnd(16)} ${r.input.padEnd(28)} ${r.outcome}`).join('\n'),
  );
});

const posted = () => JSON.stringify(t.fake.calls.map((c) => c.args));

/** What became of one request: handled, or refused as too large (Bolt's body limit) — never a crash. */
async function outcome(send: () => Promise<{ status: number }>): Promise<string> {
  // After a refused oversized body the server closes that keep-alive socket; the client's next
  // request may still try it. One more attempt on a fresh connection tells that apart from a crash.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const res = await send();
      if (res.status === 200) return 'handled';
      if (res.status === 413) return 'refused: too large';
      return `http ${res.status}`;
    } catch {
      if (attempt === 1) return 'refused: connection closed';
    }
  }
  return 'refused: connection closed';
}

/** The bot is still there and answering after whatever came before. */
async function stillAnswers(): Promise<void> {
  const before = t.fake.callsTo('chat.postMessage').length;
  expect((await t.command('rc=5')).status).toBe(200);
  await t.fake.waitFor(() => t.fake.callsTo('chat.postMessage').length > before, 10_000);
}

describe('bad input across every way in', () => {
  it('slash command: answers or explains, never pings, never crashes', async () => {
    for (const [name, text] of INPUTS) {
      const result = await outcome(() => t.command(text));
      report.push({ way: 'slash command', input: name, outcome: result });
      expect(result === 'handled' || (name === '5 MB paste' && result.startsWith('refused'))).toBe(
        true,
      );
    }
    await stillAnswers();
    expect(posted()).not.toMatch(/<!channel>|<!here>|<@U0ADMIN>|<https:\/\/evil/);
  });

  it('pasted messages and files: silence or a threaded answer, never a crash', async () => {
    let n = 0;
    for (const [name, text] of INPUTS) {
      const ts = `17000100${String(++n).padStart(2, '0')}.000100`;
      t.fake.files.set(`FBAD${n}`, { content: text, info: {} });
      const msg = await outcome(() =>
        t.event({ type: 'message', channel: 'CBAD', user: 'U2', text, ts }),
      );
      const file = await outcome(() =>
        t.event({
          type: 'message',
          subtype: 'file_share',
          channel: 'CBADF',
          user: 'U2',
          text: '',
          ts: `${ts}1`,
          files: [
            {
              id: `FBAD${n}`,
              name: 'x.log',
              mimetype: 'text/plain',
              url_private_download: `${t.fake.url}/files/FBAD${n}`,
            },
          ],
        }),
      );
      report.push(
        { way: 'message', input: name, outcome: msg },
        { way: 'shared file', input: name, outcome: file },
      );
      expect(file).toBe('handled');
      expect(msg === 'handled' || (name === '5 MB paste' && msg.startsWith('refused'))).toBe(true);
    }
    // Nothing lost: an ordinary paste right after all of that is still answered.
    await t.event({
      type: 'message',
      channel: 'CBAD',
      user: 'U2',
      text: 'MQTT_ERR_CONN_LOST',
      ts: '1700020000.000100',
    });
    await t.fake.waitFor(
      () =>
        t.fake.callsTo('chat.postMessage').some((p) => p.args.thread_ts === '1700020000.000100'),
      10_000,
    );
    expect(posted()).not.toMatch(/<!channel>|<!here>|<@U0ADMIN>|<https:\/\/evil/);
  });

  it('button payloads: malformed, oversized or forged values are ignored', async () => {
    for (const [name, value] of [
      ...INPUTS,
      ['object instead of a reference', '{"a":{"b":1},"e":[1]}'],
    ] as [string, string][]) {
      const result = await outcome(() => t.action({ actionId: 'feedback_helped', value }));
      report.push({
        way: 'button',
        input: name,
        outcome: result === 'handled' ? 'ignored' : result,
      });
      expect(result === 'handled' || (name === '5 MB paste' && result.startsWith('refused'))).toBe(
        true,
      );
    }
    await stillAnswers();
  });

  it('CLI and match --jsonl: clear messages and exit codes', async () => {
    for (const [name, text] of INPUTS) {
      const r = await runCli(['--kb', `${__dirname}/../../../kb`], text);
      report.push({ way: 'CLI', input: name, outcome: `exit ${r.code}` });
      expect([0, 1, 2]).toContain(r.code);
    }
    const lines = [
      ...INPUTS.map(([, text]) => JSON.stringify({ text })),
      NESTED,
      '{"text": 5}',
      'not json',
    ].join('\n');
    const r = await runCli(['match', '--jsonl'], lines);
    const out = r.stdout.trim().split('\n');
    report.push({ way: 'match --jsonl', input: `${out.length} lines`, outcome: `exit ${r.code}` });
    expect(out).toHaveLength(INPUTS.length + 3);
    for (const line of out) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('brokers.yml: every problem is reported, none throws', () => {
    for (const [name, text] of [
      ...INPUTS,
      ['YAML bomb', 'a: &a ["x","x"]\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\nbrokers: *b'],
    ] as [string, string][]) {
      const r = parseBrokersFile(text, 'brokers.yml', {});
      report.push({
        way: 'brokers.yml',
        input: name,
        outcome: r.ok ? 'parsed' : `rejected (${r.problems.length})`,
      });
    }
  });
});
