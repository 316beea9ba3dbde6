/**
 * Console mode: the bot's message path in a terminal, like Hubot's shell adapter. Type
 * `/mqtt-why 0x02`, or paste log lines (a blank line or a short pause ends a paste) and see the
 * answer the channel would get — or that it would stay quiet. Probes and status come from the
 * app behind it (`ConsoleServices`); this file only translates lines to and from them.
 */
import readline from 'readline';
import { Readable, Writable } from 'stream';
import { CONSOLE_HELP_TEXT, parseCommand } from '../../core/command';
import type { HealthStatus } from '../../alerts/status';
import { Triage } from '../../core/triage';
import { redactSecrets } from '../../common/redact';
import { abstainExplanation } from '../../render/answer-parts';
import { renderAnswer, renderEntry } from '../../render/text';
import { brokerPath, entryUrlFor } from '../../render/links';

/** What the app behind the console offers besides triage; each is optional. */
export interface ConsoleServices {
  /** Probes a configured broker by name or any URL; resolves the rendered result. */
  probe?: (target: string) => Promise<string>;
  /** Status lines of health-checked brokers (all, or one), or why there are none. */
  status?: (broker: string | null) => Promise<HealthStatus>;
  /** The web UI's address (no trailing slash), for links to entries and status pages. */
  webUrl?: string | null;
  /** Names of the configured brokers (a probe of another name is refused before it starts). */
  brokers?: { all: string[] };
}

export interface ConsoleIo {
  input: Readable;
  output: Writable;
  colour: boolean;
  /** Idle time that ends a paste, in ms. */
  pasteIdleMs?: number;
}

const plain = (mrkdwn: string) => mrkdwn.replace(/\*([^*]+)\*/g, '$1').replace(/`/g, '');

export async function runConsole(
  triage: Triage,
  io: ConsoleIo,
  services: ConsoleServices = {},
): Promise<void> {
  const say = (s: string): void => void io.output.write(s.endsWith('\n') ? s : `${s}\n`);
  const style = { colour: io.colour };
  const web = services.webUrl ?? null;
  const answerOptions = {
    showCommand: (id: string) => `/mqtt-why show ${id}`,
    entryUrl: entryUrlFor(web),
  };
  say(
    'mqtt-why console: type /mqtt-why 0x02, or paste log lines (end with a blank line). Ctrl-D quits.',
  );

  const answerCommand = async (line: string): Promise<void> => {
    const cmd = parseCommand(line.replace(/^\/mqtt-why\b/, ''));
    switch (cmd.kind) {
      case 'help':
        return say(
          `${plain(CONSOLE_HELP_TEXT)}\n• /mqtt-why probe <broker or any URL>, e.g. /mqtt-why probe mqtt://localhost:1883${web ? `\n• Web UI: ${web}/ (status at ${web}/status)` : ''}`,
        );
      case 'usage':
        return say(plain(cmd.text));
      case 'watch':
        return say(
          'Watching is a per-channel switch in Slack; the console always reads what you paste.',
        );
      case 'show': {
        const entry = triage.find(cmd.id);
        const url = entry ? answerOptions.entryUrl(entry.id) : null;
        return say(
          entry
            ? `${renderEntry(entry, style)}${url ? `\nOn the web: ${url}\n` : ''}`
            : `No entry "${cmd.id}". Try /mqtt-why help.`,
        );
      }
      case 'probe': {
        if (!services.probe) return say('Probes are not available in this console.');
        // Said before a probe that will run, not before a refusal of a name nobody configured.
        if (cmd.target.includes('://') || services.brokers?.all.includes(cmd.target) !== false)
          say(`Probing ${redactSecrets(cmd.target)}…`);
        return say(await services.probe(cmd.target));
      }
      case 'status': {
        if (!services.status) return say('Broker status is not available in this console.');
        const status = await services.status(cmd.broker);
        if (!status.ok) return say(plain(status.message));
        const page = web ? `${web}${cmd.broker ? brokerPath(cmd.broker) : '/status'}` : null;
        return say(`${status.text}${page ? `\nStatus page: ${page}` : ''}`);
      }
      case 'triage':
        return say(renderAnswer(triage.triage(cmd.text), style, answerOptions));
    }
  };
  const answerPaste = async (text: string): Promise<void> => {
    // What a newcomer types first: help for "help", a pointer for a command of another tool.
    const typed = text.trim();
    if (parseCommand(typed.replace(/^\//, '')).kind === 'help')
      return answerCommand('/mqtt-why help');
    if (/^\/[a-z][\w-]*(?:\s|$)/i.test(typed) && !typed.includes('\n'))
      return say(
        `${typed.split(/\s/)[0]} is not a command here: the console takes /mqtt-why <command> (/mqtt-why help lists them), or a paste.`,
      );
    const answer = triage.triage(text);
    if (answer.abstain)
      say(
        `(A listener in a Slack channel would stay quiet on this: ${abstainExplanation(answer)} To see the closest entries anyway: /mqtt-why <text>)`,
      );
    else say(renderAnswer(answer, style, answerOptions));
  };

  let paste: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  // Pastes are answered in order: each waits for the one before it.
  let answering: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (paste.length === 0) return answering;
    const text = paste.join('\n');
    paste = [];
    // A paste that fails to be answered is said so; the ones after it are still answered.
    answering = answering
      .then(() => answerPaste(text))
      .catch((err: unknown) =>
        say(
          `Could not answer that paste: ${redactSecrets(err instanceof Error ? err.message : String(err))}`,
        ),
      );
    return answering;
  };

  const lines = readline.createInterface({ input: io.input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    if (paste.length === 0 && /^\/mqtt-why\b/.test(line.trim())) {
      await answerCommand(line.trim());
      continue;
    }
    if (line.trim() === '') {
      await flush();
      continue;
    }
    paste.push(line);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), io.pasteIdleMs ?? 300);
  }
  await flush();
}
