/**
 * Approximate phrase search for lines that no exact signal explains: a misspelt, reworded or
 * re-punctuated version of a known message. A trigram prefilter picks a few candidate phrases per
 * line so the work stays bounded with large KBs; fuse.js then scores each candidate's closeness
 * inside the line. Candidates are short phrases (bitap works on patterns up to 32 characters).
 */
import Fuse from 'fuse.js';
import { normalisePhrase } from './normalise';

export interface FuzzyDoc {
  entryIndex: number;
  /** The phrase as written in the KB, for evidence. */
  phrase: string;
  needsContext: boolean;
  text: string;
}

export interface FuzzyHit {
  doc: FuzzyDoc;
  /** 0 = exact, 1 = no likeness (fuse.js's scale). */
  distance: number;
}

const CANDIDATES_PER_LINE = 12;
const MIN_SHARED_RATIO = 0.45;
// A trigram shared by more phrases than this says little and costs much: skip it.
const MAX_POSTING = 2000;
const FUSE_THRESHOLD = 0.3;

function trigrams(s: string): Set<string> {
  const t = new Set<string>();
  const padded = ` ${s} `;
  for (let i = 0; i + 3 <= padded.length; i++) t.add(padded.slice(i, i + 3));
  return t;
}

export class FuzzyIndex {
  private readonly docs: FuzzyDoc[];
  private readonly sizes: number[];
  private readonly postings = new Map<string, number[]>();

  constructor(phrases: { entryIndex: number; phrase: string; needsContext: boolean }[]) {
    this.docs = phrases
      .map((p) => ({
        entryIndex: p.entryIndex,
        phrase: p.phrase,
        needsContext: p.needsContext,
        text: normalisePhrase(p.phrase).replace(/\*/g, ' ').replace(/\s+/g, ' ').trim(),
      }))
      .filter((d) => d.text.length >= 6);
    this.sizes = this.docs.map((d, i) => {
      const grams = trigrams(d.text);
      for (const g of grams) {
        const list = this.postings.get(g) ?? [];
        list.push(i);
        this.postings.set(g, list);
      }
      return grams.size;
    });
  }

  /** Phrases that appear, approximately, in `line` (already normalised). */
  search(line: string): FuzzyHit[] {
    const counts = new Map<number, number>();
    for (const g of trigrams(line)) {
      const list = this.postings.get(g);
      if (!list || list.length > MAX_POSTING) continue;
      for (const i of list) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const candidates = [...counts.entries()]
      .map(([i, shared]) => ({ i, ratio: shared / this.sizes[i]! }))
      .filter((c) => c.ratio >= MIN_SHARED_RATIO)
      .sort((a, b) => b.ratio - a.ratio)
      .slice(0, CANDIDATES_PER_LINE);
    if (candidates.length === 0) return [];

    const fuse = new Fuse([line], {
      includeScore: true,
      ignoreLocation: true,
      threshold: FUSE_THRESHOLD,
      isCaseSensitive: true,
    });
    const hits: FuzzyHit[] = [];
    for (const { i } of candidates) {
      const doc = this.docs[i]!;
      const [best] = fuse.search(doc.text.slice(0, 64));
      if (best && best.score !== undefined) hits.push({ doc, distance: best.score });
    }
    return hits.sort((a, b) => a.distance - b.distance);
  }
}
