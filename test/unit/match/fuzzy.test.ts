import { FuzzyIndex, narrowestSpan } from '../../../src/match/fuzzy';

describe('narrowestSpan', () => {
  const words = 'the broker said not authorised and then the client was not connected'.split(' ');

  it('is the fewest consecutive words that hold every wanted word', () => {
    expect(narrowestSpan(words, ['not', 'authorised'])).toBe(2);
    expect(narrowestSpan(words, ['not', 'connected'])).toBe(2);
    expect(narrowestSpan(words, ['broker', 'client'])).toBe(8);
    // A repeated wanted word is one word to find.
    expect(narrowestSpan(words, ['not', 'not', 'connected'])).toBe(2);
  });

  it('is Infinity when a word is missing and 0 when nothing is wanted', () => {
    expect(narrowestSpan(words, ['refused'])).toBe(Infinity);
    expect(narrowestSpan(words, [])).toBe(0);
  });
});

describe('FuzzyIndex', () => {
  const index = new FuzzyIndex([
    { entryIndex: 0, phrase: 'publish to a topic with #', needsContext: false, weak: false },
    { entryIndex: 1, phrase: 'stuck on connecting', needsContext: false, weak: false },
    {
      entryIndex: 2,
      phrase: 'Connection Refused: not authorised',
      needsContext: false,
      weak: false,
    },
  ]);

  it('leaves out phrases of fewer than three words that say something', () => {
    // "publish … topic" and "stuck … connecting" are the only telling words of their phrases.
    expect(index.search('publishing to a topic with slashes does not work')).toEqual([]);
    expect(index.search('entities are stuck at unavailable after connecting')).toEqual([]);
  });

  it('finds a misspelt message written in one place, not its words spread over a sentence', () => {
    expect(index.search('conection refused: not authorisd').map((h) => h.doc.entryIndex)).toEqual([
      2,
    ]);
    expect(
      index.search('the connection worked, then it refused to publish, and it is not authorised'),
    ).toEqual([]);
  });
});
