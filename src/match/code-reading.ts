/**
 * Reading a line's codes in context (`0x87` on a line about a SUBSCRIBE, `rc=5` from Paho):
 * which entries each reading points at, and which codes mean several things at once.
 */
import { Library, MqttPacket } from '../kb/entry';
import { ProtocolFamily } from '../common/reason-codes';
import { CodeContext, CodeIndex, CodeMention, describeReading } from './codes';
import { libraryHints, packetHints, versionHint } from './context';
import { LineFacts } from './facts';
import { PreparedLine } from './normalise';
import { reasonKey } from './reason-names';
import { CodeAmbiguity, Evidence } from './result';

/** What the whole text says, worked out once and only when a line's code needs it. */
export interface GlobalHints {
  packets: MqttPacket[];
  version: ProtocolFamily | null;
  libraries: Library[];
}

type Readings = ReturnType<CodeIndex['interpret']>;

/** Codes whose several readings an answer lists, each once (the first line it is on). */
const MAX_AMBIGUITIES = 8;

/**
 * Whether a return or reason code on the line is one the KB gives this entry. A loop, not
 * `some`: it runs for every phrase found in a long log, and a closure per call was garbage.
 */
export function codeOnLineClaims(
  codes: CodeIndex,
  mentions: CodeMention[],
  entryIndex: number,
): boolean {
  for (const m of mentions)
    if (m.strong && m.form !== 'name' && codes.claims(m.value, entryIndex)) return true;
  return false;
}

/** Reads the line's codes in context; true when one of them points at an entry. */
export function readLineCodes(
  codes: CodeIndex,
  entries: readonly { id: string }[],
  mentions: CodeMention[],
  line: PreparedLine,
  global: () => GlobalHints,
  facts: LineFacts,
  add: (entryIndex: number, e: Evidence) => void,
  ambiguities: CodeAmbiguity[],
): boolean {
  // Most codes in a log are success (`rc0`): the line's hints are worked out only when needed.
  let ctx: CodeContext | undefined;
  const context = (): CodeContext =>
    (ctx ??= {
      linePackets: packetHints(line.norm),
      textPackets: global().packets,
      version: versionHint(line.norm) ?? global().version,
      libraries: [...new Set([...libraryHints(line.norm), ...global().libraries])],
      line: line.norm,
      mqttContext: facts.inContext(),
    });
  let pointed = false;
  const readingsOf: Readings[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const mention = mentions[i]!;
    // 0 is success in every packet and library: nothing to explain, unless it is all there is.
    if (mention.value === 0 && mention.form !== 'bare') continue;
    if (!mention.strong && !facts.inContext()) continue;
    // A code written again on the line reads the same (a line of twenty `0x87`s, one reading).
    const same = sameMentionBefore(mentions, i);
    const readings =
      same >= 0 && readingsOf[same]
        ? readingsOf[same]
        : namedReadings(mention, codes.interpret(mention, context()));
    if (mentions.length > 1) readingsOf[i] = readings;
    // A code says what it may mean once: a log repeating it thousands of times made as many
    // records (a 2 MB paste of `0x87` printed 376 MB of JSON).
    if (
      ambiguities.length < MAX_AMBIGUITIES &&
      !ambiguities.some((a) => a.written === mention.written)
    ) {
      const ambiguity = ambiguityOf(entries, mention, readings, line.n);
      if (ambiguity) ambiguities.push(ambiguity);
    }
    // A success in the packet the line names (SUBACK's 0x01, "granted QoS 1") is what the code
    // is: a far weaker error reading in another packet (CONNACK's 0x01) is no reading of it.
    const success = readings[0] !== undefined && !readings[0].error ? readings[0].weight : 0;
    for (const r of readings) {
      if (!r.error || r.weight < success * 0.5) continue;
      for (const entryIndex of r.entryIndexes) {
        pointed = true;
        add(entryIndex, {
          // A typo of a name is a likeness, and is weighed and trusted as one.
          kind: mention.approximate ? 'fuzzy' : 'code',
          line: line.n,
          text: line.text,
          matched: mention.written,
          why: mention.approximate
            ? `${mention.written}: resembles the name of ${describeReading(r)}`
            : `${mention.written === r.code ? '' : `${mention.written}: `}read as ${describeReading(r)}`,
          // A reason name read out of a sentence ("… disconnected: Protocol error.") is a
          // hint; a specific message on the line before says more.
          weight:
            mention.form === 'name' && mention.written.includes(' ') ? r.weight * 0.5 : r.weight,
        });
      }
    }
  }
  return pointed;
}

/**
 * A reason written as its name is the reading of that name: `bad_username_or_password` is
 * CONNACK's 0x04 / 0x86, never DISCONNECT's 0x04 "Disconnect with Will Message", which shares the
 * number. A typo's readings, or a name no reading spells out (a library's), are kept as they are.
 */
function namedReadings(mention: CodeMention, readings: Readings): Readings {
  if (mention.form !== 'name' || mention.approximate) return readings;
  const written = reasonKey(mention.written);
  const named = readings.filter((r) => written.includes(reasonKey(r.meaning)));
  return named.length > 0 ? named : readings;
}

/** An earlier mention on the line written and read the same way, or -1. */
function sameMentionBefore(mentions: CodeMention[], i: number): number {
  const m = mentions[i]!;
  for (let j = 0; j < i; j++) {
    const o = mentions[j]!;
    if (
      o.written === m.written &&
      o.value === m.value &&
      o.form === m.form &&
      o.strong === m.strong &&
      o.approximate === m.approximate
    )
      return j;
  }
  return -1;
}

/** The readings of a code that are close in weight: it means several things here. */
function ambiguityOf(
  entries: readonly { id: string }[],
  mention: CodeMention,
  readings: Readings,
  line: number,
): CodeAmbiguity | null {
  if (readings.length < 2) return null;
  const top = readings[0]!.weight;
  const close = readings.filter((r) => r.weight >= top * 0.5);
  if (close.length < 2) return null;
  // Readings that all lead to the same entry leave nothing to choose between.
  const first = close[0]!.entryIndexes[0];
  if (first !== undefined && close.every((r) => r.entryIndexes[0] === first)) return null;
  return {
    written: mention.written,
    line,
    readings: close.map((r) => ({
      reading: describeReading(r),
      entryId: r.entryIndexes[0] !== undefined ? entries[r.entryIndexes[0]]!.id : null,
    })),
  };
}
