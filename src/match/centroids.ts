/**
 * Each entry's symptoms and title summed into one vector over words and adjacent word pairs
 * ("second device", "same clientid"): a pair says what a story is about where single words are
 * shared by many entries. Plain data (a Map) so the stored KB index keeps it as it is.
 */
import { symptomIdf, unitVector } from './vectors';

/** Per word or word pair, each entry's weight in its unit-length centroid. */
export type CentroidPostings = Map<string, { entryIndex: number; weight: number }[]>;

/** The centroids of the entries that own `docs` (each a symptom's or title's words, in order). */
export function entryCentroids(
  docs: string[][],
  ownerOf: (doc: number) => number,
  entryCount: number,
): CentroidPostings {
  const paired = docs.map(withPairs);
  const df = new Map<string, number>();
  for (const ws of paired) for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
  const sums: Map<string, number>[] = Array.from({ length: entryCount }, () => new Map());
  paired.forEach((ws, doc) => {
    const sum = sums[ownerOf(doc)]!;
    for (const [w, x] of unitVector(ws, (t) => symptomIdf(df.get(t) ?? 0, paired.length)))
      sum.set(w, (sum.get(w) ?? 0) + x);
  });
  const postings: CentroidPostings = new Map();
  sums.forEach((sum, entryIndex) => {
    let norm = 0;
    for (const x of sum.values()) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of sum) {
      const list = postings.get(w) ?? [];
      list.push({ entryIndex, weight: x / norm });
      postings.set(w, list);
    }
  });
  return postings;
}

/**
 * Per entry, the cosine of the text's words and word pairs with the entry's centroid; `docs` is
 * how many symptoms and titles the centroids were built from (the IDF's total).
 */
export function centroidLikeness(
  postings: CentroidPostings,
  docs: number,
  queryWords: string[],
): Map<number, number> {
  const known = withPairs(queryWords).filter((w) => postings.has(w));
  const query = unitVector(known, (w) => symptomIdf(postings.get(w)!.length, docs));
  const likeness = new Map<number, number>();
  for (const [w, qw] of query)
    for (const p of postings.get(w)!)
      likeness.set(p.entryIndex, (likeness.get(p.entryIndex) ?? 0) + qw * p.weight);
  return likeness;
}

/** The words followed by each adjacent pair of them. */
function withPairs(words: string[]): string[] {
  const out = words.slice();
  for (let i = 1; i < words.length; i++) out.push(`${words[i - 1]}_${words[i]}`);
  return out;
}
