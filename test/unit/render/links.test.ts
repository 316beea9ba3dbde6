import { brokerPath, entryPath, entryUrlFor } from '../../../src/render/links';

describe('web UI addresses', () => {
  it('puts an entry id under /kb/ with each part URL-encoded and the slash kept', () => {
    expect(entryPath('auth/not-authorized')).toBe('/kb/auth/not-authorized');
    expect(entryPath('a b/c?d')).toBe('/kb/a%20b/c%3Fd');
  });

  it('encodes a broker name as one path segment', () => {
    expect(brokerPath('prod eu')).toBe('/status/prod%20eu');
    expect(brokerPath('a/b')).toBe('/status/a%2Fb');
  });

  it('gives full entry addresses only when the web UI address is known', () => {
    expect(entryUrlFor('https://why.example.com')('auth/x')).toBe(
      'https://why.example.com/kb/auth/x',
    );
    expect(entryUrlFor(null)('auth/x')).toBeNull();
    expect(entryUrlFor('')('auth/x')).toBeNull();
  });
});
