/** Turns per-entry evidence into one score per entry and a ranking. */
import { Evidence } from './result';

export interface RankedEntry {
  entryIndex: number;
  score: number;
  evidence: Evidence[];
}

// Further distinct signals reinforce the best one, with diminishing returns: a paste that shows
// the CONNACK code, the library's message and the broker's log line is surer than any one alone.
const REINFORCE = 0.35;
const REPEAT_BONUS = 0.08;

export function rankEntries(evidence: Map<number, Evidence[]>, max: number): RankedEntry[] {
  const ranked: RankedEntry[] = [];
  for (const [entryIndex, list] of evidence) {
    const bestByKey = new Map<string, Evidence>();
    const repeats = new Map<string, number>();
    for (const e of list) {
      const key = `${e.kind}:${e.matched}`;
      repeats.set(key, (repeats.get(key) ?? 0) + 1);
      const prev = bestByKey.get(key);
      if (!prev || e.weight > prev.weight) bestByKey.set(key, e);
    }
    const distinct = [...bestByKey.values()].sort((a, b) => b.weight - a.weight);
    const [best, ...rest] = distinct;
    if (!best) continue;
    let raw = best.weight;
    rest.forEach((e, i) => (raw += (REINFORCE * e.weight) / (i + 1)));
    const maxRepeats = Math.max(...repeats.values());
    raw += REPEAT_BONUS * Math.log2(maxRepeats);
    ranked.push({ entryIndex, score: 1 - Math.exp(-raw), evidence: distinct.slice(0, 3) });
  }
  return ranked.sort((a, b) => b.score - a.score || a.entryIndex - b.entryIndex).slice(0, max);
}
