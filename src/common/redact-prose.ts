/**
 * Passwords given in a sentence: "password hunter2", "the password is hunter2", "the password
 * for the mqtt user is: hunter2". A word is taken for one only when it reads like one.
 */
import { Edit, MASK } from './redact-edits';

/** A word that reads as a password: letters with digits or signs, not a word of prose. */
export const looksLikeSecret = (word: string): boolean =>
  word.length >= 4 &&
  word.length <= 64 &&
  !word.includes(MASK) &&
  /[A-Za-z]/.test(word) &&
  /[0-9!@#$%^&*+=?~-]/.test(word);

// Prose between a password's name and its value: "the password is X", "password was set to X",
// "password for the mqtt user is: X". Only these words lead to a value; "password for user dev"
// or "password is wrong" lead to none.
const LINK_WORDS = new Set(['is', 'was', 'are', 'to', 'now', 'set', 'still', 'changed', '=', ':']);
const LEADS_TO_VALUE = /^(?:is|was|are|to|=|:)$/;
const MAX_FOR_WORDS = 4;
const PROSE_WORD = /[^\s,;)\]}]{1,65}/g;

/**
 * The value a sentence gives a bare password key at `at` ("is X", "for the user is X"): its span,
 * or null. At most a dozen words on the key's line are read.
 */
export function proseValue(text: string, at: number): Edit | null {
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0 || lineEnd - at > 160) lineEnd = Math.min(text.length, at + 160);
  const line = text.slice(at, lineEnd);
  const words: { w: string; from: number }[] = [];
  PROSE_WORD.lastIndex = 0;
  for (let m = PROSE_WORD.exec(line); m !== null && words.length < 12; m = PROSE_WORD.exec(line))
    words.push({ w: m[0], from: at + m.index });
  let k = 0;
  const bare = (w: string): string => w.toLowerCase().replace(/:$/, '');
  if (bare(words[0]?.w ?? '') === 'for') {
    k = 1;
    while (k <= MAX_FOR_WORDS && k < words.length && !LINK_WORDS.has(bare(words[k]!.w))) k++;
  }
  let led = false;
  for (; k < words.length && LINK_WORDS.has(bare(words[k]!.w)); k++) {
    led ||= LEADS_TO_VALUE.test(bare(words[k]!.w)) || words[k]!.w.endsWith(':');
  }
  const value = words[k];
  if (!led || !value) return null;
  // A sentence's full stop after the value is masked with it: one character too many is safer
  // than cutting a password that ends in one.
  const secret = looksLikeSecret(value.w) || /^\d{4,64}\.?$/.test(value.w);
  return secret ? { from: value.from, to: value.from + value.w.length, text: MASK } : null;
}
