/**
 * The broken environment the error-message tests (test/integration/ops/*-errors.test.ts, issue 15)
 * run the CLI and the apps in: a temp dir with broken brokers files, the small test KB and a copy
 * with an unreadable entry; and expectMessage, which holds a message to its cause and its fix.
 */
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { CliOutcome, SpawnOptions, runBin, tempKb } from './cli-run';
import { REDIS_URL } from './bot-harness';

export const BOT_JS = path.join(__dirname, '../../dist/src/apps/bot.js');
export const WORKER_JS = path.join(__dirname, '../../dist/src/apps/worker.js');

/** Root reads any file: the unreadable-file cases run as nobody then. */
export const OTHER_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

/** What a message must hold: the exit code, the cause, and the next step. */
export interface Expected {
  code: number;
  cause: RegExp;
  fix: RegExp;
  stream?: 'stderr' | 'stdout';
}

/** Checks a message; `label` (the command) shows in a failure's diff. */
export function expectMessage(r: CliOutcome, want: Expected, label = ''): void {
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

export interface BrokenEnvironment {
  /** The temp dir the commands run in (no ./brokers.yml there). */
  dir: string;
  /** The small test KB. */
  kb: string;
  /** The small test KB with t/not-authorized.md unreadable. */
  unreadableKb: string;
  /** A file in `dir`: plant-a.yml, bad-syntax.yml, bad-content.yml, unreadable.yml, a-directory.yml. */
  file(name: string): string;
  /** The CLI in `dir` (no ./brokers.yml there), with the test KB unless told otherwise. */
  cli(
    argv: string[],
    env?: Record<string, string | undefined>,
    run?: { stdin?: string; asOtherUser?: boolean },
  ): Promise<CliOutcome>;
  /** The environment `npm start` and `npm run worker` start in, with `env` over it. */
  appEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
}

/** Makes the broken environment before the file's tests and removes it after them. */
export function brokenEnvironment(): BrokenEnvironment {
  const broken: BrokenEnvironment = {
    dir: '',
    kb: '',
    unreadableKb: '',
    file: (name) => path.join(broken.dir, name),
    cli(argv, env = {}, run = {}) {
      const options: SpawnOptions = {
        cwd: broken.dir,
        env: { MQTT_WHY_KB_DIR: broken.kb, BROKERS_FILE: undefined, REDIS_URL, ...env },
        ...(run.asOtherUser && OTHER_USER ? { user: OTHER_USER } : {}),
      };
      return runBin(argv, run.stdin ?? '', options);
    },
    appEnv: (env) => ({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'test-signing-secret',
      SLACK_APP_TOKEN: undefined,
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: '0',
      METRICS_PORT: '0',
      WORKER_PORT: undefined,
      LOG_LEVEL: 'info',
      MQTT_WHY_KB_DIR: broken.kb,
      BROKERS_FILE: undefined,
      REDIS_URL,
      ...env,
    }),
  };
  const file = broken.file;

  beforeAll(async () => {
    broken.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-why-errors-'));
    broken.kb = await tempKb();
    broken.unreadableKb = await tempKb();
    // Readable to the other user, all but the files made unreadable below.
    for (const d of [broken.dir, broken.kb, broken.unreadableKb]) await fs.chmod(d, 0o755);
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
    await fs.chmod(path.join(broken.unreadableKb, 't/not-authorized.md'), 0o000);
  });

  afterAll(async () => {
    for (const d of [broken.dir, broken.kb, broken.unreadableKb])
      if (d) await fs.rm(d, { recursive: true, force: true });
  });

  return broken;
}
