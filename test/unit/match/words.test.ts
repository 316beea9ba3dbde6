import { rankWords } from '../../../src/match/words';

describe('rankWords', () => {
  const story =
    'My sensors keep disconnecting and reconnecting; the broker disconnected them twice';

  it('stems the same words alike, however often they were seen and after its cache starts over', () => {
    const first = rankWords(story);
    expect(first).toEqual([
      'sensor',
      'keep',
      'disconnect',
      'reconnect',
      'broker',
      'disconnect',
      'twice',
    ]);
    expect(rankWords(story)).toEqual(first);
    // More distinct words than the cache holds: it starts over, and the stems stay the same.
    rankWords(Array.from({ length: 25_000 }, (_, i) => `word${i}ing`).join(' '));
    expect(rankWords(story)).toEqual(first);
  });
});
