/**
 * Edit distance between two short strings (names, option flags), bounded: callers only care
 * whether a string is within a few edits of another.
 */

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions, and swaps of
 * neighbours, one edit each), or `limit + 1` as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    [before, prev] = [prev, row];
  }
  return Math.min(prev[b.length]!, limit + 1);
}

/** The known word closest to `word` (case aside) within `maxEdits`, or null: for "did you mean". */
export function closestWord(
  word: string,
  known: Iterable<string>,
  maxEdits: number,
): string | null {
  let best: { k: string; d: number } | null = null;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k, maxEdits);
    if (d <= maxEdits && (!best || d < best.d)) best = { k, d };
  }
  return best?.k ?? null;
}
