/**
 * Secrets whose value is on the line after their key: YAML's `password:` with the value indented
 * below it (or a `|` block), and the name/value pairs of Kubernetes and compose environments
 * (`- name: MQTT_PASSWORD` then `value: …`).
 */
import { Edit, MASK, MAX_VALUE } from './redact-edits';

/** The indentation of the line holding `at` (spaces, tabs and a YAML list's `- `). */
function indentOf(text: string, at: number): number {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  let n = 0;
  while (start + n < at && /[ \t-]/.test(text[start + n]!)) n++;
  return n;
}

/** The next line's value, masked, when it is indented deeper than the key's line. */
function deeperNextLine(text: string, lineEnd: number, keyIndent: number): Edit | null {
  if (lineEnd < 0 || lineEnd + 1 >= text.length) return null;
  const from0 = lineEnd + 1;
  let from = from0;
  while (from - from0 < 64 && (text[from] === ' ' || text[from] === '\t')) from++;
  if (from - from0 <= keyIndent) return null;
  let to = text.indexOf('\n', from);
  if (to < 0 || to - from > MAX_VALUE) to = Math.min(text.length, from + MAX_VALUE);
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  const value = text.slice(from, to).replace(/^["']|["']$/g, '');
  return to > from && value !== MASK && value !== '' ? { from, to, text: MASK } : null;
}

/**
 * `valueStart`: where a key's value would start after its `:`. When this line holds nothing more
 * (or only a block indicator `|`, `>`) and the key starts its line, the value is below: `below`
 * is set, with the edit that masks the next line if it is indented deeper and not masked yet.
 */
export function valueOnNextLine(
  text: string,
  keyFrom: number,
  valueStart: number,
): { below: Edit | null } | null {
  const lineEnd = text.indexOf('\n', valueStart);
  if (lineEnd < 0 || lineEnd - valueStart > 16) return null;
  const rest = text.slice(valueStart, lineEnd).trim();
  if (rest !== '' && !/^[|>][-+]?$/.test(rest)) return null;
  const lineStart = text.lastIndexOf('\n', keyFrom - 1) + 1;
  if (!/^[ \t]*(?:-[ \t]+)?["']?$/.test(text.slice(lineStart, keyFrom))) return null;
  return { below: deeperNextLine(text, lineEnd, indentOf(text, keyFrom)) };
}

const NAME_KEY = /^[ \t]*(?:-[ \t]+)?name[ \t]*:[ \t]*["']?$/i;
const VALUE_KEY = /[ \t]*value[ \t]*:[ \t]*/iy;

/** `- name: MQTT_PASSWORD` then `value: …` on the next line: the value, masked. */
export function namedValue(text: string, keyFrom: number, keyTo: number): Edit | null {
  const lineStart = text.lastIndexOf('\n', keyFrom - 1) + 1;
  if (!NAME_KEY.test(text.slice(lineStart, keyFrom))) return null;
  const lineEnd = text.indexOf('\n', keyTo);
  if (lineEnd < 0 || !/^["']?\s*$/.test(text.slice(keyTo, lineEnd))) return null;
  VALUE_KEY.lastIndex = lineEnd + 1;
  const m = VALUE_KEY.exec(text);
  if (!m) return null;
  const from = lineEnd + 1 + m[0].length;
  let to = text.indexOf('\n', from);
  if (to < 0 || to - from > MAX_VALUE) to = Math.min(text.length, from + MAX_VALUE);
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  let start = from;
  if ((text[start] === '"' || text[start] === "'") && text[to - 1] === text[start]) {
    start++;
    to--;
  }
  const value = text.slice(start, to);
  return to > start && value !== MASK ? { from: start, to, text: MASK } : null;
}
