import { StemCache, rankWords } from '../../../src/match/words';

describe('rankWords', () => {
  const story =
    'My sensors keep disconnecting and reconnecting; the broker disconnected them twice';
  const expected = ['sensor', 'keep', 'disconnect', 'reconnect', 'broker', 'disconnect', 'twice'];

  it('stems the same words alike with and without a cache of stems', () => {
    expect(rankWords(story)).toEqual(expected);
    const stems: StemCache = new Map();
    expect(rankWords(story, stems)).toEqual(expected);
    expect(rankWords(story, stems)).toEqual(expected);
    expect(stems.get('disconnecting')).toBe('disconnect');
  });

  it('keeps numbers of two to five digits whole, and no piece of a longer one', () => {
    expect(rankWords('every 60 seconds on port 8883')).toEqual(['60', 'seconds', 'port', '8883']);
    expect(rankWords('1701000002: client dropped')).toEqual(['client', 'drop']);
  });

  it('folds the common misspellings of the words symptoms use into their spelling', () => {
    expect(rankWords('mosquito brocker borker recieved, the other looses conection')).toEqual(
      rankWords('mosquitto broker broker received, the other loses connection'),
    );
    expect(rankWords('reconect, disconection, connexion, passwort, authentification')).toEqual(
      rankWords('reconnect, disconnection, connection, password, authentication'),
    );
  });

  it('keeps "same" and "other": "same client id", "the other device" tell a takeover', () => {
    expect(rankWords('the same client id as the other one')).toEqual(['same', 'clientid', 'other']);
  });

  it('reads "30 seconds" as a time, not as the "second" of "a second device"', () => {
    expect(rankWords('every 30 seconds')).toEqual(['30', 'seconds']);
    expect(rankWords('when a second device connects')).toContain('second');
    expect(rankWords('a few secs')).toEqual(rankWords('a few seconds'));
  });
});
