/**
 * Issue 15: every error a user can meet says what failed, with what, and the next step. Each CLI
 * command, and the start-up of `npm start` and `npm run worker`, runs as built in a broken
 * environment (no Redis, a wrong REDIS_URL, a missing or invalid BROKERS_FILE, a missing KB
 * directory, an unreadable file); each message must name the cause and a fix.
 *
 * There is no `mqtt-why status` command: status is a Slack command (`/mqtt-why status`).
 */
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import {
  CliOutcome,
  SpawnOptions,
  runBin,
  runNode,
  runNodeUntil,
  tempKb,
} from '../../helpers/cli-run';
import { REDIS_URL } from '../../helpers/bot-harness';

const BOT_JS = path.join(__dirname, '../../../dist/src/apps/bot.js');
const WORKER_JS = path.join(__dirname, '../../../dist/src/apps/worker.js');

/** Root reads any file: the unreadable-file cases run as nobody then. */
const OTHER_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

let dir: string;
let kb: string;
let unreadableKb: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-why-errors-'));
  kb = await tempKb();
  unreadableKb = await tempKb();
  // Readable to the other user, all but the files made unreadable below.
  for (const d of [dir, kb, unreadableKb]) await fs.chmod(d, 0o755);
  await fs.writeFile(
    file('plant-a.yml'),
    'brokers:\n  - name: plant-a\n    url: mqtt://127.0.0.1:1\n',
  );
  await fs.writeFile(file('bad-syntax.yml'), 'brokers: [\n  - name: plant-a\n');
  await fs.writeFile(
    file('bad-content.yml'),
    'brokers:\n  - name: plant-a\n    url: htp://x\n    health:\n      every: soon\n',
  );
  await fs.writeFile(file('unreadable.yml'), 'brokers: []\n');
  await fs.chmod(file('unreadable.yml'), 0o000);
  await fs.mkdir(file('a-directory.yml'));
  await fs.chmod(path.join(unreadableKb, 't/not-authorized.md'), 0o000);
});

afterAll(async () => {
  for (const d of [dir, kb, unreadableKb]) await fs.rm(d, { recursive: true, force: true });
});

/** The CLI in `dir` (no ./brokers.yml there), with the test KB unless told otherwise. */
function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  run: { stdin?: string; asOtherUser?: boolean } = {},
) {
  const options: SpawnOptions = {
    cwd: dir,
    env: { MQTT_WHY_KB_DIR: kb, BROKERS_FILE: undefined, REDIS_URL, ...env },
    ...(run.asOtherUser && OTHER_USER ? { user: OTHER_USER } : {}),
  };
  return runBin(argv, run.stdin ?? '', options);
}

/** What a message must hold: the exit code, the cause, and the next step. */
interface Expected {
  code: number;
  cause: RegExp;
  fix: RegExp;
  stream?: 'stderr' | 'stdout';
}

/** Checks a message; `label` (the command) shows in a failure's diff. */
function expectMessage(r: CliOutcome, want: Expected, label = ''): void {
  const stream = want.stream ?? 'stderr';
  expect({ label, code: r.code, text: r[stream] }).toEqual({
    label,
    code: want.code,
    text: expect.stringMatching(want.cause),
  });
  expect({ label, text: r[stream] }).toEqual({ label, text: expect.stringMatching(want.fix) });
  // One message, not a stack trace.
  expect({ label, stderr: r.stderr }).not.toEqual({
    label,
    stderr: expect.stringMatching(/\n\s+at .*\(.*:\d+:\d+\)/),
  });
}

/** Every command that reads the KB, with the input it needs. */
const KB_COMMANDS: { name: string; argv: string[]; stdin?: string }[] = [
  { name: 'triage', argv: ['0x87'] },
  { name: 'show', argv: ['show', 'not-authorized'] },
  { name: 'kb list', argv: ['kb', 'list'] },
  { name: 'kb lint', argv: ['kb', 'lint'] },
  { name: 'match --jsonl', argv: ['match', '--jsonl'], stdin: '{"text": "0x87"}\n' },
  { name: 'probe', argv: ['probe', 'mqtt://127.0.0.1:1'] },
  { name: 'health --once', argv: ['health', '--once'] },
];
/** kb lint reports on standard output, with exit 1 (problems found); the rest exit 2. */
const kbFailure = (name: string): Pick<Expected, 'code' | 'stream'> =>
  name === 'kb lint' ? { code: 1, stream: 'stdout' } : { code: 2, stream: 'stderr' };

