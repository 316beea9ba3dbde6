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

/**
 * `refines` maps an entry to the broader entries it is a special case of: with evidence of its
 * own and a matching parent, the special case takes the parent's score and ranks above it.
 * `sightings` says how often a piece of evidence was seen when that is more than once (a log
 * line repeated, kept once).
 */
export function rankEntries(
  evidence: Map<number, Evidence[]>,
  max: number,
  refines: Map<number, number[]> = new Map(),
  sightings: Map<Evidence, number> = new Map(),
): RankedEntry[] {
  const ranked: RankedEntry[] = [];
  const all = new Map<number, Evidence[]>();
  for (const [entryIndex, list] of evidence) {
    const bestByKey = new Map<string, Evidence>();
    const repeats = new Map<string, number>();
    for (const e of list) {
      const key = `${e.kind}:${e.matched}`;
      repeats.set(key, (repeats.get(key) ?? 0) + (sightings.get(e) ?? 1));
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
    all.set(entryIndex, distinct);
    ranked.push({ entryIndex, score: raw, evidence: distinct.slice(0, 3) });
  }
  const byIndex = new Map(ranked.map((r) => [r.entryIndex, r]));
  for (const r of ranked) {
    const parents = (refines.get(r.entryIndex) ?? [])
      .map((p) => byIndex.get(p))
      .filter((p): p is RankedEntry => Boolean(p));
    if (parents.length === 0) continue;
    const parent = parents.reduce((a, b) => (b.score > a.score ? b : a));
    // Only what the parent does not also show speaks for the special case; context phrases too
    // weak to stand alone ("worked with 1.6") are exactly what tells the special case apart, and
    // an out-of-context phrase counts when the parent's evidence is just as out of context.
    const parentKeys = new Set(
      (all.get(parent.entryIndex) ?? []).map((e) => `${e.kind}:${e.matched}`),
    );
    const own = (all.get(r.entryIndex) ?? []).find(
      (e) => !parentKeys.has(`${e.kind}:${e.matched}`) && e.kind !== 'description',
    );
    if (!own) continue;
    r.score = Math.max(r.score, parent.score) + REINFORCE * own.weight;
    const seen = new Set<string>();
    r.evidence = [own, ...parent.evidence, ...r.evidence]
      .filter((e) => {
        // The parent's line is usually the entry's own too: quoted once.
        const key = `${e.kind}:${e.line}:${e.matched}`;
        return !seen.has(key) && Boolean(seen.add(key));
      })
      .slice(0, 3);
  }
  for (const r of ranked) {
    r.score = 1 - Math.exp(-r.score);
    // The line an answer quotes first is the one that stands on its own: a start-up banner that
    // tells a special case apart ("mosquitto version 2.0.18 starting") comes after the refusal.
    r.evidence = [...r.evidence.filter((e) => !e.caveat), ...r.evidence.filter((e) => e.caveat)];
  }
  return ranked.sort((a, b) => b.score - a.score || a.entryIndex - b.entryIndex).slice(0, max);
}
