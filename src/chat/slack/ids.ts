/** Names Slack knows the app by; slack/manifest.yml must agree (a test checks). */
import type { ProbeRequestTarget } from '../../probe/gateway';

export const COMMAND = '/mqtt-why';

export const ACTIONS = {
  runProbe: 'run_probe',
  fullEntry: 'full_entry',
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
export const EVENTS = { mention: 'app_mention', message: 'message' } as const;
export const LISTENED_EVENTS = Object.values(EVENTS);

/** Bot scopes the listeners need: answers, commands, reading pasted logs, files and threads, chart images. */
export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'chat:write',
  'commands',
  'files:read',
  'files:write',
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

const ANSWER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ENTRY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Reads a button value back. Slack returns what we sent, but a forged request can send anything:
 * only an answer id of the shape we mint and an entry id of the KB's shape get through (callers
 * then check the entry exists), so forged values create no metric series or keys of their own.
 */
export function decodeButton(raw: unknown): ButtonValue | null {
  if (typeof raw !== 'string' || raw.length > 300) return null;
  try {
    const v = JSON.parse(raw) as Partial<ButtonValue>;
    return typeof v.a === 'string' &&
      typeof v.e === 'string' &&
      ANSWER_ID.test(v.a) &&
      ENTRY_ID.test(v.e)
      ? { a: v.a, e: v.e }
      : null;
  } catch {
    return null;
  }
}

/** What a probe button carries: the broker (or URL) to probe, the card it relates to, the thread. */
export interface ProbeButtonValue {
  target: ProbeRequestTarget;
  cardEntryId: string | null;
  threadTs: string | null;
}

/** The one encoding of probe buttons (Run probe picks, Re-probe, a DOWN alert's Run probe now). */
export function encodeProbeButton(v: ProbeButtonValue): string {
  return JSON.stringify({
    ...('broker' in v.target ? { b: v.target.broker } : { u: v.target.url }),
    c: v.cardEntryId,
    ...(v.threadTs ? { t: v.threadTs } : {}),
  });
}

/** Reads a probe button back; a forged or malformed value reads as null. */
export function decodeProbeButton(raw: unknown): ProbeButtonValue | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null;
  try {
    const v = JSON.parse(raw) as { b?: unknown; u?: unknown; c?: unknown; t?: unknown };
    const cardEntryId = typeof v.c === 'string' && ENTRY_ID.test(v.c) ? v.c : null;
    const threadTs = typeof v.t === 'string' && /^\d+\.\d+$/.test(v.t) ? v.t : null;
    if (typeof v.b === 'string' && v.b) return { target: { broker: v.b }, cardEntryId, threadTs };
    if (typeof v.u === 'string' && v.u) return { target: { url: v.u }, cardEntryId, threadTs };
    return null;
  } catch {
    return null;
  }
}
