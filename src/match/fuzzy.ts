/**
 * Approximate phrase search for lines that no exact signal explains: a misspelt, reworded or
 * re-punctuated version of a known message. A trigram prefilter picks a few candidate phrases per
 * line so the work stays bounded with large KBs. Each candidate is then scored word by word:
 * fuse.js finds each of the phrase's words among the line's words (short patterns, which is what
 * its bitap search is built for), and the likeness is the share of the phrase found, each word
 * weighted by its length and rarity among the KB's phrases.
 */
import type Fuse from 'fuse.js';
import { normalisePhrase } from './normalise';
import { isFunctionWord } from './words';

export interface FuzzyDoc {
  entryIndex: number;
  /** The phrase as written in the KB, for evidence. */
  phrase: string;
  needsContext: boolean;
  weak: boolean;
  words: string[];
}

export interface FuzzyHit {
  doc: FuzzyDoc;
  /** 0..1: the share of the phrase (by length) found in the line. */
  likeness: number;
}

const CANDIDATES_PER_LINE = 12;
const MIN_SHARED_RATIO = 0.4;
// A trigram shared by more phrases than this says little and costs much: skip it.
const MAX_POSTING = 2000;
const WORD_THRESHOLD = 0.34;
export const MIN_LIKENESS = 0.8;
const KEY_WORD_THRESHOLD = 0.15;

// Constant names (MQTT_ERR_CONN_LOST) are exact identifiers: a near miss is another identifier.
const IDENTIFIER = /^[A-Za-z0-9_.:()*-]+$/;
const WORD = /[\p{L}\p{N}_]+/gu;

// fuse.js is loaded by the first approximate search: most inputs need none, and loading it is a
// good part of a CLI run's start-up.
let FuseClass: typeof Fuse | null = null;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fuseClass = (): typeof Fuse => (FuseClass ??= require('fuse.js') as typeof Fuse);

/**
 * The fewest consecutive words of `ordered` that hold, for every group of `groups`, one of its
 * words (Infinity when a group has none there): a message is written in one place, its words
 * are not scattered over a paragraph. A group is the words that may stand for one word of a
 * phrase: itself, or its misspellings in the line.
 */
export function narrowestSpan(ordered: string[], groups: string[][]): number {
  const groupsOf = new Map<string, number[]>();
  groups.forEach((group, k) => {
    for (const w of new Set(group)) {
      const list = groupsOf.get(w) ?? [];
      list.push(k);
      groupsOf.set(w, list);
    }
  });
  const need = groups.length;
  if (need === 0) return 0;
  const counts = new Array<number>(need).fill(0);
  let have = 0;
  let best = Infinity;
  let start = 0;
  for (let end = 0; end < ordered.length; end++) {
    const ks = groupsOf.get(ordered[end]!);
    if (!ks) continue;
    for (const k of ks) {
      if (counts[k] === 0) have++;
      counts[k] = counts[k]! + 1;
    }
    while (have === need) {
      best = Math.min(best, end - start + 1);
      for (const j of groupsOf.get(ordered[start]!) ?? []) {
        counts[j] = counts[j]! - 1;
        if (counts[j] === 0) have--;
      }
      start++;
    }
  }
  return best;
}

function trigrams(s: string): Set<string> {
  const t = new Set<string>();
  const padded = ` ${s} `;
  for (let i = 0; i + 3 <= padded.length; i++) t.add(padded.slice(i, i + 3));
  return t;
}

/** Fuzzy likeness (fuse.js, behind a trigram prefilter) of error lines to the KB's short phrases. */
export class FuzzyIndex {
  private readonly docs: FuzzyDoc[];
  private readonly sizes: number[];
  /** How much a word says: rare words across the KB's phrases weigh more than "failed" or "to". */
  private readonly wordWeight = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();

  constructor(
    phrases: { entryIndex: number; phrase: string; needsContext: boolean; weak: boolean }[],
  ) {
    this.docs = phrases
      .filter((p) => !IDENTIFIER.test(p.phrase))
      .map((p) => ({ ...p, words: normalisePhrase(p.phrase).match(WORD) ?? [] }))
      // Short phrases ("not connected", "same client id", "publish to a topic with #") resemble
      // too much to be told apart by likeness: only messages of three words that say something
      // (not numbers, not the letters of an abbreviation such as "t/o", not "to" or "with") are
      // searched approximately.
      .filter(
        (d) =>
          d.words.filter((w) => w.length > 1 && !/^\d+$/.test(w) && !isFunctionWord(w)).length >= 3,
      );
    const df = new Map<string, number>();
    for (const d of this.docs) for (const w of new Set(d.words)) df.set(w, (df.get(w) ?? 0) + 1);
    for (const [w, n] of df) this.wordWeight.set(w, w.length * Math.log(1 + this.docs.length / n));
    this.sizes = this.docs.map((d, i) => {
      const grams = trigrams(d.words.join(' '));
      for (const g of grams) {
        const list = this.postings.get(g) ?? [];
        list.push(i);
        this.postings.set(g, list);
      }
      return grams.size;
    });
  }

