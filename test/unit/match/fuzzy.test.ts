import { FuzzyIndex, narrowestSpan } from '../../../src/match/fuzzy';

describe('narrowestSpan', () => {
  const words = 'the broker said not authorised and then the client was not connected'.split(' ');
  const groups = (...ws: string[]) => ws.map((w) => [w]);

  it('is the fewest consecutive words that hold one word of every group', () => {
    expect(narrowestSpan(words, groups('not', 'authorised'))).toBe(2);
    expect(narrowestSpan(words, groups('not', 'connected'))).toBe(2);
    expect(narrowestSpan(words, groups('broker', 'client'))).toBe(8);
    // A repeated word is found once for both groups.
    expect(narrowestSpan(words, groups('not', 'not', 'connected'))).toBe(2);
    // Any word of a group will do: the nearest one counts.
    expect(narrowestSpan(words, [['broker', 'client'], ['connected']])).toBe(4);
  });

  it('is Infinity when a group has no word there and 0 when there are no groups', () => {
    expect(narrowestSpan(words, groups('refused'))).toBe(Infinity);
    expect(narrowestSpan(words, [])).toBe(0);
  });
});

describe('FuzzyIndex', () => {
  const index = new FuzzyIndex([
    { entryIndex: 0, phrase: 'publish to a topic with #', needsContext: false, weak: false },
    { entryIndex: 1, phrase: 'bad user name or password', needsContext: false, weak: false },
    {
      entryIndex: 2,
      phrase: 'Connection Refused: not authorised',
      needsContext: false,
      weak: false,
    },
  ]);
  const found = (line: string) => index.search(line).map((h) => h.doc.entryIndex);

  it('leaves out phrases of fewer than three words that say something', () => {
    // "publish" and "topic" are the only telling words of that phrase: any story has them.
    expect(found('publishing to a topic with slashes does not work')).toEqual([]);
  });

  it('finds a misspelt message written in one place, not its words spread over a sentence', () => {
    expect(found('conection refused: not authorisd')).toEqual([2]);
    expect(found('mqtt connect failed: bad usr name or passwrd')).toEqual([1]);
    expect(
      found('the user changed the name of the broker, and the password failed: bad luck'),
    ).toEqual([]);
  });

  it('takes a word misspelt inside the message although the line has it right elsewhere', () => {
    expect(found('connection failed, reason: conection refused: not authorisd')).toEqual([2]);
  });
});
