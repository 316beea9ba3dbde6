/**
 * Finds numeric codes in a line (`0x87`, `rc=5`, `CONNACK 134`, `state -2`, `(32103)`) and
 * reads each one in every way the MQTT specifications and the known client libraries allow,
 * weighted by what the surrounding words say about packet, protocol version and library.
 */
import { CodeClaim, Library, MqttPacket } from '../kb/entry';
import { ProtocolFamily, familyOf, hex, readingsOf } from '../common/reason-codes';
import { linesMatching } from './line-gates';

export type MentionForm = 'bare' | 'hex' | 'keyed' | 'paren' | 'name';

export interface CodeMention {
  value: number;
  /** The code as the text wrote it, e.g. `rc=5`. */
  written: string;
  form: MentionForm;
  /** Stands on its own (a bare code, an explicit `rc=` or `reason code`): no MQTT context needed. */
  strong: boolean;
  /** A typo of the name, not the name: a hint for someone who asked, never enough to speak up. */
  approximate?: true;
}

const HEX = /(?<![\w.])0x([0-9a-f]{2})(?![\w.])/g;
const STRONG_KEYS =
  /^(?:rc|return ?code|return_code|reason ?code|reason_code|connack.*|state|result code)$/;
// `reasonCode) -> 147`: people annotate printed values with an arrow. A zero is success in every
// packet and library (`rc0` on every line of a debug log): it is not read at all, which spares a
// match object per line.
const KEYED =
  /\b(rc|return ?code|return_code|reason ?code|reason_code|reason|result code|connack(?: return code| code| rc)?|state|error code|code|status)\)*\s*(?:->|=>|[:=]|is|of|was)?\s*[([]?\s*(-?(?!0+\b)\d{1,5})\b(?!\.\d|\d)/g;
// Words right before a key that make the number something else (exit codes, HTTP statuses).
// "zigbee2mqtt-1 exited with code 1" (docker compose) is a process's exit status.
const NOT_MQTT_BEFORE =
  /(?:exit|exited\s+with|http|response|status|process|errno|signal|line|pid|port)\s*$/;
// A QoS written in hex (0 to 2) is a QoS, not a reason code: "QoS = AtLeastOnce(0x01)", "qos: 0x02",
// misspelt too ("AtLeaseOnce"); a nonce is no QoS.
const QOS_BEFORE = /(?:\bqos|(?<!\bn)once)\W{0,4}$/;
// systemd's "status=1/FAILURE", "status=203/EXEC": an exit status with its name.
const EXIT_STATUS_AFTER = /^\/[a-z]/;
// A state machine's transition, "state: 3 -> 5 (10)" (the ESP8266 SDK's Wi-Fi debug output): the
// number is where it came from, not a result. "rc=5 -> not authorised" is an annotation and stays.
const TRANSITION_AFTER = /^\s*(?:->|=>)\s*-?\d/;
const PAREN = /\((-?\d{1,5})\)/g;
const DIGIT = /\d/;
// Every KEYED key contains one of these: a cheap test before the costly alternation.
const KEY_HINT = /rc|code|stat|reason|connack/;
// Mosquitto's debug log: "Sending CONNACK to x (0, 5)", "received CONNACK (5)" (session present, code).
const CONNACK_LOG = /\bconnack\b[^()\n]{0,60}\((?:[01], )?(\d{1,3})\)/g;
// A refusal with its code in parentheses: rumqtt's `MqttConnectionRefused(5)`, `Connection
// refused (4)`. Only in parentheses: "refused 5 times" is no code.
const REFUSED_CODE = /refused\s*\(\s*(\d{1,3})\s*\)/g;
// What HEX, KEYED (KEY_HINT), CONNACK_LOG, PAREN and REFUSED_CODE each need in a line, together.
const ANY_CODE_HINT = new RegExp(`0x|${KEY_HINT.source}|refused|\\(32`);
const ANY_CODE_HINT_PAHO = new RegExp(`0x|${KEY_HINT.source}|refused|\\(`);
const CODE_LINE_GATE = new RegExp(ANY_CODE_HINT.source, 'g');
const CODE_LINE_GATE_PAHO = new RegExp(ANY_CODE_HINT_PAHO.source, 'g');

/** Per line of `whole`, whether `extractCodes` could find anything there (see linesMatching). */
export const linesWithCodeHints = (
  whole: string,
  pahoJava: boolean,
  lineCount: number,
): Uint8Array => linesMatching(whole, pahoJava ? CODE_LINE_GATE_PAHO : CODE_LINE_GATE, lineCount);

// A code typed alone, maybe with its key and "MQTT" or "connect" before the key: `0x87`,
// `rc=5`, `MQTT error 5`, `mqtt connect error 5` (not `MQTT 5`, the protocol version).
const BARE =
  /^(?:(?:mqtt\s+)?(?:connect(?:ion)?\s+)?(?:rc|code|reason code|return code|error(?: code)?)\s*[:=]?\s*)?(0x[0-9a-f]{1,2}|-?\d{1,5})\.?$/;

/**
 * The first match of a global regex, to go on with `exec`: unlike `matchAll`, no copy of the regex
 * and no iterator per line of a long log. Nothing between the calls uses the same regex.
 */
function first(re: RegExp, s: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(s);
}

/** A whole input that is nothing but a code: `0x02`, `2`, `rc=5`. */
export function bareCode(norm: string): CodeMention | null {
  const m = BARE.exec(norm.trim());
  if (!m) return null;
  const token = m[1]!;
  const value = token.startsWith('0x') ? parseInt(token, 16) : Number(token);
  return { value, written: norm.trim(), form: 'bare', strong: true };
}

/**
 * Codes written in a line (`0x87`, `rc=5`, `CONNACK 134`, `(32104)`), with how strongly each reads
 * as MQTT, appended to `found`.
 */
export function extractCodes(
  norm: string,
  pahoJava: boolean,
  found: CodeMention[] = [],
): CodeMention[] {
  // Most log lines carry no code at all: cheap checks before the regexes. The second is what
  // at least one of the readings below needs, in one test instead of one per reading.
  if (!DIGIT.test(norm) || !(pahoJava ? ANY_CODE_HINT_PAHO : ANY_CODE_HINT).test(norm))
    return found;
  if (norm.includes('0x'))
    for (let m = first(HEX, norm); m !== null; m = HEX.exec(norm)) {
      const value = parseInt(m[1]!, 16);
      // 0x80 after "granted QoS" is SUBACK's failure, which is a code.
      if (value <= 2 && QOS_BEFORE.test(norm.slice(Math.max(0, m.index - 16), m.index))) continue;
      found.push({
        value,
        written: m[0],
        form: 'hex',
        strong: value >= 0x80,
      });
    }
  if (KEY_HINT.test(norm))
    for (let m = first(KEYED, norm); m !== null; m = KEYED.exec(norm)) {
      const before = norm.slice(Math.max(0, m.index - 12), m.index);
      if (NOT_MQTT_BEFORE.test(before)) continue;
      const end = m.index + m[0].length;
      if (EXIT_STATUS_AFTER.test(norm.slice(end, end + 2))) continue;
      if (TRANSITION_AFTER.test(norm.slice(end, end + 8))) continue;
      const key = m[1]!;
      found.push({
        value: Number(m[2]),
        written: m[0].trim(),
        form: 'keyed',
        strong: STRONG_KEYS.test(key),
      });
    }
  // Where each code read so far ends: a refusal's `(5)` that CONNACK_LOG or PAREN already read
  // is the same code, not a second one.
  let ends: number[] | undefined;
  if (norm.includes('connack'))
    for (let m = first(CONNACK_LOG, norm); m !== null; m = CONNACK_LOG.exec(norm)) {
      found.push({ value: Number(m[1]), written: m[0], form: 'keyed', strong: true });
      (ends ??= []).push(m.index + m[0].length);
    }
  // Paho Java prints its reason code in parentheses: "Not authorized to connect (5)". Its own
  // 32xxx codes are distinctive enough to read even in translated messages with no other hint.
  if (pahoJava ? norm.includes('(') : norm.includes('(32'))
    for (let m = first(PAREN, norm); m !== null; m = PAREN.exec(norm)) {
      const value = Number(m[1]);
      if (pahoJava || (value >= 32000 && value < 32300)) {
        found.push({ value, written: m[0], form: 'paren', strong: true });
        (ends ??= []).push(m.index + m[0].length);
      }
    }
  if (norm.includes('refused'))
    for (let m = first(REFUSED_CODE, norm); m !== null; m = REFUSED_CODE.exec(norm))
      if (!ends?.includes(m.index + m[0].length))
        found.push({ value: Number(m[1]), written: m[0], form: 'keyed', strong: true });
  return found;
}

export interface CodeContext {
  /** Packets named in the line, strongest first, then in the whole text. */
  linePackets: MqttPacket[];
  textPackets: MqttPacket[];
  version: ProtocolFamily | null;
  libraries: Library[];
  /** The normalised line, to see whether a library code's call (publish, connect...) is named. */
  line: string;
  /** Whether the text is recognisably about MQTT (a broker, a client, the protocol). */
  mqttContext: boolean;
}

/** One way to read a mention: a spec reading or a library code, and the entry it leads to. */
export interface CodeInterpretation {
  value: number;
  /** As conventionally written: `0x87` for MQTT codes, `32103` for a library's. */
  code: string;
  label: string;
  meaning: string;
  error: boolean;
  entryIndexes: number[];
  weight: number;
}

// Without a packet in the text, connection problems are the likeliest reading: the tool exists
// for "our devices can't connect", and CONNACK codes are what people paste most.
const PACKET_PRIOR: Record<MqttPacket, number> = {
  CONNACK: 1,
  DISCONNECT: 0.85,
  SUBACK: 0.8,
  PUBACK: 0.75,
  PUBREC: 0.55,
  UNSUBACK: 0.55,
  PUBREL: 0.5,
  PUBCOMP: 0.5,
  AUTH: 0.6,
};

const CALLS = ['connect', 'publish', 'subscribe', 'disconnect'];

/**
 * The call a library code comes from, as written in the line: a callback by its exact name
 * (`on_connect` is not in `on_disconnect`), `state()` as PubSubClient's connect result.
 */
function callOf(packet: string): RegExp | null {
  const p = packet.replace(/\(\)$/, '').toLowerCase();
  if (p.startsWith('on_')) return new RegExp(`\\b${p}\\b`);
  const call = p === 'state' ? 'connect' : p;
  return CALLS.includes(call) ? new RegExp(`(?:^|[^a-z])${call}`) : null;
}

/**
 * The KB's code claims, read against the spec tables: a code is interpreted by its packet (named in
 * the line or the text), protocol version and client library, MQTT 3.1.1 §3.2.2.3/§3.9.3 and
 * MQTT 5.0 §2.4.
 */
export class CodeIndex {
  private readonly mqtt = new Map<string, number[]>();
  private readonly library = new Map<
    number,
    { claim: CodeClaim & { kind: 'library' }; entryIndex: number; call: RegExp | null }[]
  >();

  constructor(claims: { claim: CodeClaim; entryIndex: number }[]) {
    for (const { claim, entryIndex } of claims) {
      if (claim.kind === 'mqtt') {
        const key = `${claim.value}/${claim.packet}/${familyOf(claim.protocol)}`;
        const list = this.mqtt.get(key) ?? [];
        if (!list.includes(entryIndex)) list.push(entryIndex);
        this.mqtt.set(key, list);
      } else {
        const list = this.library.get(claim.value) ?? [];
        list.push({ claim, entryIndex, call: callOf(claim.packet) });
        this.library.set(claim.value, list);
      }
    }
  }

  /** Whether any reading of `value`, in any packet or library, is the entry's. */
  claims(value: number, entryIndex: number): boolean {
    if ((this.library.get(value) ?? []).some((c) => c.entryIndex === entryIndex)) return true;
    for (const r of readingsOf(value))
      if (this.mqtt.get(`${r.value}/${r.packet}/${r.family}`)?.includes(entryIndex)) return true;
    return false;
  }

  interpret(mention: CodeMention, ctx: CodeContext): CodeInterpretation[] {
    const base =
      mention.form === 'bare' ? 2.2 : mention.form === 'name' ? 1.6 : mention.strong ? 1.9 : 1.3;
    const out: CodeInterpretation[] = [];
    for (const r of readingsOf(mention.value)) {
      const weight =
        base *
        this.packetFactor(r.packet, ctx) *
        this.versionFactor(r.family, r.packet, mention, ctx);
      out.push({
        value: r.value,
        code: hex(r.value),
        label: `${r.packet} ${r.family === 'v5' ? 'MQTT 5.0' : 'MQTT 3.1.1'}`,
        meaning: r.meaning,
        error: r.error,
        entryIndexes: this.mqtt.get(`${r.value}/${r.packet}/${r.family}`) ?? [],
        weight,
      });
    }
    // A code no MQTT packet gives as an error (`rc=7`) can only be a library's: typed alone, or in
    // a text about MQTT that names no library, its readings are offered as the weaker guesses
    // they are ("rc=7 from the job runner" is someone else's code). Where the line's library is
    // known and does not define the code (Tasmota's PubSubClient line with "rc 8"), another
    // library's meaning would be a confident wrong answer.
    const noMqttError = !out.some((r) => r.error && r.entryIndexes.length > 0);
    for (const { claim, entryIndex, call } of this.library.get(mention.value) ?? []) {
      const named = ctx.libraries.includes(claim.protocol);
      const distinctive = mention.value < 0 || mention.value >= 32000;
      if (
        !named &&
        !distinctive &&
        !(
          noMqttError &&
          (mention.form === 'bare' ||
            (mention.form === 'keyed' &&
              mention.strong &&
              ctx.mqttContext &&
              ctx.libraries.length === 0))
        )
      )
        continue;
      const named_ = call !== null && call.test(ctx.line);
      // A publish-time code on a line about connecting (or the reverse) is the wrong reading.
      const otherCall = call !== null && !named_ && CALLS.some((c) => ctx.line.includes(c));
      // With no call in the line, a connect-time code is the likelier reading, as with packets.
      const unstated = call === null || /connect|state/i.test(claim.packet) ? 1 : 0.9;
      const guessed = !named && !distinctive ? 0.75 : 1;
      const weight =
        base * (named ? 1.3 : 0.8) * guessed * (named_ ? 1.2 : otherCall ? 0.6 : unstated);
      out.push({
        value: claim.value,
        code: claim.code,
        label: `${claim.protocol} ${claim.packet}`,
        meaning: claim.meaning,
        error: true,
        entryIndexes: [entryIndex],
        weight,
      });
    }
    return out.sort((a, b) => b.weight - a.weight);
  }

  private packetFactor(packet: MqttPacket, ctx: CodeContext): number {
    if (ctx.linePackets.length > 0) {
      if (ctx.linePackets[0] === packet) return 1.35;
      return ctx.linePackets.includes(packet) ? 1.1 : 0.35;
    }
    if (ctx.textPackets.length > 0) {
      if (ctx.textPackets[0] === packet) return 1.15;
      return ctx.textPackets.includes(packet) ? 1 : 0.6;
    }
    return PACKET_PRIOR[packet];
  }

  private versionFactor(
    family: ProtocolFamily,
    packet: MqttPacket,
    mention: CodeMention,
    ctx: CodeContext,
  ): number {
    if (ctx.version) return ctx.version === family ? 1.25 : 0.3;
    // A decimal reason code above 5 in a CONNACK can only be MQTT 5 (v3 stops at 5).
    if (packet === 'CONNACK' && mention.form !== 'hex' && mention.value > 5)
      return family === 'v5' ? 1.2 : 0.3;
    return 1;
  }
}

/** How a reading is explained to the user: `CONNACK 0x87 (MQTT 5.0: Not authorized)`. */
export function describeReading(i: CodeInterpretation): string {
  return `${i.code} in ${i.label}: ${i.meaning}${i.error ? '' : ' (success, not an error)'}`;
}
