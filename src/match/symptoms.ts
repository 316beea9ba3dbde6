/**
 * Ranking by how people describe a problem when they quote no error ("two devices keep kicking
 * each other off"): BM25F over each entry's fields, weighted by how much a field says about what
 * a user sees: symptoms most, then the title and the signal phrases, then the root cause and the
 * rest. An inverted index keeps a query's cost to the postings of its words, not the KB's size.
 *
 * It ranks entries; whether its best answer is sure enough for a passive listener to speak is
 * decided by the matcher (`confident`).
 */
import { KbEntry } from '../kb/entry';
import { StemCache, rankWords } from './words';
import { CentroidPostings, centroidLikeness, entryCentroids } from './centroids';
import { symptomIdf, unitVector } from './vectors';

/** Field weights (tuned on the `tune` split of the corpus only). */
export const FIELD_WEIGHTS = {
  symptoms: 3,
  title: 2,
  signals: 1.2,
  rootCause: 0.6,
  workarounds: 0.5,
  deadEnds: 0.3,
} as const;
type Field = keyof typeof FIELD_WEIGHTS;

export interface SymptomTuning {
  weights: Record<Field, number>;
  k1: number;
  b: number;
  /** Share of the nearest-symptom likeness in the blended score (0: BM25F alone). */
  nearest: number;
  /** How many of an entry's closest symptoms are averaged (one alone is easily a fluke). */
  nearestOf: number;
  /**
   * An entry's signal phrases count by their most frequent words only: those say what the entry
   * is about ("refused", "authorized", "connack"), while the long tail of product names and
   * identifiers that each coverage pass adds only moved near-ties among stories.
   */
  signalWords: number;
  /** Share of the entry-centroid likeness (words and word pairs) added to the blend. */
  centroid: number;
}
/** Chosen on the `tune` split only (top-1 of its texts with no firm signal: 79 -> 89 of 125). */
export const SYMPTOM_INDEX_TUNING: SymptomTuning = {
  weights: { ...FIELD_WEIGHTS },
  k1: 1.2,
  b: 0.6,
  nearest: 0.5,
  nearestOf: 3,
  signalWords: 30,
  centroid: 0.5,
};
/** Query words used at most: the rarest ones, which say the most (and bound the work). */
const MAX_QUERY_WORDS = 48;
/** A word in more than this share of a large KB's entries is not looked up. */
const COMMON_SHARE = 0.05;
const COMMON_FLOOR = 100;

export interface SymptomHit {
  entryIndex: number;
  /**
   * The blended score on the BM25F scale (the best entry's BM25F is the unit): comparable within
   * one query, and its size still says how much the text shares with the KB at all.
   */
  score: number;
  /** The query's words the entry shares, most telling first. */
  shared: string[];
  /** The entry's symptom that shares the most words with the query, if any shares two. */
  symptom: string | null;
}

interface Posting {
  entryIndex: number;
  /** Field-weighted term frequency. */
  tf: number;
}

interface Scratch {
  /** Per symptom, the query's cosine so far (0: untouched). */
  cosine: Float64Array;
  /** The symptoms touched, in the order first touched. */
  touched: Int32Array;
  /** Per entry, its best `nearestOf` cosines, highest first, and how many it has. */
  top: Float64Array;
  topCount: Int32Array;
  /** Per entry, the query's BM25F score so far (0: untouched), and the entries touched. */
  score: Float64Array;
  scored: Int32Array;
}

/** One symptom (or title) as a unit vector over its words: word -> (symptom, weight). */
interface SymptomPosting {
  symptom: number;
  weight: number;
}

/**
 * BM25 over entries' symptom lists and titles: how a story in plain words ("my esp32 keeps
 * disconnecting when a second device connects") finds the entry whose symptoms say the same,
 * when the text quotes no code or log line.
 */
export class SymptomIndex {
  private readonly postings = new Map<string, Posting[]>();
  private readonly entryCount: number;
  private readonly symptomWords: { text: string; words: Set<string> }[][];
  /** Every entry's symptoms and title, one by one: which entry, and the text. */
  private readonly symptomOwner: { entryIndex: number; text: string }[] = [];
  private readonly symptomPostings = new Map<string, SymptomPosting[]>();
  /** Per word or word pair, each entry's weight in its centroid (see centroids.ts). */
  private readonly centroidPostings: CentroidPostings;

  private readonly k1: number;
  private readonly nearest: number;
  private readonly nearestOf: number;
  private readonly centroid: number;

