/**
 * The evidence a text gives for each entry, gathered line by line, and what it adds up to.
 */
import { CompiledPhrase } from './phrases';
import { RankedEntry, rankEntries } from './rank';
import { Evidence } from './result';

export class EvidenceBook {
  private readonly byEntry = new Map<number, Evidence[]>();
  // A phrase on many lines of a log (Mosquitto's "closed its connection" on every other line)
  // is kept once, with how often it was seen; only a heavier sighting adds another.
  private readonly byPhrase = new Map<CompiledPhrase, Evidence>();
  private readonly sightings = new Map<Evidence, number>();

  // Per entry, where in its list each kind of evidence and what it matched is kept: a code on
  // every line of a log is one piece of evidence seen many times, not many (400,000 mentions of
  // `0x87` took seconds and a gigabyte).
  private readonly slot = new Map<number, Map<string, number>>();

  add(entryIndex: number, e: Evidence): void {
    const list = this.byEntry.get(entryIndex) ?? [];
    const slots = this.slot.get(entryIndex) ?? new Map<string, number>();
    const key = `${e.kind}:${e.matched}`;
    const at = slots.get(key);
    if (at === undefined) {
      slots.set(key, list.length);
      list.push(e);
      this.byEntry.set(entryIndex, list);
      this.slot.set(entryIndex, slots);
      return;
    }
    // The heavier sighting is kept, with the count of all of them.
    const kept = list[at]!;
    const seen = (this.sightings.get(kept) ?? 1) + (this.sightings.get(e) ?? 1);
    const winner = e.weight > kept.weight ? e : kept;
    list[at] = winner;
    this.sightings.delete(kept);
    this.sightings.set(winner, seen);
  }

  /**
   * Counts another sighting of `phrase` when one kept already weighs as much as `weight` (true);
   * otherwise the caller adds it with `addPhrase`.
   */
  seenAgain(phrase: CompiledPhrase, weight: number): boolean {
    const seen = this.byPhrase.get(phrase);
    if (!seen || seen.weight < weight) return false;
    this.sightings.set(seen, (this.sightings.get(seen) ?? 1) + 1);
    return true;
  }

  addPhrase(phrase: CompiledPhrase, e: Evidence): void {
    this.byPhrase.set(phrase, e);
    this.add(phrase.entryIndex, e);
  }

  has(entryIndex: number): boolean {
    return this.byEntry.has(entryIndex);
  }

  /** Some evidence that `isFirm` accepts, for any entry. */
  any(isFirm: (e: Evidence) => boolean): boolean {
    for (const list of this.byEntry.values()) if (list.some(isFirm)) return true;
    return false;
  }

  rank(max: number, refines: Map<number, number[]>): RankedEntry[] {
    return rankEntries(this.byEntry, max, refines, this.sightings);
  }
}
