/**
 * Issue 15: `npm start` and `npm run worker`, as built, in a broken environment (no Redis, a wrong
 * REDIS_URL, a missing, invalid or unreadable BROKERS_FILE, a missing KB directory, an unreadable
 * entry); each must name the cause and a fix.
 */
import { CliOutcome, runNode, runNodeUntil } from '../../helpers/cli-run';
import {
  BOT_JS,
  Expected,
  OTHER_USER,
  WORKER_JS,
  brokenEnvironment,
  expectMessage,
} from '../../helpers/broken-environment';

const broken = brokenEnvironment();
const { file, appEnv } = broken;

/** `npm start` (Slack HTTP mode, so it needs Redis) and `npm run worker`, as built. */
const APPS = [
  { name: 'npm start', script: BOT_JS },
  { name: 'npm run worker', script: WORKER_JS },
];
/** Starts both apps in `env` (to their refusal) and holds each to `want`. */
async function bothRefuse(
  env: Record<string, string>,
  want: Omit<Expected, 'code'>,
  asOtherUser = false,
): Promise<CliOutcome[]> {
  const results = await Promise.all(
    APPS.map((a) =>
      runNode(a.script, [], {
        cwd: broken.dir,
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
          cwd: broken.dir,
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
      { MQTT_WHY_KB_DIR: broken.unreadableKb },
      {
        cause: /not-authorized\.md:0: error: cannot read this entry: permission denied/,
        fix: /chmod a\+r/,
      },
      true,
    );
  });
});
