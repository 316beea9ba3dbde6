import { readBotConfig } from '../../../src/config';

describe('readBotConfig', () => {
  it('runs the console when no Slack variable is set', () => {
    const r = readBotConfig({});
    expect(r).toMatchObject({
      ok: true,
      config: {
        mode: { kind: 'console' },
        redisUrl: 'redis://127.0.0.1:6379',
        answerVisibility: 'channel',
      },
    });
  });

  it('picks Socket Mode with an app token and HTTP mode with a signing secret', () => {
    expect(readBotConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({
      ok: true,
      config: { mode: { kind: 'socket' } },
    });
    expect(
      readBotConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' }),
    ).toMatchObject({
      ok: true,
      config: { mode: { kind: 'http', port: 8080 } },
    });
    expect(readBotConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toMatchObject({
      config: { mode: { port: 3000 } },
    });
  });

  it('lists every bad variable at once, with what it should look like', () => {
    const r = readBotConfig({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_SIGNING_SECRET: 's',
      PORT: 'eighty',
      REDIS_URL: 'localhost:6379',
      ANSWER_VISIBILITY: 'loud',
      SLACK_API_URL: 'ftp://x',
    });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems.join('\n');
    for (const name of [
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      'PORT="eighty"',
      'is not a Redis URL: it must look like',
      'ANSWER_VISIBILITY="loud"',
      'SLACK_API_URL="ftp://x"',
    ])
      expect(problems).toContain(name);
  });

  it('names what is missing when only half a mode is configured', () => {
    const half = readBotConfig({ SLACK_APP_TOKEN: 'xapp-1' });
    expect(half.ok ? '' : half.problems.join()).toMatch(/SLACK_BOT_TOKEN is missing/);
    const alone = readBotConfig({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(alone.ok ? '' : alone.problems.join()).toMatch(/SLACK_BOT_TOKEN is set alone/);
  });

  it('never repeats a token in a problem', () => {
    const r = readBotConfig({
      SLACK_BOT_TOKEN: 'xoxp-very-secret',
      SLACK_APP_TOKEN: 'xoxb-also-secret',
    });
    expect(r.ok ? '' : r.problems.join()).not.toMatch(/very-secret|also-secret/);
  });

  it('adds the trailing slash Bolt needs to SLACK_API_URL', () => {
    expect(readBotConfig({ SLACK_API_URL: 'http://127.0.0.1:4000/api' })).toMatchObject({
      config: { slackApiUrl: 'http://127.0.0.1:4000/api/' },
    });
  });
});
