import { readBotConfig, readWorkerConfig } from '../../../src/config';

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

  it('reads HEALTH_HISTORY_LENGTH (1,000 by default, at least the 60 checks the overview reads)', () => {
    const def = readBotConfig({});
    expect(def.ok && def.config.healthHistoryLength).toBe(1000);
    const set = readBotConfig({ HEALTH_HISTORY_LENGTH: '5000' });
    expect(set.ok && set.config.healthHistoryLength).toBe(5000);
    const worker = readWorkerConfig({ HEALTH_HISTORY_LENGTH: '5000' });
    expect(worker.ok && worker.config.healthHistoryLength).toBe(5000);
    const low = readBotConfig({ HEALTH_HISTORY_LENGTH: '10' });
    expect(low.ok ? [] : low.problems).toEqual([expect.stringMatching(/HEALTH_HISTORY_LENGTH/)]);
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

  it('gives the console the web UI on PORT, and reads WEB_TOKEN, WEB_URL and CONSOLE', () => {
    expect(readBotConfig({})).toMatchObject({
      config: { mode: { kind: 'console', port: 3000 }, web: { token: null, publicUrl: null } },
    });
    expect(
      readBotConfig({
        PORT: '8080',
        WEB_TOKEN: 'sixteen-chars-ok',
        WEB_URL: 'https://why.example.com/',
        CONSOLE: 'off',
      }),
    ).toMatchObject({
      config: {
        mode: { kind: 'console', port: 8080 },
        web: { token: 'sixteen-chars-ok', publicUrl: 'https://why.example.com' },
        consoleInput: false,
      },
    });
    const bad = readBotConfig({
      WEB_TOKEN: 'short',
      WEB_URL: 'https://alice:secret@why.example.com',
      CONSOLE: 'maybe',
    });
    expect(bad.ok).toBe(false);
    const problems = bad.ok ? [] : bad.problems.join('\n');
    expect(problems).toContain('WEB_TOKEN must be at least 16 characters');
    expect(problems).toContain('WEB_URL=');
    expect(problems).not.toContain('secret');
    expect(problems).toContain('CONSOLE="maybe"');
  });

  it('binds the console to loopback and the Slack modes to every address, unless HOST says', () => {
    expect(readBotConfig({})).toMatchObject({ config: { web: { host: '127.0.0.1' } } });
    expect(
      readBotConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'signing-secret' }),
    ).toMatchObject({ config: { web: { host: '0.0.0.0' } } });
    expect(readBotConfig({ HOST: '0.0.0.0' })).toMatchObject({
      config: { web: { host: '0.0.0.0' } },
    });
    const bad = readBotConfig({ HOST: 'a b' });
    expect(bad.ok ? [] : bad.problems.join('\n')).toContain('HOST="a b"');
  });
});

describe('readWorkerConfig', () => {
  it('starts without Slack (results recorded, alerts logged) and with it', () => {
    expect(readWorkerConfig({})).toMatchObject({ ok: true, config: { botToken: null } });
    expect(
      readWorkerConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }),
    ).toMatchObject({ ok: true, config: { botToken: 'xoxb-1' } });
  });
});
