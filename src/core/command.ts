/** What a `/mqtt-why ...` line asks for, the same in Slack and in the console. */

export type BotCommand =
  | { kind: 'help' }
  | { kind: 'watch'; on: boolean | null }
  | { kind: 'show'; id: string }
  | { kind: 'probe'; target: string }
  | { kind: 'status'; broker: string | null }
  | { kind: 'triage'; text: string }
  /** A command word without what it needs (`probe`, `show` alone): how to use it. */
  | { kind: 'usage'; text: string };

/** Reads what `/mqtt-why …` (or `@mqtt-why …`, or a console line) asks for; anything else is triage. */
export function parseCommand(raw: string): BotCommand {
  const text = raw.trim();
  if (text === '' || /^(help|-h|--help|\?)$/i.test(text)) return { kind: 'help' };
  const [word = '', ...rest] = text.split(/\s+/);
  const arg = rest.join(' ');
  switch (word.toLowerCase()) {
    case 'watch':
      if (arg === '') return { kind: 'watch', on: null };
      if (/^(on|off)$/i.test(arg)) return { kind: 'watch', on: arg.toLowerCase() === 'on' };
      break;
    case 'show':
      if (rest.length === 1) return { kind: 'show', id: arg };
      if (rest.length === 0)
        return {
          kind: 'usage',
          text: 'Which entry? `/mqtt-why show <id>`, e.g. `/mqtt-why show communication/mqtt-banned`.',
        };
      break;
    case 'probe':
      if (rest.length === 1) return { kind: 'probe', target: arg };
      if (rest.length === 0)
        return {
          kind: 'usage',
          text: 'Which broker? `/mqtt-why probe <name>` with a name from brokers.yml (`/mqtt-why status` lists the checked ones).',
        };
      break;
    case 'status':
      if (rest.length <= 1) return { kind: 'status', broker: arg || null };
      break;
  }
  return { kind: 'triage', text };
}

const HELP_INTRO = `*mqtt-why* tells you why MQTT clients can't connect, and what to do about it.

• \`/mqtt-why 0x87\` — explain a reason code (also \`rc=5\`, \`CONNACK 134\`, \`state -2\`)
• \`/mqtt-why Connection refused: not authorised\` — explain an error message`;

export const HELP_TEXT = `${HELP_INTRO}
• Paste broker or client logs in a channel I'm in: I answer in the thread when I recognise an MQTT problem
• \`@mqtt-why\` in a thread — triage the thread's first message; \`@mqtt-why probe <broker>\` (or any command below) answers in the thread
• \`/mqtt-why show <id>\` — a whole knowledge-base entry
• \`/mqtt-why watch off\` / \`watch on\` — stop or resume answering pasted logs in this channel
• \`/mqtt-why probe <broker>\` / \`status\` — test a configured broker / broker health`;

/** The console's: no channels, threads or mentions there. */
export const CONSOLE_HELP_TEXT = `${HELP_INTRO}
• Paste broker or client log lines and end with a blank line: the answer says whether a channel would get it
• \`/mqtt-why show <id>\` — a whole knowledge-base entry
• \`/mqtt-why status [broker]\` — the health of the brokers with health checks`;
