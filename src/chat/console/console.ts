/**
 * Console mode: the bot's message path in a terminal, like Hubot's shell adapter. Type
 * `/mqtt-why 0x02`, or paste log lines (a blank line or a short pause ends a paste) and see the
 * answer the channel would get — or that it would stay quiet.
 */
import readline from 'readline';
import { Readable, Writable } from 'stream';
import { HELP_TEXT, parseCommand } from '../../core/command';
import { Triage } from '../../core/triage';
import { abstainExplanation } from '../../render/answer-parts';
import { renderAnswer, renderEntry } from '../../render/text';

export interface ConsoleIo {
  input: Readable;
  output: Writable;
  colour: boolean;
  /** Idle time that ends a paste, in ms. */
  pasteIdleMs?: number;
}

const plain = (mrkdwn: string) => mrkdwn.replace(/\*([^*]+)\*/g, '$1').replace(/`/g, '');

export async function runConsole(triage: Triage, io: ConsoleIo): Promise<void> {
  const say = (s: string): void => void io.output.write(s.endsWith('\n') ? s : `${s}\n`);
  const style = { colour: io.colour };
  say(
    'mqtt-why console: type /mqtt-why 0x02, or paste log lines (end with a blank line). Ctrl-D quits.',
  );

  const answerCommand = (line: string): void => {
    const cmd = parseCommand(line.replace(/^\/mqtt-why\b/, ''));
    switch (cmd.kind) {
      case 'help':
        return say(plain(HELP_TEXT));
      case 'watch':
        return say(
          'Watching is a per-channel switch in Slack; the console always reads what you paste.',
        );
      case 'show': {
        const entry = triage.find(cmd.id);
        return say(entry ? renderEntry(entry, style) : `No entry "${cmd.id}". Try /mqtt-why help.`);
      }
      case 'probe':
      case 'status':
        return say('Probes are not set up in console mode yet.');
      case 'triage':
        return say(renderAnswer(triage.triage(cmd.text), style));
    }
  };
  const answerPaste = (text: string): void => {
    const answer = triage.triage(text);
    if (answer.abstain)
      say(`(mqtt-why stays quiet in a channel here: ${abstainExplanation(answer)})`);
    else say(renderAnswer(answer, style));
  };

  let paste: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (paste.length === 0) return;
    const text = paste.join('\n');
    paste = [];
    answerPaste(text);
  };

  const lines = readline.createInterface({ input: io.input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    if (paste.length === 0 && /^\/mqtt-why\b/.test(line.trim())) {
      answerCommand(line.trim());
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    paste.push(line);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, io.pasteIdleMs ?? 300);
  }
  flush();
}
