import { SYMPTOM_INDEX_TUNING, SymptomIndex } from '../../../src/match/symptoms';
import { kbOf } from '../../helpers/small-kb';
import { EntrySpec } from '../../helpers/entry-text';

const TAKEOVER: EntrySpec = {
  id: 't/takeover',
  signals: ['already connected, closing old connection'],
  symptoms: ['two devices keep kicking each other off the broker'],
};
const TIMEOUT: EntrySpec = {
  id: 't/timeout',
  signals: ['connect timed out'],
  symptoms: ['the device tries to connect for a while and then gives up'],
};
const STORY = 'my two devices keep kicking each other off';

function scoresOf(specs: EntrySpec[]): Map<string, number> {
  const kb = kbOf(specs);
  const hits = new SymptomIndex(kb.entries).search(STORY);
  return new Map(hits.map((h) => [kb.entries[h.entryIndex]!.id, h.score]));
}

describe('SymptomIndex', () => {
  it('names the words a story shares as the story wrote them, not as stems', () => {
    const kb = kbOf([TAKEOVER, TIMEOUT]);
    const [top] = new SymptomIndex(kb.entries).search('both devices kicking and disconnected');
    expect(kb.entries[top!.entryIndex]!.id).toBe('t/takeover');
    expect(top!.shared).toContain('devices');
    expect(top!.shared).not.toContain('device');
  });

  it('ranks a story the same however many signal phrases an entry lists: each field has its own length', () => {
    const before = scoresOf([TAKEOVER, TIMEOUT]);
    // Signals read from a library's source: identifiers and log lines that share no word with
    // the story, only length.
    const manySignals = Array.from(
      { length: 40 },
      (_, i) => `LIBRARY_ERROR_NUMBER_${i} in module ${i}`,
    );
    const after = scoresOf([
      { ...TAKEOVER, signals: [...TAKEOVER.signals!, ...manySignals] },
      TIMEOUT,
    ]);
    expect([...after.keys()][0]).toBe('t/takeover');
    expect(after.get('t/takeover')).toBeCloseTo(before.get('t/takeover')!, 10);
  });

  it("reads an entry's signal phrases by their most frequent words, not their long tail", () => {
    // A coverage pass adds one product's wording (here "offline" and "wifi") to an entry that is
    // about something else; a story in those words must not be drawn to it.
    const tail = [
      'connect timed out',
      'timed out waiting for CONNACK',
      'connect timed out after 30 s',
      'MQTT disconnected: wifi offline',
    ];
    const kb = kbOf([{ ...TIMEOUT, signals: tail }, TAKEOVER]);
    const idsFor = (signalWords: number): string[] =>
      new SymptomIndex(kb.entries, { ...SYMPTOM_INDEX_TUNING, signalWords })
        .search('the wifi goes offline')
        .map((h) => kb.entries[h.entryIndex]!.id);
    expect(idsFor(1000)).toContain('t/timeout');
    expect(idsFor(3)).toEqual([]);
  });

  it('prefers the entry whose symptoms say the words in the same order (word pairs)', () => {
    // The same words in both entries; only the order tells "a second device connects" from a
    // device that connects a second time.
    const kb = kbOf([
      {
        id: 't/alpha',
        title: 'Wibble',
        signals: ['wibble fault'],
        symptoms: ['the device connects for a second'],
      },
      {
        id: 't/bravo',
        title: 'Wobble',
        signals: ['wobble fault'],
        symptoms: ['a second device connects'],
      },
    ]);
    const firstFor = (centroid: number): string | undefined => {
      const [top] = new SymptomIndex(kb.entries, { ...SYMPTOM_INDEX_TUNING, centroid }).search(
        'as soon as a second device connects',
      );
      return top && kb.entries[top.entryIndex]!.id;
    };
    expect(firstFor(0)).toBe('t/alpha');
    expect(firstFor(SYMPTOM_INDEX_TUNING.centroid)).toBe('t/bravo');
  });
});
