/**
 * Reason names written out instead of a code: `SESSION_TAKEN_OVER` in an identifier, "Receive
 * maximum exceeded" next to a reason code, "session taken over" typed alone (also with a typo),
 * "not authorized" on a line about a subscribe. Each becomes a code mention for the code reading.
 */
import { REASON_CODES } from '../common/reason-codes';
import { editDistance } from '../common/edit-distance';
import type { CodeMention } from './codes';
import { aboutSubscribeOrPublish } from './context';
import { linesMatching } from './line-gates';
import { foldSpelling } from './normalise';

/**
 * Reason names as SDKs spell them (`SESSION_TAKEN_OVER`, `MqttConnectReturnCode.identifierRejected`,
 * `MQTTRefusedBadUserNameOrPassword`), from the spec's own names: "Session taken over" ->
 * "sessiontakenover". Long names are found inside longer identifiers; short ones ("banned") only
 * as a whole word on a line about MQTT.
 */
/** A reason's name as run-together letters: "Connection Refused, not authorized" -> "notauthorized". */
export const reasonKey = (meaning: string): string =>
  meaning
    .toLowerCase()
    .replace(/^connection refused, /, '')
    .replace(/authoris/g, 'authoriz')
    .replace(/[^a-z0-9]/g, '');

const REASON_NAMES = (() => {
  const names = new Map<string, Set<number>>();
  for (const r of REASON_CODES) {
    // v3 SUBACK's "Failure" is an everyday word, not a name anyone greps for.
    if (!r.error || r.meaning === 'Failure') continue;
    const key = reasonKey(r.meaning);
    names.set(key, (names.get(key) ?? new Set()).add(r.value));
  }
  return names;
})();
const LONG_NAME = 12;

// The words that turn a name into its opposite: an edit that adds or drops one ("now
// authorized", "topic name valid") is another statement, not a typo.
// Found in run-together keys ("topicnameinvalid"), and through a typo in the rest of the word.
const NEGATIONS = /not|in(?=v)|un(?=[a-z]{5})/g;
const negationsOf = (s: string): string => (s.match(NEGATIONS) ?? []).join(' ');

/**
 * The reason name a typed name is a typo of ("not authorsed", "sesion taken over"): the one name
 * within one edit (two where the name or the typed text has 12 letters or more), if exactly one
 * is that close and says the same about negation. Only for what someone typed alone, so the cost
 * (a hundred short comparisons) is paid once per ask.
 */
function nearestName(key: string): Iterable<number> {
  if (key.length < 8 || key.length > 48) return [];
  const negations = negationsOf(key);
  let best: Set<number> | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (const [name, values] of REASON_NAMES) {
    const allowed = Math.max(key.length, name.length) >= LONG_NAME ? 2 : 1;
    const d = editDistance(key, name, allowed);
    if (d > allowed || negationsOf(name) !== negations) continue;
    if (d < bestDistance) [best, bestDistance, tie] = [values, d, false];
    else if (d === bestDistance && values !== best) tie = true;
  }
  return best && !tie ? best : [];
}

// A line can hold a reason name only if it has one of the names' longest words (or a key, or an
// identifier's underscore): one fast alternation before the per-token work.
const NAME_HINT = new RegExp(
  [
    '_',
    'reason',
    'code',
    '\\brc\\b',
    ...new Set(
      REASON_CODES.filter((r) => r.error).map((r) =>
        r.meaning
          .toLowerCase()
          .replace('connection', '')
          .split(/[^a-z]+/)
          .reduce((a, b) => (b.length > a.length ? b : a)),
      ),
    ),
  ].join('|'),
);
const NAME_LINE_GATE = new RegExp(NAME_HINT.source, 'g');

/**
 * Per line of `whole`, whether `extractReasonNames` could find a name there when the line is
 * not all someone typed (see linesMatching).
 */
export const linesWithNameHints = (whole: string, lineCount: number): Uint8Array =>
  linesMatching(whole, NAME_LINE_GATE, lineCount);

