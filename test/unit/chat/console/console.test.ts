import { PassThrough } from 'stream';
import { runConsole } from '../../../../src/chat/console/console';
import { Triage } from '../../../../src/core/triage';
import { smallKb } from '../../../helpers/small-kb';

async function chat(lines: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  const out: string[] = [];
  output.on('data', (c: Buffer) => out.push(c.toString()));
  const done = runConsole(new Triage(smallKb()), { input, output, colour: false, pasteIdleMs: 20 });
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
    expect(out).toContain('(mqtt-why stays quiet in a channel here');
  });
});
