/**
 * What every redaction pass shares: an edit (a span and its replacement), applying edits in one
 * pass, the mask, and the bounds that keep each pass's work per character bounded.
 */

export const MASK = '****';

/** Work around one hit is bounded: longer keys or values are not what people paste as secrets. */
export const MAX_KEY = 64;
export const MAX_VALUE = 1024;
export const MAX_URL = 4096;

export interface Edit {
  from: number;
  to: number;
  text: string;
}

/** Applies non-overlapping edits (in any order) to `text`; an edit overlapping an earlier one is dropped. */
export function applyEdits(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.from - b.from);
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.from < at) continue;
    out += text.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + text.slice(at);
}

export function isIdent(c: string | undefined): boolean {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  return (
    (x >= 97 && x <= 122) ||
    (x >= 65 && x <= 90) ||
    (x >= 48 && x <= 57) ||
    x === 95 ||
    x === 46 ||
    x === 45
  );
}
export const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';
export const OPEN_ALL = new Set(['}', ')', ']', '>', '<']);
export const NO_CLOSERS = new Set<string>();

/** Values that are no secret whatever their key says (an empty or null setting, a mask). */
export const NOT_SECRET = new Set([
  '',
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  MASK,
  `"${MASK}"`,
]);