  constructor(entries: KbEntry[], tuning: SymptomTuning = SYMPTOM_INDEX_TUNING) {
    this.k1 = tuning.k1;
    this.nearest = tuning.nearest;
    this.nearestOf = tuning.nearestOf;
    this.centroid = tuning.centroid;
    // Stems worked out once for the whole build, then dropped with it (see StemCache).
    const stems: StemCache = new Map();
    const fieldsOf = (e: KbEntry): Record<Field, string> => ({
      symptoms: e.symptoms.join(' \n '),
      title: e.title,
      // A phrase that only tells a special case apart (a host name) describes nothing.
      signals: e.signals
        .filter((s) => !s.tellsApart)
        .map((s) => s.phrase.replace(/\*/g, ' '))
        .join(' \n '),
      rootCause: e.rootCause,
      workarounds: e.workarounds.map((w) => w.summary).join(' \n '),
      deadEnds: e.deadEnds.map((d) => d.attempt).join(' \n '),
    });
    const fieldWords = entries.map(
      (e) =>
        Object.entries(fieldsOf(e)).map(([field, text]) => {
          const words = rankWords(text, stems);
          return [field, field === 'signals' ? mostFrequent(words, tuning.signalWords) : words];
        }) as [Field, string[]][],
    );
    const fieldAvg = new Map<Field, number>();
    for (const fields of fieldWords)
      for (const [field, words] of fields)
        fieldAvg.set(field, (fieldAvg.get(field) ?? 0) + words.length / entries.length);
    this.entryCount = entries.length;
    fieldWords.forEach((fields, entryIndex) => {
      const tf = new Map<string, number>();
      for (const [field, words] of fields) {
        // Each field is normalised by its own average length (BM25F): a long list of signal
        // phrases (identifiers, log lines) no longer dilutes an entry's symptoms and title, so
        // signals added for coverage do not move the ranking of stories.
        const norm = 1 - tuning.b + (tuning.b * words.length) / (fieldAvg.get(field) || 1);
        const weight = tuning.weights[field] / norm;
        for (const w of words) tf.set(w, (tf.get(w) ?? 0) + weight);
      }
      for (const [w, x] of tf) {
        const list = this.postings.get(w) ?? [];
        list.push({ entryIndex, tf: x });
        this.postings.set(w, list);
      }
    });
    const symptoms = this.indexSymptoms(entries, stems);
    this.symptomWords = symptoms.perEntry;
    this.centroidPostings =
      this.centroid > 0
        ? entryCentroids(
            symptoms.words,
            (doc) => this.symptomOwner[doc]!.entryIndex,
            entries.length,
          )
        : new Map();
  }

  /**
   * Indexes each symptom and title as a unit vector; returns each entry's symptoms' words, and
   * every symptom's and title's words in order.
   */
  private indexSymptoms(
    entries: KbEntry[],
    stems: StemCache,
  ): { perEntry: { text: string; words: Set<string> }[][]; words: string[][] } {
    const perEntry: { text: string; words: Set<string> }[][] = entries.map(() => []);
    const words = entries.flatMap((e, entryIndex) =>
      [...e.symptoms, e.title].map((text, i) => {
        this.symptomOwner.push({ entryIndex, text });
        const ws = rankWords(text, stems);
        if (i < e.symptoms.length) perEntry[entryIndex]!.push({ text, words: new Set(ws) });
        return ws;
      }),
    );
    const df = new Map<string, number>();
    for (const ws of words) for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
    words.forEach((ws, symptom) => {
      for (const [w, weight] of unitVector(ws, (x) => symptomIdf(df.get(x) ?? 0, words.length))) {
        const list = this.symptomPostings.get(w) ?? [];
        list.push({ symptom, weight });
        this.symptomPostings.set(w, list);
      }
    });
    return { perEntry, words };
  }

  /**
   * Per-query work arrays, made on first use and reused: a query touches a few hundred symptoms
   * and entries, and Maps of them were most of a one-line story's garbage.
   */
  private scratch: Scratch | undefined;

  private scratchOf(): Scratch {
    const entries = this.entryCount;
    return (this.scratch ??= {
      cosine: new Float64Array(this.symptomOwner.length),
      touched: new Int32Array(this.symptomOwner.length),
      top: new Float64Array(entries * this.nearestOf),
      topCount: new Int32Array(entries),
      score: new Float64Array(entries),
      scored: new Int32Array(entries),
    });
  }

  /** Per entry, the mean cosine of the text with its `nearestOf` closest symptoms. */
  private nearestSymptoms(queryWords: string[]): Map<number, number> {
    const total = this.symptomOwner.length;
    const query = unitVector(
      queryWords.filter((w) => this.symptomPostings.has(w)),
      (w) => symptomIdf(this.symptomPostings.get(w)!.length, total),
    );
    const { cosine, touched, top, topCount } = this.scratchOf();
    let touchedCount = 0;
    for (const [w, qw] of query)
      for (const p of this.symptomPostings.get(w)!) {
        if (cosine[p.symptom] === 0) touched[touchedCount++] = p.symptom;
        cosine[p.symptom]! += qw * p.weight;
      }
    const k = this.nearestOf;
    const entries: number[] = [];
    for (let t = 0; t < touchedCount; t++) {
      const symptom = touched[t]!;
      const c = cosine[symptom]!;
      cosine[symptom] = 0;
      const e = this.symptomOwner[symptom]!.entryIndex;
      const n = topCount[e]!;
      if (n === 0) entries.push(e);
      // The entry's best few so far, highest first: insert in place, drop the last.
      let at = n;
      while (at > 0 && top[e * k + at - 1]! < c) at--;
      if (at < k) {
        for (let j = Math.min(n, k - 1); j > at; j--) top[e * k + j] = top[e * k + j - 1]!;
        top[e * k + at] = c;
        topCount[e] = Math.min(n + 1, k);
      }
    }
    const likeness = new Map<number, number>();
    for (const e of entries) {
      let sum = 0;
      for (let j = 0; j < topCount[e]!; j++) sum += top[e * k + j]!;
      likeness.set(e, sum / k);
      topCount[e] = 0;
    }
    return likeness;
  }