  /** The phrase's most telling word must be there (nearly) as written, not just its common words. */
  private keyWordFound(doc: FuzzyDoc, exact: Set<string>, fuse: Fuse<string>): boolean {
    const key = doc.words.reduce((a, b) =>
      (this.wordWeight.get(b) ?? 0) > (this.wordWeight.get(a) ?? 0) ? b : a,
    );
    if (exact.has(key)) return true;
    const [best] = fuse.search(key.slice(0, 32));
    return best?.score !== undefined && best.score <= KEY_WORD_THRESHOLD;
  }

  /** Phrases that appear, approximately, in `line` (already normalised). */
  search(line: string): FuzzyHit[] {
    const counts = new Map<number, number>();
    for (const g of trigrams(line)) {
      const list = this.postings.get(g);
      if (!list || list.length > MAX_POSTING) continue;
      for (const i of list) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const ordered = line.match(WORD) ?? [];
    const lineWords = [...new Set(ordered)];
    const exact = new Set(lineWords);
    // A number in a message is a code: "reason 137" is not "reason 7", however alike the rest.
    // Left out before the cut, so such near-misses never crowd out the real candidates.
    const codesFound = (i: number): boolean =>
      this.docs[i]!.words.every((w) => !/^\d+$/.test(w) || exact.has(w));
    const candidates = [...counts.entries()]
      .map(([i, shared]) => ({ i, ratio: shared / this.sizes[i]! }))
      .filter((c) => c.ratio >= MIN_SHARED_RATIO && codesFound(c.i))
      .sort((a, b) => b.ratio - a.ratio)
      .slice(0, CANDIDATES_PER_LINE);
    if (candidates.length === 0) return [];

    const fuse = new (fuseClass())(lineWords, {
      includeScore: true,
      threshold: WORD_THRESHOLD,
      ignoreLocation: true,
      isCaseSensitive: true,
    });
    const hits: FuzzyHit[] = [];
    // Line words fuse.js finds for a phrase word, kept: the same word recurs across candidates.
    const alike = new Map<string, string[]>();
    const alikeTo = (w: string): string[] => {
      let list = alike.get(w);
      if (!list) {
        list = fuse
          .search(w.slice(0, 32))
          .filter((r) => r.score !== undefined && r.item.length >= w.length - 2)
          .map((r) => r.item);
        alike.set(w, list);
      }
      return list;
    };
    for (const { i } of candidates) {
      const doc = this.docs[i]!;
      let found = 0;
      let total = 0;
      // Per phrase word found: the line words that stand for it.
      const groups: { word: string; as: string[] }[] = [];
      for (const w of doc.words) {
        const weight = this.wordWeight.get(w) ?? w.length;
        total += weight;
        if (exact.has(w)) {
          found += weight;
          groups.push({ word: w, as: [w] });
        } else if (w.length >= 4) {
          const [best] = fuse.search(w.slice(0, 32));
          if (best?.score !== undefined && best.item.length >= w.length - 2) {
            found += weight * (1 - best.score);
            groups.push({ word: w, as: alikeTo(w) });
          }
        }
      }
      const likeness = found / total;
      if (likeness < MIN_LIKENESS) continue;
      // The words must also be found together, in no more words than the phrase has: in a
      // paragraph, "bad … user … name … password" is not the message "bad user name or
      // password". A word found as written elsewhere may stand misspelt inside the message. (One
      // word of slack, "refused: client not authorisd", cost more stories than it won on `tune`.)
      const widest = doc.words.length;
      if (
        narrowestSpan(
          ordered,
          groups.map((g) => g.as),
        ) > widest &&
        narrowestSpan(
          ordered,
          groups.map((g) => (exact.has(g.word) ? [g.word, ...alikeTo(g.word)] : g.as)),
        ) > widest
      )
        continue;
      if (this.keyWordFound(doc, exact, fuse)) hits.push({ doc, likeness });
    }
    return hits.sort((a, b) => b.likeness - a.likeness);
  }
}
