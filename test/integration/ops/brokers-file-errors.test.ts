/**
 * Issue 15: a brokers file the CLI cannot use (missing, not YAML, bad keys, unreadable, a
 * directory, no health block, an unknown broker name, an unset password variable). probe and
 * health --once run as built; each message must name the cause and a fix.
 */
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { CliOutcome } from '../../helpers/cli-run';
import { Expected, brokenEnvironment, expectMessage } from '../../helpers/broken-environment';

const { cli, file } = brokenEnvironment();

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
