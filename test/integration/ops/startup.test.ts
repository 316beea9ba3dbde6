import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import path from 'path';
import { tempKb } from '../../helpers/cli-run';
import { entryText } from '../../helpers/entry-text';

const BOT_JS = path.join(__dirname, '../../../dist/src/apps/bot.js');

function runBot(
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BOT_JS], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('npm start', () => {
  it('refuses to start on a broken KB, naming file and line, before touching Slack', async () => {
    const kb = await tempKb({
      'c/a.md': entryText({ id: 'c/a' }).replace(
        '- **Verification:** ai_generated',
        '- **Verification:** vibes',
      ),
    });
    try {
      const r = await runBot({
        MQTT_WHY_KB_DIR: kb,
        SLACK_BOT_TOKEN: 'xoxb-x',
        SLACK_SIGNING_SECRET: 's',
        PORT: '0',
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /the knowledge base in .* \(MQTT_WHY_KB_DIR\) does not load:\n.*c\/a\.md:7: error: Verification "vibes"/,
      );
      expect(r.stdout).not.toMatch(/HTTP mode/);
    } finally {
      await fs.rm(kb, { recursive: true, force: true });
    }
  });

  it('names every bad setting at once and never echoes a token', async () => {
    const r = await runBot({
      SLACK_BOT_TOKEN: 'xoxp-secret-user-token',
      SLACK_SIGNING_SECRET: 's',
      PORT: 'x',
      ANSWER_VISIBILITY: 'loud',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SLACK_BOT_TOKEN must be a bot token/);
    expect(r.stderr).toMatch(/PORT="x"/);
    expect(r.stderr).toMatch(/ANSWER_VISIBILITY="loud"/);
    expect(r.stderr).not.toContain('secret-user-token');
  });

  it('runs the console on embedded defaults: no Slack variables, no Redis', async () => {
    const r = await runBot({ REDIS_URL: 'redis://127.0.0.1:1', PORT: '0' }, '/mqtt-why 0x87\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/console mode/);
    expect(r.stdout).toContain('communication/mqtt-connack-not-authorized');
  });
});
