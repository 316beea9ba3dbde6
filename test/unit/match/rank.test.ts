import { EvidenceBook } from '../../../src/match/evidence';
import { CompiledPhrase } from '../../../src/match/phrases';
import { rankEntries } from '../../../src/match/rank';
import { Evidence } from '../../../src/match/result';

const sighting = (line: number, weight = 1): Evidence => ({
  kind: 'phrase',
  line,
  text: `line ${line}`,
  matched: 'closed its connection',
  why: 'matches "closed its connection"',
  weight,
});

describe('rankEntries', () => {
  it('scores evidence seen several times and kept once as if every sighting were listed', () => {
    const listed = rankEntries(new Map([[0, [1, 2, 3, 4].map((n) => sighting(n))]]), 5);
    const once = sighting(1);
    const counted = rankEntries(new Map([[0, [once]]]), 5, new Map(), new Map([[once, 4]]));
    expect(counted[0]!.score).toBe(listed[0]!.score);
    expect(counted[0]!.evidence).toEqual(listed[0]!.evidence);
  });

  it('quotes first the line that stands on its own, before a context line that tells a special case apart', () => {
    const refusal = { ...sighting(6, 1), matched: 'disconnected, not authorised' };
    const banner: Evidence = {
      ...sighting(1, 0.9),
      matched: 'mosquitto version 2.* starting',
      caveat: 'weak',
    };
    // Entry 1 (anonymous access off in 2.0) refines entry 0 (not authorised): it shows both lines.
    const ranked = rankEntries(
      new Map([
        [0, [refusal]],
        [1, [refusal, banner]],
      ]),
      5,
      new Map([[1, [0]]]),
    );
    const special = ranked.find((r) => r.entryIndex === 1)!;
    expect(ranked[0]).toBe(special);
    expect(special.evidence.map((e) => e.line)).toEqual([6, 1]);
  });

  it('lets a repeated signal outrank the same signal seen once', () => {
    const a = sighting(1);
    const b = sighting(2);
    const ranked = rankEntries(
      new Map([
        [0, [a]],
        [1, [b]],
      ]),
      5,
      new Map(),
      new Map([[b, 6]]),
    );
    expect(ranked.map((r) => r.entryIndex)).toEqual([1, 0]);
  });
});

describe('EvidenceBook', () => {
  const phrase = (id: number): CompiledPhrase => ({
    id,
    entryIndex: 0,
    phrase: 'closed its connection',
    needsContext: false,
    weak: false,
    norm: 'closed its connection',
    anchor: 'closed its connection',
    anchorEdges: { start: true, end: true },
    parts: null,
    weight: 1,
  });

  it('keeps a phrase seen again once, counts it, and keeps a heavier sighting beside it', () => {
    const p = phrase(0);
    const book = new EvidenceBook();
    const listed: Evidence[] = [];
    for (const [line, weight] of [
      [1, 1],
      [2, 1],
      [3, 1.15],
      [4, 1],
    ] as const) {
      listed.push(sighting(line, weight));
      if (!book.seenAgain(p, weight)) book.addPhrase(p, sighting(line, weight));
    }
    const all = rankEntries(new Map([[0, listed]]), 5);
    const kept = book.rank(5, new Map());
    expect(kept[0]!.score).toBe(all[0]!.score);
    expect(kept[0]!.evidence.map((e) => e.line)).toEqual([3]);
  });
});
