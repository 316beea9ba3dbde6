/**
 * When nothing in the text is an error message the KB knows ("the broker closes the connection
 * when I publish a payload above 12 KB"), the words still point somewhere: a TF-IDF likeness
 * between the text and each entry's title, root cause and signal phrases. It only ranks: a
 * description alone never makes a passive listener speak.
 */
import { KbEntry } from '../kb/entry';
import { normalisePhrase } from './normalise';

const STOP = new Set(
  'the a an and or of to in on at for with by from is are was were be been it its this that these those i we you they he she my our your their not no but if then when while as so do does did has have had can could will would should may might just only also very than there here what which who how why about into over after before up down out off again any all some more most other such own same too get got use using used'.split(
    ' ',
  ),
);

/** Crude stemming: enough to meet "disconnects" with "disconnected" and "payloads" with "payload". */
function stem(w: string): string {
  return w.replace(/(?:ing|ed|es|s)$/, '');
}

function terms(text: string): string[] {
  return (normalisePhrase(text).match(/[a-z][a-z0-9]+/g) ?? [])
    .filter((w) => w.length > 2 && !STOP.has(w))
    .map(stem);
}

export interface DescriptionHit {
  entryIndex: number;
  similarity: number;
  /** The words the text shares with the entry, most telling first. */
  shared: string[];
}

export class DescriptionIndex {
  private readonly vectors: Map<string, number>[];
  private readonly idf = new Map<string, number>();

  constructor(entries: KbEntry[]) {
    const docs = entries.map((e) =>
      terms(
        [
          e.title,
          e.rootCause,
          ...e.versions.map((v) => v.notes),
          ...e.workarounds.map((w) => w.summary),
          ...e.deadEnds.map((d) => d.attempt),
          ...e.signals.map((s) => s.phrase.replace(/\*/g, ' ')),
        ].join(' '),
      ),
    );
    const df = new Map<string, number>();
    for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + docs.length / n));
    this.vectors = docs.map((d) => this.vector(d));
  }

  private vector(ts: string[]): Map<string, number> {
    const v = new Map<string, number>();
    for (const t of ts) v.set(t, (v.get(t) ?? 0) + (this.idf.get(t) ?? 0));
    const norm = Math.sqrt([...v.values()].reduce((a, b) => a + b * b, 0)) || 1;
    for (const [t, x] of v) v.set(t, x / norm);
    return v;
  }

  search(text: string, max = 4): DescriptionHit[] {
    const q = this.vector(terms(text));
    if (q.size === 0) return [];
    const hits: DescriptionHit[] = [];
    this.vectors.forEach((v, entryIndex) => {
      let sim = 0;
      const shared: [string, number][] = [];
      for (const [t, x] of q) {
        const y = v.get(t);
        if (y) {
          sim += x * y;
          shared.push([t, x * y]);
        }
      }
      if (sim > 0)
        hits.push({
          entryIndex,
          similarity: sim,
          shared: shared.sort((a, b) => b[1] - a[1]).map(([t]) => t),
        });
    });
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, max);
  }
}
