/**
 * Issue 15: mqtt-why feedback export without a usable Redis (none there, a wrong REDIS_URL,
 * nothing to export) names the address, the cause and a fix; the commands that need no Redis
 * still answer.
 */
import { brokenEnvironment, expectMessage } from '../../helpers/broken-environment';

const { cli } = brokenEnvironment();

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