  private idf(word: string): number {
    const n = this.postings.get(word)?.length ?? 0;
    const total = this.entryCount;
    return Math.log(1 + (total - n + 0.5) / (n + 0.5));
  }

  search(text: string, max = 5): SymptomHit[] {
    const counts = new Map<string, number>();
    const written = new Map<string, string>();
    const textWords = rankWords(text, undefined, written);
    for (const w of textWords) if (this.postings.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    // Words in a large share of the KB select nothing and cost the most: left out.
    const common = Math.max(COMMON_FLOOR, this.entryCount * COMMON_SHARE);
    const words = [...counts.keys()]
      .filter((w) => this.postings.get(w)!.length <= common)
      .map((w) => ({ w, idf: this.idf(w) }))
      .sort((a, b) => b.idf - a.idf)
      .slice(0, MAX_QUERY_WORDS);
    const { score, scored } = this.scratchOf();
    let scoredCount = 0;
    const part = (w: string, idf: number, p: Posting): number => {
      // A word repeated in the query counts a little more, not linearly (a log repeats lines).
      const qtf = 1 + Math.log(counts.get(w)!);
      return qtf * idf * ((p.tf * (this.k1 + 1)) / (p.tf + this.k1));
    };
    for (const { w, idf } of words)
      for (const p of this.postings.get(w)!) {
        if (score[p.entryIndex] === 0) scored[scoredCount++] = p.entryIndex;
        score[p.entryIndex]! += part(w, idf, p);
      }
    const query = new Set(words.map((x) => x.w));
    const nearest = this.nearest > 0 ? this.nearestSymptoms([...counts.keys()]) : new Map();
    let bmTop = 0;
    for (let i = 0; i < scoredCount; i++) bmTop = Math.max(bmTop, score[scored[i]!]!);
    const nearTop = Math.max(0, ...nearest.values());
    const central =
      this.centroid > 0
        ? centroidLikeness(this.centroidPostings, this.symptomOwner.length, textWords)
        : new Map<number, number>();
    const centralTop = Math.max(0, ...central.values());
    for (const e of central.keys())
      if (score[e] === 0) {
        scored[scoredCount++] = e;
        score[e] = 1e-9;
      }
    // Both parts scaled to the best entry's BM25F, so the blend keeps the scale the callers'
    // thresholds are on.
    const blended = (i: number, bm: number): number =>
      (1 - this.nearest) * bm +
      (nearTop > 0 ? (this.nearest * bmTop * (nearest.get(i) ?? 0)) / nearTop : 0) +
      (centralTop > 0 ? (this.centroid * bmTop * (central.get(i) ?? 0)) / centralTop : 0);
    const ranked: { entryIndex: number; score: number }[] = [];
    for (let i = 0; i < scoredCount; i++) {
      const entryIndex = scored[i]!;
      ranked.push({ entryIndex, score: blended(entryIndex, score[entryIndex]!) });
      score[entryIndex] = 0;
    }
    return ranked
      .sort((a, b) => b.score - a.score || a.entryIndex - b.entryIndex)
      .slice(0, max)
      .map(({ entryIndex, score: s }) => ({
        entryIndex,
        score: s,
        // The words it shares, most telling first: worked out for the few hits returned only.
        shared: words
          .flatMap(({ w, idf }) => {
            const p = this.postings.get(w)!.find((x) => x.entryIndex === entryIndex);
            return p ? [[w, part(w, idf, p)] as const] : [];
          })
          .sort((a, b) => b[1] - a[1])
          .map(([w]) => written.get(w) ?? w),
        symptom: this.closestSymptom(entryIndex, query),
      }));
  }

  private closestSymptom(entryIndex: number, query: Set<string>): string | null {
    let best: { text: string; n: number } | null = null;
    for (const s of this.symptomWords[entryIndex] ?? []) {
      let n = 0;
      for (const w of s.words) if (query.has(w)) n++;
      if (n >= 2 && (!best || n > best.n)) best = { text: s.text, n };
    }
    return best?.text ?? null;
  }
}

/** The words, in order, that are among the `n` most frequent of them (ties by the word). */
function mostFrequent(words: string[], n: number): string[] {
  const tf = new Map<string, number>();
  for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
  if (tf.size <= n) return words;
  const keep = new Set(
    [...tf]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([w]) => w),
  );
  return words.filter((w) => keep.has(w));
}
