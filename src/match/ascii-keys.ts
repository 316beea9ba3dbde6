/**
 * The phrase index's key words as an open-addressing hash table, and the scan that finds them in
 * a normalised ASCII text without cutting its words out as strings (see `PhraseIndex`).
 */
/**
 * The key words of an index as an open-addressing hash table over their characters (FNV-1a), so
 * a line's words are hashed while it is scanned and never cut out as strings: on a long log most
 * of the phrase search's time went to making and hashing those substrings.
 */
export interface AsciiKeys {
  words: string[];
  /** Slot -> 1 + index in `words`; 0 is empty. Its length is a power of two. */
  slots: Int32Array;
  /**
   * Slot -> the full hash of its word: most words of a line that land on a taken slot are other
   * words, told apart by one number instead of a comparison of characters.
   */
  hashes: Int32Array;
  /** Per word, the line (epoch) it was last looked at in. */
  seen: Int32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function asciiKeys(words: string[]): AsciiKeys {
  let size = 16;
  while (size < words.length * 2) size *= 2;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(size);
  words.forEach((w, k) => {
    let h = FNV_OFFSET;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
    let at = h & (size - 1);
    while (slots[at] !== 0) at = (at + 1) & (size - 1);
    slots[at] = k + 1;
    hashes[at] = h;
  });
  return { words, slots, hashes, seen: new Int32Array(words.length) };
}

/** [a-z0-9_]: what a word is in a normalised ASCII line. */
const isAsciiWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;

/**
 * Calls `found` with the index of every key word that is a whole word of `text`, and `lineEnd`
 * at the end of each line (after its last word) and of the text.
 */
export function scanAsciiKeys(
  text: string,
  keys: AsciiKeys,
  found: (k: number) => void,
  lineEnd: () => void,
): void {
  const mask = keys.slots.length - 1;
  let start = -1;
  let h = FNV_OFFSET;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : NEWLINE;
    if (isAsciiWordChar(c)) {
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (start >= 0) {
      const length = i - start;
      for (let at = h & mask; keys.slots[at] !== 0; at = (at + 1) & mask) {
        if (keys.hashes[at] !== h) continue;
        const k = keys.slots[at]! - 1;
        const w = keys.words[k]!;
        if (w.length === length && text.startsWith(w, start)) {
          found(k);
          break;
        }
      }
      start = -1;
    }
    if (c === NEWLINE) lineEnd();
  }
}

const NEWLINE = 10;