// Multi-word names written out ("Receive maximum exceeded") next to a reason code.
const SPACED_NAMES = spacedNames();
const LONG_NAMES = [...REASON_NAMES.entries()].filter(([key]) => key.length >= LONG_NAME);

function spacedNames(): { spaced: string; values: number[] }[] {
  const out = new Map<string, Set<number>>();
  for (const r of REASON_CODES) {
    if (!r.error) continue;
    const spaced = r.meaning.toLowerCase().replace(/^connection refused, /, '');
    if (!spaced.includes(' ') || spaced.length < 12) continue;
    out.set(spaced, (out.get(spaced) ?? new Set()).add(r.value));
  }
  return [...out.entries()].map(([spaced, values]) => ({ spaced, values: [...values] }));
}

/**
 * Reason names in a line, appended to `found` (a line's other mentions, so a long paste makes
 * one list per line, not two). `typed` says the line is all someone typed (`/mqtt-why session taken
 * over`): then a name written out in words counts without a "reason code" next to it, in any
 * spelling (authorised/authorized, spaces, underscores or dashes).
 */
export function extractReasonNames(
  line: string,
  context: { inContext(): boolean },
  typed = false,
  found: CodeMention[] = [],
): CodeMention[] {
  const norm = typed ? line.replace(/authoris/g, 'authoriz').replace(/[_-]+/g, ' ') : line;
  // Names show up as identifiers (underscores, long run-together words) or after a key.
  if (!typed && !NAME_HINT.test(norm)) return found;
  if (typed) {
    // The whole line is the name: "server busy", "Banned", "QUOTA_EXCEEDED".
    const before = found.length;
    const key = norm
      .replace(/^(?:mqtt\s*5?\s*|reason\s*(?:code)?\s*)/, '')
      .replace(/[^a-z0-9]/g, '');
    const exact = REASON_NAMES.get(key);
    for (const value of exact ?? nearestName(key))
      found.push({
        value,
        written: norm.trim(),
        form: 'name',
        strong: true,
        ...(exact ? {} : { approximate: true as const }),
      });
    if (found.length > before) return found;
  }
  // On a line about a subscribe or a publish a written-out name is that packet's reason, but
  // only where the line is about MQTT: "the bank says the payment is not authorized" is not.
  if (
    typed ||
    /reason|\brc\b|\bcode\b|disconnect/.test(norm) ||
    (context.inContext() && aboutSubscribeOrPublish(norm))
  )
    for (const { spaced, values } of SPACED_NAMES)
      if (norm.includes(spaced))
        for (const value of values)
          found.push({ value, written: spaced, form: 'name', strong: true });
  for (const t of norm.match(/[a-z0-9_]{6,}/g) ?? []) {
    const key = t.replace(/_/g, '');
    const exact = REASON_NAMES.get(key);
    let values: Iterable<number> | undefined;
    if (exact && (key.length >= LONG_NAME || context.inContext())) values = exact;
    else if (key.length > LONG_NAME) values = LONG_NAMES.find(([name]) => key.includes(name))?.[1];
    if (values)
      for (const value of values) found.push({ value, written: t, form: 'name', strong: true });
  }
  return found;
}

/**
 * On a line about a subscribe or a publish, a phrase that is also a reason name the line's codes
 * read ("not authorized") is that packet's reason: the code reading, which weighs the packet,
 * speaks for it, not the phrase's CONNACK entry.
 */
export function readsAsOtherPacket(phrase: string, mentions: CodeMention[], norm: string): boolean {
  // Most lines have no name mention: nothing to lower-case then. A loop, not `some`: this runs
  // for every phrase found in a long log, and a closure per call was garbage.
  let named = false;
  for (const m of mentions) named ||= m.form === 'name';
  if (!named) return false;
  const name = foldSpelling(phrase.toLowerCase());
  return (
    mentions.some((m) => m.form === 'name' && m.written === name) && aboutSubscribeOrPublish(norm)
  );
}
