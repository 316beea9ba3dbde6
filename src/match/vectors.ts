/** Words as TF-IDF vectors, shared by the symptom ranking's nearest symptoms and centroids. */

/** The IDF of a word found in `df` of `total` documents. */
export const symptomIdf = (df: number, total: number): number => Math.log(1 + total / (df + 0.5));

/** Words as a unit-length TF-IDF vector (log term frequency). */
export function unitVector(words: string[], idf: (w: string) => number): Map<string, number> {
  const v = new Map<string, number>();
  for (const w of words) v.set(w, (v.get(w) ?? 0) + 1);
  let norm = 0;
  for (const [w, n] of v) {
    const x = (1 + Math.log(n)) * idf(w);
    v.set(w, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [w, x] of v) v.set(w, x / norm);
  return v;
}
