import { PassThrough } from 'stream';
import { ConsoleServices, runConsole } from '../../../../src/chat/console/console';
import { Triage } from '../../../../src/core/triage';
import { smallKb } from '../../../helpers/small-kb';

async function chat(lines: string, services: ConsoleServices = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  const out: string[] = [];
  output.on('data', (c: Buffer) => out.push(c.toString()));
  const done = runConsole(
    new Triage(smallKb()),
    { input, output, colour: false, pasteIdleMs: 20 },
    services,
  );
  input.end(lines);
  await done;
  return out.join('');
}

describe('console mode', () => {
  it('answers /mqtt-why commands like the slash command', async () => {
    const out = await chat('/mqtt-why 0x87\n/mqtt-why help\n/mqtt-why show bad-credentials\n');
    expect(out).toContain('t/not-authorized');
    expect(out).toContain('/mqtt-why 0x87 — explain a reason code');
    expect(out).toContain('Title of t/bad-credentials');
  });

  it('answers a pasted log, and says when a channel would get silence', async () => {
    const out = await chat(
      '1700000001: New connection from 10.0.0.1 on port 1883.\n1700000002: Client a disconnected, not authorised.\n\nlunch anyone?\n',
    );
    expect(out).toContain('line 2: 1700000002: Client a disconnected, not authorised.');
    expect(out).toContain('(A listener in a Slack channel would stay quiet on this');
    expect(out).toContain('/mqtt-why <text>');
  });

  it('answers "help" with the help and another tool\'s command with a pointer', async () => {
    const out = await chat('help\n\n/foo bar\n\n');
    expect(out).toContain('/mqtt-why help');
    expect(out).toMatch(/\/foo is not a command here/);
    expect(out).not.toContain('would stay quiet');
    expect(await chat('?\n')).toEqual(await chat('/mqtt-why help\n'));
  });

  it('leads with the short card and points at the whole entry and its page', async () => {
    const out = await chat('/mqtt-why 0x87\n', { webUrl: 'http://localhost:3000' });
    expect(out).toContain('Try first');
    expect(out).not.toContain("Don't bother");
    expect(out).toContain(
      '/mqtt-why show t/not-authorized or http://localhost:3000/kb/t/not-authorized',
    );
  });

  it('hands probe and status to the app behind it, and says where the status page is', async () => {
    const asked: string[] = [];
    const out = await chat('/mqtt-why probe mqtt://10.0.0.7:1883\n/mqtt-why status plant\n', {
      probe: async (target) => (asked.push(target), `probe result for ${target}`),
      status: async (broker) => ({ ok: true, text: `${broker}: UP` }),
      webUrl: 'http://localhost:3000',
    });
    expect(asked).toEqual(['mqtt://10.0.0.7:1883']);
    expect(out).toContain('Probing mqtt://10.0.0.7:1883…\nprobe result for mqtt://10.0.0.7:1883');
    expect(out).toContain('plant: UP\nStatus page: http://localhost:3000/status/plant');
    const bare = await chat('/mqtt-why status\n');
    expect(bare).toContain('Broker status is not available in this console.');
  });

  it("says neither 'Probing…' before refusing an unknown name nor a status page that does not exist", async () => {
    const out = await chat(
      '/mqtt-why probe nosuch\n/mqtt-why status nosuch\n/mqtt-why probe plant\n',
      {
        probe: async (target) => `result for ${target}`,
        status: async (broker) => ({
          ok: false,
          message: `No broker named "${broker}" is configured. \`/mqtt-why probe <broker>\` tests one now.`,
        }),
        webUrl: 'http://localhost:3000',
        brokers: { all: ['plant'] },
      },
    );
    expect(out).not.toContain('Probing nosuch');
    expect(out).toContain('result for nosuch');
    expect(out).not.toContain('/status/nosuch');
    // Chat formatting is taken out for a terminal.
    expect(out).toContain('/mqtt-why probe <broker> tests one now.');
    expect(out).toContain('Probing plant…');
  });

  it('lists only what the console does in its help: no channels, mentions or watch', async () => {
    const out = await chat('/mqtt-why help\n');
    expect(out).toContain('end with a blank line');
    expect(out).not.toMatch(/in a channel I'm in|@mqtt-why|watch off/);
  });

  it('never prints the password of a broker URL it probes', async () => {
    const out = await chat('/mqtt-why probe mqtt://bob:pw1234secret@127.0.0.1:18999\n', {
      probe: async () => 'probe result',
    });
    expect(out).toContain('Probing mqtt://bob:****@127.0.0.1:18999…');
    expect(out).not.toContain('pw1234secret');
  });
});
