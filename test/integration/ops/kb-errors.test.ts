/**
 * Issue 15: a knowledge base the CLI cannot read (a missing KB directory, an unreadable entry, an
 * empty directory). Every command that reads the KB runs as built; each message must name the
 * cause and a fix.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { Expected, brokenEnvironment, expectMessage } from '../../helpers/broken-environment';

const broken = brokenEnvironment();
const { cli, file } = broken;

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
    const missing = path.join(broken.dir, 'no-kb-here');
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
        cli(
          c.argv,
          { MQTT_WHY_KB_DIR: broken.unreadableKb },
          { stdin: c.stdin, asOtherUser: true },
        ),
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
