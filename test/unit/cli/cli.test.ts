import { promises as fs } from 'fs';
import { entryText } from '../../helpers/entry-text';
import { displayWidth } from '../../../src/render/table';
import { decodeText } from '../../../src/cli/io';
import { spawnSync } from 'child_process';
import { closeSync, openSync } from 'fs';
import { BIN, childEnv, runBin, runCli, runCliOnTerminal, tempKb } from '../../helpers/cli-run';

let kb: string;
beforeAll(async () => {
  kb = await tempKb();
});
afterAll(async () => {
  await fs.rm(kb, { recursive: true, force: true });
});

describe('mqtt-why <text>', () => {
  it('answers a code with a short card: the entry, the evidence and its ambiguity, two fixes, exit 0', async () => {
    const r = await runCli(['--kb', kb, '0x87']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('t/not-authorized');
    expect(r.stdout).toContain('Why this entry: line 1: 0x87');
    expect(r.stdout).toContain('Note: 0x87 is ambiguous');
    expect(r.stdout).toContain('Root cause');
    expect(r.stdout).toContain('1. First fix.');
    expect(r.stdout).toContain('echo one');
    expect(r.stdout).toContain('2. Second fix.');
    expect(r.stdout).not.toContain("Don't bother");
    expect(r.stdout).toContain(
      'Full entry (1 dead end(s) not to waste time on): mqtt-why show t/not-authorized',
    );
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('prints the whole entry with --full, and links its page when WEB_URL is set', async () => {
    const r = await runCli(['--kb', kb, '--full', '0x87']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Don't bother");
    expect(r.stdout).toContain('Workarounds');
    const linked = await runBin(['--kb', kb, '0x87'], '', {
      env: { WEB_URL: 'https://why.example.com/' },
    });
    expect(linked.stdout).toContain(
      'mqtt-why show t/not-authorized or https://why.example.com/kb/t/not-authorized',
    );
  });

  it('reads a log from standard input', async () => {
    const log =
      '1700000001: New connection from 10.1.1.1 on port 1883.\n1700000002: Client x disconnected, not authorised.\n';
    const r = await runCli(['--kb', kb], log);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('line 2: 1700000002: Client x disconnected, not authorised.');
  });

  it('reads standard input where - stands, with the words given beside it, log lines numbered as in the log', async () => {
    const log =
      '1700000001: New connection from 10.1.1.1 on port 1883.\n1700000002: Client x disconnected.\n';
    const words = await runCli(
      ['--kb', kb, '--json', 'connection refused: not authorised', '-'],
      log,
    );
    const answer = JSON.parse(words.stdout) as {
      matches: { id: string; evidence: { line: number; text: string }[] }[];
    };
    expect(answer.matches[0]!.id).toBe('t/not-authorized');
    expect(answer.matches[0]!.evidence[0]).toMatchObject({
      line: 3,
      text: 'connection refused: not authorised',
    });
    // Without the -, the words are the whole question and standard input is not read.
    const wordsOnly = await runCli(
      ['--kb', kb, '--json', 'the weather is nice'],
      'Connection Refused: not authorised\n',
    );
    expect((JSON.parse(wordsOnly.stdout) as { matches: unknown[] }).matches).toEqual([]);
    // After --, a - is text like any other word.
    const literal = await runCli(
      ['--kb', kb, '--json', '--', '-'],
      'Connection Refused: not authorised\n',
    );
    expect((JSON.parse(literal.stdout) as { matches: unknown[] }).matches).toEqual([]);
    const alone = await runCli(
      ['--kb', kb, '-'],
      log.replace('disconnected.', 'disconnected, not authorised.'),
    );
    expect(alone.stdout).toContain('line 2: 1700000002: Client x disconnected, not authorised.');
    expect(alone.stderr).toBe('');
    // Typed at a terminal, it says what it waits for.
    const typed = await runCli(['--kb', kb, 'not authorised', '-'], 'rc=5\n', true);
    expect(typed.stderr).toContain('reading standard input for -; end it with Ctrl-D');
    expect(typed.stdout).toContain('t/not-authorized');
  });

  it('reads a log file named as the one argument, says so, and reads a path after -- as text', async () => {
    const dir = await fs.mkdtemp(`${kb}-logs-`);
    try {
      const file = `${dir}/mosquitto.log`;
      await fs.writeFile(file, '1700000002: Client x disconnected, not authorised.\n');
      const r = await runCli(['--kb', kb, file]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`reading the file ${file}`);
      expect(r.stdout).toContain('line 1: 1700000002: Client x disconnected, not authorised.');
      const literal = await runCli(['--kb', kb, '--', file]);
      expect(literal.stdout).not.toContain('line 1: 1700000002');
      // Triaged as the words of the path: answered or not, but not an error and not the file.
      expect([0, 1]).toContain(literal.code);
      expect(literal.stderr).not.toContain('reading the file');
      const missing = await runCli(['--kb', kb, `${dir}/gone.log`]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/no file .*gone\.log \(put -- before it/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('points a lone command-like word (status, list, feedback) at the command, not the matcher', async () => {
    for (const [word, hint] of [
      ['status', /health --once/],
      ['list', /mqtt-why kb list/],
      ['feedback', /mqtt-why feedback export/],
    ] as const) {
      const r = await runCli(['--kb', kb, word]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(hint);
    }
  });

  it('exits 1 when nothing matches, 2 on empty or binary input and unknown options', async () => {
    expect((await runCli(['--kb', kb, 'the weather is nice'])).code).toBe(1);
    expect((await runCli(['--kb', kb], '   ')).code).toBe(2);
    const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131) % 256)).toString(
      'latin1',
    );
    const b = await runCli(['--kb', kb], binary);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/binary data/);
    const u = await runCli(['--kb', kb, '--frobnicate']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/unknown option --frobnicate/);
    expect((await runCli(['--kb', kb], '', true)).code).toBe(2);
  });

  it('takes a negative number as a code, not as an option', async () => {
    const r = await runCli(['--kb', kb, 'rc=-2']);
    expect(r.stdout).toContain('t/connection-refused');
    expect((await runCli(['--kb', kb, '-2'])).stdout).toContain('t/connection-refused');
  });

  it('answers as JSON with --json', async () => {
    const r = await runCli(['--kb', kb, '--json', 'CONNACK 134']);
    const body = JSON.parse(r.stdout);
    expect(body.abstain).toBe(false);
    expect(body.matches[0]).toMatchObject({
      id: 't/bad-credentials',
      workarounds: expect.any(Array),
    });
    expect(body.matches[0].evidence[0].why).toMatch(/CONNACK MQTT 5.0: Bad User Name or Password/);
  });
});

describe('mqtt-why match --jsonl', () => {
  it('numbers lines as in the stream when standard input is longer than it keeps (16 MB)', async () => {
    const filler = '1700000000: New connection from 10.0.0.1:1234 on port 1883.\n';
    const lines = Math.ceil((17 * 1024 * 1024) / filler.length);
    const log = filler.repeat(lines) + 'Connection Refused: not authorised\n';
    const r = await runCli(['--kb', kb, '--json'], log);
    const answer = JSON.parse(r.stdout) as {
      truncated: boolean;
      matches: { evidence: { line: number }[] }[];
    };
    expect(answer.truncated).toBe(true);
    expect(answer.matches[0]!.evidence[0]!.line).toBe(lines + 1);
  });

  it('reads a line that starts with a byte order mark, and standard input in UTF-16', async () => {
    const bom = await runCli(['--kb', kb, 'match', '--jsonl'], '\ufeff{"text": "0x02"}\n');
    expect(JSON.parse(bom.stdout).matches[0].id).toBe('t/identifier-rejected');
    const text = 'Connection Refused: not authorised\r\n';
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      Buffer.from(text, 'utf16le'),
    ])
      expect(decodeText(bytes)).toBe(text);
  });

  it('quotes no password of a line that is not JSON', async () => {
    const r = await runCli(
      ['--kb', kb, 'match', '--jsonl'],
      'password: Secr3tPw\nmqtt://u:Secr3tPw@h\n',
    );
    expect(r.stdout).toMatch(/not valid JSON/);
    expect(r.stdout).not.toContain('Secr3tPw');
  });

  it('answers every line in order and reports a bad line in its place', async () => {
    const input = [
      '{"text": "0x87"}',
      'not json',
      '{"txt": 1}',
      '{"text": "hello there"}',
      '{"text": "CONNACK 134"}',
    ].join('\n');
    const r = await runCli(['--kb', kb, 'match', '--jsonl'], input);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].matches[0]).toEqual({
      id: 't/not-authorized',
      score: expect.any(Number),
      evidence: expect.stringContaining('0x87'),
    });
    expect(lines[0].matches.length).toBeLessThanOrEqual(5);
    expect(lines[0].abstain).toBe(false);
    expect(lines[1]).toEqual({ error: expect.stringMatching(/not valid JSON/) });
    expect(lines[2]).toEqual({ error: expect.stringMatching(/"text"/) });
    expect(lines[3]).toEqual({ matches: [], abstain: true });
    expect(lines[4].matches[0].id).toBe('t/bad-credentials');
    const scores = lines[0].matches.map((m: { score: number }) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('handles thousands of lines in one process', async () => {
    const input = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ text: i % 2 ? 'rc=5' : 'nothing here' }),
    ).join('\n');
    const r = await runCli(['--kb', kb, 'match', '--jsonl'], input);
    expect(r.stdout.trim().split('\n')).toHaveLength(3000);
  });
});

describe('mqtt-why show, kb list, kb lint', () => {
  it('shows an entry by id or by its last part', async () => {
    const r = await runCli(['--kb', kb, 'show', 'bad-credentials']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Title of t/bad-credentials');
    expect(r.stdout).toContain('0x86  CONNACK 5.0  Bad User Name or Password');
    expect((await runCli(['--kb', kb, 'show', 'nope'])).code).toBe(1);
  });

  it('finds an id typed in capitals, shows it as JSON, and refuses extra words', async () => {
    expect((await runCli(['--kb', kb, 'show', 'BAD-CREDENTIALS'])).stdout).toContain(
      'Title of t/bad-credentials',
    );
    const json = await runCli(['--kb', kb, 'show', 'bad-credentials', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 't/bad-credentials' });
    const extra = await runCli(['--kb', kb, 'show', 'bad-credentials', 'extra']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('show takes one id');
    expect((await runCli(['--kb', kb, 'match', 'foo'])).code).toBe(2);
    // Text after -- is always text.
    expect((await runCli(['--kb', kb, '--', 'show', 'rc=5'])).stdout).toContain('t/not-authorized');
  });

  it('lists the entries in aligned columns under a header', async () => {
    const r = await runCli(['--kb', kb, 'kb', 'list']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^ID\s+CODES\s+TITLE$/);
    const titleAt = lines[0]!.indexOf('TITLE');
    for (const line of lines.slice(1)) expect(line.indexOf('Title of ')).toBe(titleAt);
    expect(r.stdout).toMatch(/^t\/not-authorized\s+—\s+Title of t\/not-authorized$/m);
  });

  it('fits kb list to a terminal with an ellipsis, and writes it whole when piped', async () => {
    const title =
      'A very long title: CONNACK 0x87 with Mosquitto, EMQX, HiveMQ and AWS IoT Core, 認証エラー, and more';
    const long = await tempKb({
      'communication/an-entry-with-a-rather-long-identifier-indeed.md': entryText({
        id: 'communication/an-entry-with-a-rather-long-identifier-indeed',
        title,
        signals: ['a signal phrase'],
      }),
    });
    try {
      const tty = await runCliOnTerminal(['--kb', long, '--no-color', 'kb', 'list'], 60);
      expect(tty.stderr).toBe('');
      const lines = tty.stdout.trimEnd().split('\n');
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
      expect(lines[1]).toMatch(/…$/);
      expect(tty.stdout).not.toContain('\u001b[');
      const piped = await runCli(['--kb', long, 'kb', 'list']);
      expect(piped.stdout).toContain(title);
      expect(piped.stdout).toContain('communication/an-entry-with-a-rather-long-identifier-indeed');
      expect(piped.stdout).not.toContain('…');
    } finally {
      await fs.rm(long, { recursive: true, force: true });
    }
  });

  it('lints a clean KB with exit 0 and a broken one with file:line errors and exit 1', async () => {
    expect((await runCli(['--kb', kb, 'kb', 'lint'])).code).toBe(0);
    const broken = await tempKb({
      'c/a.md': entryText({ id: 'c/a', seeAlso: ['c/missing'] }),
      'c/b.md': entryText({ id: 'c/b' }).replace('- **Fix Rate:** —', '- **Fix Rate:** 90%'),
    });
    try {
      const r = await runCli(['--kb', broken, 'kb', 'lint']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/c\/a\.md:\d+: error: See Also "c\/missing" is not an entry/);
      expect(r.stdout).toMatch(/c\/b\.md:8: error: a percentage needs a source/);
      // Loading the broken KB to answer fails with the same messages, and answers nothing.
      const t = await runCli(['--kb', broken, '0x87']);
      expect(t.code).toBe(2);
      expect(t.stderr).toMatch(/c\/b\.md:8: error: a percentage needs a source/);
      expect(t.stdout).toBe('');
    } finally {
      await fs.rm(broken, { recursive: true, force: true });
    }
  });
});

describe('the built mqtt-why binary', () => {
  it('runs as a command with exit codes and standard input', async () => {
    const ok = await runBin(['--kb', kb, 'rc=5']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('t/not-authorized');
    const piped = await runBin(['--kb', kb, 'match', '--jsonl'], '{"text":"0x02"}\n');
    expect(JSON.parse(piped.stdout).matches[0].id).toBe('t/identifier-rejected');
    expect((await runBin(['--kb', kb, 'no mqtt here'])).code).toBe(1);
    expect((await runBin(['--bogus'])).code).toBe(2);
    expect((await runBin(['--version'])).stdout).toMatch(/^mqtt-why \d+\.\d+\.\d+/);
  });

  it('says in one line, with exit 2, that it cannot write its output (a full disk)', async () => {
    const out = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [BIN, '--kb', kb, 'rc=5'], {
      stdio: ['ignore', out, 'pipe'],
      env: childEnv(),
    });
    closeSync(out);
    const child = { status: r.status, stderr: String(r.stderr) };
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(/^mqtt-why: cannot write the output: ENOSPC/);
    expect(child.stderr).not.toContain('    at ');
  });
});

describe('mqtt-why health --once', () => {
  it('prints an aligned table fitted to a terminal, state in colour, and plain and whole when piped', async () => {
    const dir = await tempKb({});
    const file = `${dir}/brokers.yml`;
    const name = 'a-broker-with-a-name-long-enough-to-be-cut-on-a-narrow-terminal';
    await fs.writeFile(
      file,
      `brokers:\n  - name: ${name}\n    url: mqtt://127.0.0.1:1\n    health: { every: 30s, steps: [dns, tcp] }\n`,
    );
    try {
      const tty = await runCliOnTerminal(
        ['--kb', kb, '--color', 'health', '--once', '--brokers', file],
        70,
      );
      expect(tty.code).toBe(1);
      expect(tty.stdout).toContain('\u001b[31mDOWN');
      const plain = tty.stdout.split('\u001b[31m').join('').split('\u001b[0m').join('');
      const lines = plain.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^BROKER\s+STATE\s+MS\s+WHY\s+KB ENTRY$/);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(70);
      // The reason gives way first, then the broker's name; the KB entry stays whole.
      expect(lines[1]).toMatch(/^a-broker-w\S*…\s+DOWN\s+\d+\s+tcp: .*…\s+t\/connection-refused$/);

      const piped = await runCli(['--kb', kb, 'health', '--once', '--brokers', file]);
      expect(piped.stdout).not.toContain('\u001b[');
      expect(piped.stdout).not.toContain('…');
      expect(piped.stdout).toMatch(new RegExp(`^${name}\\s+DOWN\\s+\\d+\\s+tcp: .*\\S$`, 'm'));
      const [header, row] = piped.stdout.split('\n');
      expect(row!.indexOf('DOWN')).toBe(header!.indexOf('STATE'));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
