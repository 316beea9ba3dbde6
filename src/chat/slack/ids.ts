/** Names Slack knows the app by; slack/manifest.yml must agree (a test checks). */

export const COMMAND = '/mqtt-why';

export const ACTIONS = {
  runProbe: 'run_probe',
  helped: 'feedback_helped',
  notHelped: 'feedback_not_helped',
  otherMatches: 'other_matches',
  wrongEntry: 'wrong_entry',
  wrongEntryPick: 'wrong_entry_pick',
  runProbePick: 'run_probe_pick',
  reProbe: 're_probe',
} as const;

/** Bot events the app subscribes to (manifest names), and the event types the listeners handle. */
export const BOT_EVENTS = ['app_mention', 'message.channels', 'message.groups'] as const;
export const LISTENED_EVENTS = ['app_mention', 'message'] as const;

/** Bot scopes the listeners need: answers, commands, reading pasted logs, files and threads. */
export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'chat:write',
  'commands',
  'files:read',
] as const;

/** What a button carries: a reference to the stored answer, never text or secrets. */
export interface ButtonValue {
  /** Answer id (AnswerStore). */
  a: string;
  /** Entry id the button is about. */
  e: string;
}

export function encodeButton(v: ButtonValue): string {
  return JSON.stringify(v);
}

export function decodeButton(raw: unknown): ButtonValue | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null;
  try {
    const v = JSON.parse(raw) as Partial<ButtonValue>;
    return typeof v.a === 'string' &&
      typeof v.e === 'string' &&
      v.a.length <= 64 &&
      v.e.length <= 200
      ? { a: v.a, e: v.e }
      : null;
  } catch {
    return null;
  }
}