describe('mqtt-why with a knowledge base it cannot read', () => {
  it('every command names a missing KB directory, MQTT_WHY_KB_DIR and how to fix it', async () => {
    const missing = path.join(dir, 'no-kb-here');
    const results = await Promise.all(
      KB_COMMANDS.map((c) => cli(c.argv, { MQTT_WHY_KB_DIR: missing }, { stdin: c.stdin })),
    );
    KB_COMMANDS.forEach(({ name }, i) => {
      expectMessage(
        results[i]!,
        {
          ...kbFailure(name),
          cause: new RegExp(`${missing}.* does not exist`),
          fix: /point MQTT_WHY_KB_DIR \(or --kb\) at a KB directory, e\.g\. MQTT_WHY_KB_DIR=\.\/kb/,
        },
        name,
      );
      if (name !== 'kb lint')
        expect(results[i]!.stderr).toContain(`knowledge base in ${missing} (MQTT_WHY_KB_DIR)`);
    });
  });

  it('every command names an unreadable entry file and how to make it readable', async () => {
    const results = await Promise.all(
      KB_COMMANDS.map((c) =>
        cli(c.argv, { MQTT_WHY_KB_DIR: unreadableKb }, { stdin: c.stdin, asOtherUser: true }),
      ),
    );
    KB_COMMANDS.forEach(({ name }, i) =>
      expectMessage(
        results[i]!,
        {
          ...kbFailure(name),
          cause: /permission denied reading .*t\/not-authorized\.md \(EACCES\)/,
          fix: /make it readable by the user running mqtt-why \(e\.g\. chmod a\+r .*not-authorized\.md\)/,
        },
        name,
      ),
    );
  });

  it('says where an empty KB directory should hold its entries', async () => {
    const empty = file('empty-kb');
    await fs.mkdir(empty, { recursive: true });
    const r = await cli(['kb', 'list'], { MQTT_WHY_KB_DIR: empty });
    expectMessage(r, {
      code: 2,
      cause: /no entries found/,
      fix: /empty-kb\/<domain>\/<name>\.md \(kb\/README\.md/,
    });
  });
});

describe('mqtt-why with a brokers file it cannot use', () => {
  const BROKER_COMMANDS = [
    { name: 'probe', argv: ['probe', 'plant-a'] },
    { name: 'health --once', argv: ['health', '--once'] },
  ];
  const EXAMPLE =
    /A brokers\.yml looks like this.*\n\s+brokers:\n\s+- name: plant-a\n\s+url: mqtts?:\/\//;
  /** probe and health --once, both given `env`, both held to `want`. */
  async function both(
    env: Record<string, string>,
    want: Omit<Expected, 'code'>,
    asOtherUser = false,
  ): Promise<CliOutcome[]> {
    const results = await Promise.all(
      BROKER_COMMANDS.map((c) => cli(c.argv, env, { asOtherUser })),
    );
    BROKER_COMMANDS.forEach(({ name }, i) =>
      expectMessage(results[i]!, { code: 2, ...want }, name),
    );
    return results;
  }

  it('probe and health --once name a missing BROKERS_FILE and show a brokers.yml', async () => {
    const results = await both(
      { BROKERS_FILE: file('nope.yml') },
      {
        cause:
          /cannot read the brokers file .*nope\.yml \(BROKERS_FILE\): .*nope\.yml does not exist/,
        fix: /create it \(copy brokers\.example\.yml\) or point BROKERS_FILE at your brokers\.yml/,
      },
    );
    for (const r of results) expect(r.stderr).toMatch(EXAMPLE);
  });

  it('probe and health --once name the line of a brokers file that is not YAML', async () => {
    await both(
      { BROKERS_FILE: file('bad-syntax.yml') },
      { cause: /bad-syntax\.yml:\d+: .*(Flow sequence|flow collection)/i, fix: EXAMPLE },
    );
  });

  it('probe and health --once name every bad key with its line', async () => {
    const results = await both(
      { BROKERS_FILE: file('bad-content.yml') },
      {
        cause: /bad-content\.yml:3: "htp:\/\/x" is not a broker URL/,
        fix: /expected mqtt:\/\/host:1883/,
      },
    );
    for (const r of results)
      expect(r.stderr).toMatch(
        /bad-content\.yml:5: health\.every "soon" is not a duration .* such as 30s or 5m/,
      );
  });

  it('probe and health --once name an unreadable brokers file and how to make it readable', async () => {
    await both(
      { BROKERS_FILE: file('unreadable.yml') },
      {
        cause:
          /unreadable\.yml \(BROKERS_FILE\): permission denied reading .*unreadable\.yml \(EACCES\)/,
        fix: /chmod a\+r .*unreadable\.yml/,
      },
      true,
    );
  });

  it('--brokers naming a directory says so, and names --brokers', async () => {
    const r = await cli(['health', '--once', '--brokers', file('a-directory.yml')]);
    expectMessage(r, {
      code: 2,
      cause: /a-directory\.yml \(--brokers\): .*a-directory\.yml is a directory, not a file/,
      fix: /give the path of the file itself/,
    });
  });

  it('health --once without a brokers file says which file it looked for and how to add a check', async () => {
    const r = await cli(['health', '--once']);
    expectMessage(r, {
      code: 2,
      cause: new RegExp(`no brokers file: ${file('brokers.yml')} does not exist`),
      fix: /Give a broker a health block:\n\s+brokers:\n\s+- name: plant-a\n.*\n\s+health:\n\s+every: 60s/,
    });
  });

  it('health --once with brokers but no health block names the file and shows the block', async () => {
    const r = await cli(['health', '--once'], { BROKERS_FILE: file('plant-a.yml') });
    expectMessage(r, {
      code: 2,
      cause: new RegExp(`none of the 1 broker\\(s\\) in ${file('plant-a.yml')} has a health block`),
      fix: /health:\n\s+every: 60s/,
    });
  });

  it('probe of an unknown name says which file was read and what else to give', async () => {
    const r = await cli(['probe', 'plant-b'], { BROKERS_FILE: file('plant-a.yml') });
    expectMessage(r, {
      code: 2,
      cause: /no broker named "plant-b" \(configured: plant-a\) in .*plant-a\.yml/,
      fix: /a URL such as mqtt:\/\/plant-b:1883/,
    });
    // host:port typed as a name: the URL offered has its port once.
    const hostPort = await cli(['probe', '127.0.0.1:1884']);
    expect(hostPort.stderr).toMatch(/a URL such as mqtt:\/\/127\.0\.0\.1:1884$/m);
    const colon = await cli(['probe', 'localhost:']);
    expect(colon.stderr).toMatch(/a URL such as mqtt:\/\/localhost:1883$/m);
    const none = await cli(['probe', 'plant-b']);
    expectMessage(none, {
      code: 2,
      cause: /no broker named "plant-b": .*brokers\.yml does not exist/,
      fix: /set BROKERS_FILE or --brokers/,
    });
  });
});

describe('mqtt-why <log file>', () => {
  it('names a log file it cannot read and how to make it readable, exit 2, never "a bug"', async () => {
    await fs.writeFile(
      file('root-only.log'),
      '1700000002: Client x disconnected, not authorised.\n',
    );
    await fs.chmod(file('root-only.log'), 0o600);
    const r = await cli([file('root-only.log')], {}, { asOtherUser: true });
    expectMessage(r, {
      code: 2,
      cause: /cannot read .*root-only\.log: permission denied reading .*root-only\.log \(EACCES\)/,
      fix: /make it readable by the user running mqtt-why \(e\.g\. chmod a\+r /,
    });
    expect(r.stderr).not.toMatch(/bug/i);
  });
});

describe('mqtt-why probe with an unset password variable', () => {
  it('says which variable to export or which broker to remove, and shows no example file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-why-secret-'));
    try {
      const yml = path.join(dir, 'brokers.yml');
      await fs.writeFile(
        yml,
        'brokers:\n  - name: plant-a\n    url: mqtt://127.0.0.1:1883\n    username: u\n    password_env: MQTT_WHY_UNSET_SECRET\n',
      );
      const r = await cli(['probe', 'plant-a'], { BROKERS_FILE: yml });
      expectMessage(r, {
        code: 2,
        cause: /password_env names MQTT_WHY_UNSET_SECRET, which is not set in the environment/,
        fix: /export MQTT_WHY_UNSET_SECRET=<the password>, or remove broker plant-a/,
      });
      expect(r.stderr).not.toMatch(/looks like this/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('mqtt-why feedback export without a usable Redis', () => {
  it('names the address it tried, the refusal and what to do, never the password', async () => {
    const r = await cli(['feedback', 'export'], { REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });
    expectMessage(r, {
      code: 2,
      cause:
        /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\): connection refused \(ECONNREFUSED\)/,
      fix: /start Redis there .* or set REDIS_URL to the server you run, e\.g\. REDIS_URL=redis:\/\//,
    });
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr).not.toMatch(/Stream isn't writeable/);
  });

  it('names a wrong REDIS_URL, masked, and the shape it must have', async () => {
    const cases: [string, RegExp, RegExp][] = [
      [
        'redis://',
        /REDIS_URL="redis:\/\/" names no host/,
        /e\.g\. REDIS_URL=redis:\/\/127\.0\.0\.1:6379/,
      ],
      [
        'http://x',
        /REDIS_URL="http:\/\/x" is not a Redis URL/,
        /must look like redis:\/\/host:6379/,
      ],
      [
        'http://u:hunter2@x',
        /REDIS_URL="http:\/\/\*\*\*\*@x" is not a Redis URL/,
        /must look like redis:\/\/host:6379/,
      ],
    ];
    const results = await Promise.all(
      cases.map(([url]) => cli(['feedback', 'export'], { REDIS_URL: url })),
    );
    cases.forEach(([url, cause, fix], i) => {
      expectMessage(results[i]!, { code: 2, cause, fix }, url);
      expect(results[i]!.stderr).not.toContain('hunter2');
    });
  });

  it('says where it looked when there is nothing to export', async () => {
    const r = await cli(['feedback', 'export'], { REDIS_PREFIX: `empty-${process.pid}:` });
    expectMessage(r, {
      code: 1,
      cause: new RegExp(
        `0 labelled examples under REDIS_PREFIX "empty-${process.pid}:" at redis://`,
      ),
      fix: /"Wrong entry\?" button in Slack; if the bot runs with another REDIS_URL or REDIS_PREFIX/,
    });
  });

  it('leaves the commands that need no Redis answering', async () => {
    for (const argv of [['0x87'], ['kb', 'list']]) {
      const r = await cli(argv, { REDIS_URL: 'redis://127.0.0.1:1' });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    }
  });
});

describe('mqtt-why usage errors', () => {
  /** What was wrong, the command line, and what the message must say. */
  const USAGE: [string, string[], RegExp, RegExp][] = [
    [
      'an unknown option',
      ['--frobnicate'],
      /unknown option --frobnicate/,
      /--help lists every option/,
    ],
    [
      'a misspelt option',
      ['--jsno', '0x87'],
      /unknown option --jsno: did you mean --json\?/,
      /e\.g\. mqtt-why --json "CONNACK 134"/,
    ],
    [
      '--jsonl without match',
      ['--jsonl', '0x87'],
      /--jsonl belongs to match/,
      /mqtt-why match --jsonl < cases\.jsonl/,
    ],
    [
      '--full on a probe',
      ['probe', 'mqtt://127.0.0.1:1', '--full'],
      /--full is for answers/,
      /--json gives its details/,
    ],
    [
      'a misspelt --full',
      ['--ful', '0x87'],
      /did you mean --full\?/,
      /e\.g\. mqtt-why --full 0x87/,
    ],
    [
      'a misspelt --delivery',
      ['probe', 'lab', '--delivry'],
      /did you mean --delivery\?/,
      /e\.g\. mqtt-why probe mqtt:\/\/broker:1883 --delivery/,
    ],
    [
      'text that starts with -',
      ['-ECONNREFUSED'],
      /unknown option -ECONNREFUSED/,
      /put -- before it: mqtt-why -- -ECONNREFUSED/,
    ],
    [
      'a switch given a value',
      ['--json=yes', '0x87'],
      /--json takes no value/,
      /write --json alone/,
    ],
    [
      'a missing argument',
      ['probe', 'mqtt://127.0.0.1:1', '--protocol'],
      /--protocol needs a value/,
      /e\.g\. mqtt-why probe mqtt:\/\/broker:1883 --protocol 5 \(3\.1\.1, 5 or auto\)/,
    ],
    [
      'a bad --protocol',
      ['probe', 'mqtt://127.0.0.1:1', '--protocol', '4'],
      /--protocol "4" is not an MQTT version/,
      /use 3\.1\.1, 5 or auto, e\.g\. .*--protocol 5/,
    ],
    [
      'a --timeout in seconds without its unit',
      ['probe', 'mqtt://127.0.0.1:1', '--timeout', '2'],
      /--timeout "2" is not a duration of at least 100 ms \(a bare number is milliseconds/,
      /2 seconds is --timeout 2s/,
    ],
    [
      'a bad --timeout',
      ['probe', 'mqtt://127.0.0.1:1', '--timeout', 'soon'],
      /--timeout "soon" is not a duration/,
      /e\.g\. --timeout 5s/,
    ],
    [
      'a missing --ca file',
      ['probe', 'mqtts://127.0.0.1:1', '--ca', '/nonexistent/ca.pem'],
      /--ca: \/nonexistent\/ca\.pem does not exist/,
      /check the path/,
    ],
    [
      'an unset --password-env',
      ['probe', 'mqtt://127.0.0.1:1', '--password-env', 'NO_SUCH_PW_VAR'],
      /--password-env names NO_SUCH_PW_VAR, which is not set/,
      /export NO_SUCH_PW_VAR=<the password> first/,
    ],
    [
      'probe without a target',
      ['probe'],
      /probe what\?/,
      /e\.g\. mqtt-why probe mqtt:\/\/127\.0\.0\.1:1883 or mqtt-why probe plant-a/,
    ],
    [
      'a bad broker URL',
      ['probe', 'foo://x'],
      /"foo:\/\/x" is not a broker URL/,
      /expected mqtt:\/\/host:1883/,
    ],
    ['show without an id', ['show'], /Which entry\?/, /mqtt-why show <id> .*kb list shows the ids/],
    [
      'match without --jsonl',
      ['match'],
      /match reads JSON lines/,
      /mqtt-why match --jsonl < cases\.jsonl/,
    ],
    [
      'an unknown kb command',
      ['kb', 'frob'],
      /"kb frob" is not a command/,
      /use mqtt-why kb list .* or mqtt-why kb lint/,
    ],
    ['kb alone', ['kb'], /kb needs a subcommand/, /use mqtt-why kb list/],
    [
      'health without --once',
      ['health'],
      /mqtt-why health needs --once/,
      /mqtt-why health --once runs every configured health check/,
    ],
  ];

  it('each names the option or word, exits 2 and shows a command line to use', async () => {
    const results = await Promise.all(USAGE.map(([, argv]) => cli(argv)));
    USAGE.forEach(([what, , cause, fix], i) =>
      expectMessage(results[i]!, { code: 2, cause, fix }, what),
    );
  });

  it('show of an id that is not there exits 1 and says where the ids are', async () => {
    const r = await cli(['show', 'nope']);
    expectMessage(r, { code: 1, cause: /No entry "nope"/, fix: /mqtt-why kb list shows the ids/ });
  });
});

/** `npm start` (Slack HTTP mode, so it needs Redis) and `npm run worker`, as built. */
const APPS = [
  { name: 'npm start', script: BOT_JS },
  { name: 'npm run worker', script: WORKER_JS },
];
function appEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    PORT: '0',
    METRICS_PORT: '0',
    WORKER_PORT: undefined,
    LOG_LEVEL: 'info',
    MQTT_WHY_KB_DIR: kb,
    BROKERS_FILE: undefined,
    REDIS_URL,
    ...env,
  };
}

/** Starts both apps in `env` (to their refusal) and holds each to `want`. */
async function bothRefuse(
  env: Record<string, string>,
  want: Omit<Expected, 'code'>,
  asOtherUser = false,
): Promise<CliOutcome[]> {
  const results = await Promise.all(
    APPS.map((a) =>
      runNode(a.script, [], {
        cwd: dir,
        env: appEnv(env),
        ...(asOtherUser && OTHER_USER ? { user: OTHER_USER } : {}),
      }),
    ),
  );
  APPS.forEach(({ name }, i) => expectMessage(results[i]!, { code: 2, ...want }, name));
  return results;
}

describe('npm start and npm run worker in a broken environment', () => {
  it('without Redis keep running and log the address, the refusal and the fix', async () => {
    const results = await Promise.all(
      APPS.map((a) =>
        runNodeUntil(a.script, /cannot reach Redis/, {
          cwd: dir,
          env: appEnv({ REDIS_URL: 'redis://:hunter2@127.0.0.1:1' }),
        }),
      ),
    );
    APPS.forEach(({ name }, i) => {
      const r = results[i]!;
      const line = r.stdout.split('\n').find((l) => l.includes('cannot reach Redis'));
      const log = JSON.parse(line ?? '{}') as { msg?: string; redis?: string; fix?: string };
      expect({ name, ...log }).toEqual({
        name,
        ...log,
        redis: 'redis://127.0.0.1:1',
        msg: expect.stringMatching(
          /^cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\): connection refused \(ECONNREFUSED\)/,
        ),
        fix: expect.stringMatching(/start Redis there .* or set REDIS_URL/),
      });
      expect(r.stdout + r.stderr).not.toContain('hunter2');
    });
  });

  it('refuse REDIS_URL=redis:// naming the variable and an example', async () => {
    await bothRefuse(
      { REDIS_URL: 'redis://' },
      {
        cause: /cannot start, fix these settings:\n\s+- REDIS_URL="redis:\/\/" names no host/,
        fix: /e\.g\. REDIS_URL=redis:\/\/127\.0\.0\.1:6379/,
      },
    );
  });

  it('refuse REDIS_URL=http://x naming the variable and the shape it must have', async () => {
    await bothRefuse(
      { REDIS_URL: 'http://x' },
      {
        cause: /REDIS_URL="http:\/\/x" is not a Redis URL/,
        fix: /it must look like redis:\/\/host:6379/,
      },
    );
  });

  it('refuse a missing BROKERS_FILE naming the file and how to fix it', async () => {
    const results = await bothRefuse(
      { BROKERS_FILE: file('nope.yml') },
      {
        cause:
          /cannot start, the brokers file .*nope\.yml does not load:\n.*nope\.yml does not exist/,
        fix: /create it \(copy brokers\.example\.yml\) or point BROKERS_FILE at your brokers\.yml/,
      },
    );
    for (const r of results) expect(r.stderr).toMatch(/A brokers\.yml looks like this/);
  });

  it('refuse an invalid BROKERS_FILE naming the line and showing a brokers.yml', async () => {
    await bothRefuse(
      { BROKERS_FILE: file('bad-content.yml') },
      {
        cause: /bad-content\.yml:3: "htp:\/\/x" is not a broker URL/,
        fix: /A brokers\.yml looks like this/,
      },
    );
  });

  it('refuse an unreadable BROKERS_FILE with how to make it readable', async () => {
    await bothRefuse(
      { BROKERS_FILE: file('unreadable.yml') },
      { cause: /permission denied reading .*unreadable\.yml \(EACCES\)/, fix: /chmod a\+r/ },
      true,
    );
  });

  it('refuse a missing KB directory naming MQTT_WHY_KB_DIR', async () => {
    await bothRefuse(
      { MQTT_WHY_KB_DIR: file('no-kb-here') },
      {
        cause:
          /the knowledge base in .*no-kb-here \(MQTT_WHY_KB_DIR\) does not load:\n.*no-kb-here does not exist/,
        fix: /point MQTT_WHY_KB_DIR \(or --kb\) at a KB directory/,
      },
    );
  });

  it('refuse an unreadable KB entry naming the file', async () => {
    await bothRefuse(
      { MQTT_WHY_KB_DIR: unreadableKb },
      {
        cause: /not-authorized\.md:0: error: cannot read this entry: permission denied/,
        fix: /chmod a\+r/,
      },
      true,
    );
  });
});
