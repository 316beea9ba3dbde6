/**
 * Secrets whose value is on the line after their key: YAML's `password:` with the value indented
 * below it (or a `|` block), and the name/value pairs of Kubernetes and compose environments
 * (`- name: MQTT_PASSWORD` then `value: …`). Every scan is bounded: these run once per secret
 * word, and a line of a megabyte can hold a hundred thousand of them.
 */
import { Edit, MASK, MAX_VALUE } from './redact-edits';

// How far before a key its line may start (indentation, `- `, `name: `), and how far after a
// key's `:` its line may end for the value to be below it.
const LEAD = 32;
const TAIL = 16;

/** Where the line holding `at` starts, if it starts within `max` characters before it; else -1. */
function lineStartNear(text: string, at: number, max: number): number {
  for (let i = at; i > at - max - 1; i--) if (i <= 0 || text[i - 1] === '\n') return i;
  return -1;
}

/** Where the line holding `at` ends (its '\n'), if within `max` characters; else -1. */
function lineEndNear(text: string, at: number, max: number): number {
  const limit = Math.min(text.length, at + max + 1);
  for (let i = at; i < limit; i++) if (text[i] === '\n') return i;
  return -1;
}

/** The value lines below a key, masked: the next line, or every line of a `|`/`>` block. */
function deeperLines(text: string, lineEnd: number, keyIndent: number, block: boolean): Edit[] {
  const edits: Edit[] = [];
  let at = lineEnd;
  // A block sequence is read item by item (Zigbee2MQTT saves its `network_key` as sixteen
  // `- 150` lines, js-yaml's block style); YAML lets its items sit at the key's own indentation.
  let sequence = false;
  while (at >= 0 && at + 1 < text.length && at - lineEnd < MAX_VALUE) {
    const from0 = at + 1;
    let from = from0;
    while (from - from0 < 64 && (text[from] === ' ' || text[from] === '\t')) from++;
    const item = text[from] === '-' && text[from + 1] === ' ';
    if (at === lineEnd) sequence = item;
    if (sequence && !item) break;
    if (sequence) from += 2;
    if ((!sequence && from - from0 <= keyIndent) || from - from0 < keyIndent || text[from] === '\n')
      break;
    let to = lineEndNear(text, from, MAX_VALUE);
    const next = to;
    if (to < 0) to = Math.min(text.length, from + MAX_VALUE);
    while (to > from && /\s/.test(text[to - 1]!)) to--;
    const value = text.slice(from, to).replace(/^["']|["']$/g, '');
    if (to > from && value !== MASK && value !== '') edits.push({ from, to, text: MASK });
    if (!block && !sequence) break;
    at = next;
  }
  return edits;
}

/**
 * `valueStart`: where a key's value would start after its `:`. When this line holds nothing more
 * (or only a block indicator `|`, `>`) and the key starts its line, the value is below: `below`
 * holds the edits that mask it (none when it is masked already or not indented deeper).
 */
export function valueOnNextLine(
  text: string,
  keyFrom: number,
  valueStart: number,
): { below: Edit[] } | null {
  const lineEnd = lineEndNear(text, valueStart, TAIL);
  if (lineEnd < 0) return null;
  const rest = text.slice(valueStart, lineEnd).trim();
  if (rest !== '' && !/^[|>][-+]?$/.test(rest)) return null;
  const lineStart = lineStartNear(text, keyFrom, LEAD);
  if (lineStart < 0) return null;
  const lead = text.slice(lineStart, keyFrom);
  if (!/^[ \t]*(?:-[ \t]+)?["']?$/.test(lead)) return null;
  const indent = /^[ \t-]*/.exec(lead)![0].length;
  return { below: deeperLines(text, lineEnd, indent, rest !== '') };
}

// YAML (`- name: X_PASSWORD`) and JSON (`"name": "X_PASSWORD",`, as `kubectl -o json` prints).
const NAME_KEY = /^[ \t]*(?:-[ \t]+)?["']?name["']?[ \t]*:[ \t]*["']?$/i;
const VALUE_KEY = /[ \t]*["']?value["']?[ \t]*:[ \t]*/iy;

const SAME_LINE_VALUE = /["']?[ \t]*,[ \t]*["']?value["']?[ \t]*:[ \t]*/iy;

/** A value in a flow mapping, quoted or up to its `,` or `}`. */
function flowValue(text: string, from: number): Edit | null {
  const q = text[from];
  const quoted = q === '"' || q === "'";
  const start = quoted ? from + 1 : from;
  const limit = Math.min(text.length, start + MAX_VALUE);
  let to = start;
  while (
    to < limit &&
    text[to] !== '\n' &&
    (quoted ? text[to] !== q : text[to] !== ',' && text[to] !== '}' && text[to] !== ' ')
  )
    to++;
  const value = text.slice(start, to);
  return to > start && value !== MASK ? { from: start, to, text: MASK } : null;
}

/** `- name: MQTT_PASSWORD` then `value: …` on the next line (or after it, `{name: …, value: …}`). */
export function namedValue(text: string, keyFrom: number, keyTo: number): Edit | null {
  // Most keys that reach here are a word in prose: a look at the characters just before the key
  // rules them out before any line is read.
  if (!/name["']?[ \t]*:[ \t]*["']?$/i.test(text.slice(Math.max(0, keyFrom - 12), keyFrom)))
    return null;
  // The flow form on one line: `{name: MQTT_PASSWORD, value: x}`.
  SAME_LINE_VALUE.lastIndex = keyTo;
  const inline = SAME_LINE_VALUE.exec(text);
  if (inline) return flowValue(text, keyTo + inline[0].length);
  const lineStart = lineStartNear(text, keyFrom, LEAD);
  if (lineStart < 0 || !NAME_KEY.test(text.slice(lineStart, keyFrom))) return null;
  const lineEnd = lineEndNear(text, keyTo, 4);
  if (lineEnd < 0 || !/^["']?,?\s*$/.test(text.slice(keyTo, lineEnd))) return null;
  VALUE_KEY.lastIndex = lineEnd + 1;
  const m = VALUE_KEY.exec(text);
  if (!m || m[0].length > LEAD) return null;
  const from = lineEnd + 1 + m[0].length;
  let to = lineEndNear(text, from, MAX_VALUE);
  if (to < 0) to = Math.min(text.length, from + MAX_VALUE);
  while (to > from && /[\s,]/.test(text[to - 1]!)) to--;
  let start = from;
  if ((text[start] === '"' || text[start] === "'") && text[to - 1] === text[start]) {
    start++;
    to--;
  }
  const value = text.slice(start, to);
  return to > start && value !== MASK ? { from: start, to, text: MASK } : null;
}
