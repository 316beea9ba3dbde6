import { compareResults, verdictForCard } from '../../../src/probe/compare';
import { entry, probeResult, step } from '../fixtures';

describe('what changed since the last probe', () => {
  it('says nothing for a first probe or an unchanged one', () => {
    const r = probeResult([step('tcp', true)]);
    expect(compareResults(null, r)).toEqual([]);
    expect(compareResults(r, r)).toEqual([]);
  });

  it('names each step whose outcome changed, and steps that ran only once', () => {
    const before = probeResult([step('tcp', true), step('tls', true)]);
    const after = probeResult([
      step('tcp', true),
      step('tls', false, { summary: 'certificate expired' }),
      step('connect', false, { summary: 'not reached' }),
    ]);
    expect(compareResults(before, after)).toEqual([
      'tls: ok -> now failed (certificate expired)',
      'connect: not run -> now failed (not reached)',
    ]);
    expect(compareResults(after, before)).toEqual([
      'tls: failed (certificate expired) -> now ok',
      'connect: failed (not reached) -> now not run',
    ]);
  });

  it('names a step that failed both times for another reason, not one that failed alike', () => {
    const tls = (summary: string, kbIds: string[]) =>
      probeResult([step('tls', false, { summary, kbIds })]);
    expect(
      compareResults(tls('certificate expired', ['t/expired']), tls('wrong name', ['t/name'])),
    ).toEqual(['tls: failed (certificate expired) -> now failed (wrong name)']);
    // The same failure, worded with another address or time, is no change.
    expect(
      compareResults(
        tls('no answer from 10.0.0.1', ['t/x']),
        tls('no answer from 10.0.0.2', ['t/x']),
      ),
    ).toEqual([]);
  });

  it('reports a round trip only when it got over three times and 20 ms slower', () => {
    const rt = (ms: number) => probeResult([step('roundtrip', true, { ms })]);
    expect(compareResults(rt(10), rt(30))).toEqual([]);
    expect(compareResults(rt(10), rt(29.9))).toEqual([]);
    expect(compareResults(rt(10), rt(40))).toEqual(['round trip 10 ms -> 40 ms']);
    expect(compareResults(rt(2), rt(20))).toEqual([]);
    const tcp = (ms: number) => probeResult([step('tcp', true, { ms })]);
    expect(compareResults(tcp(1), tcp(500))).toEqual([]);
  });
});

describe("a probe's verdict on a triage card", () => {
  const card = entry({
    id: 'auth/not-authorized',
    probeChecks: [
      { line: 1, step: 'connect', description: '' },
      { line: 2, step: 'auth', description: '' },
    ],
  });

  it('confirms the card when the probe diagnosed the same entry', () => {
    const r = probeResult([step('connect', false, { kbIds: ['auth/not-authorized'] })]);
    expect(verdictForCard(card, r)).toBe(
      'Confirms the card: the probe hit the same problem (auth/not-authorized).',
    );
  });

  it('points elsewhere when the probe failed for another reason', () => {
    const r = probeResult([step('tcp', false, { kbIds: ['net/refused'] })]);
    expect(verdictForCard(card, r)).toBe(
      'Points elsewhere: the probe failed with net/refused, not auth/not-authorized. Fix that first.',
    );
  });

  it("clears the broker side when the card's checks passed", () => {
    const r = probeResult([step('tcp', true), step('connect', true), step('auth', true)]);
    expect(verdictForCard(card, r)).toContain(
      'The broker side looks fine for this card: connect, auth passed',
    );
  });

  it('rules the card out when a passed step lists it as ruled out, even with another step failing', () => {
    const r = probeResult([
      step('connect', true, {
        summary: 'a fresh probe client id is accepted',
        rulesOut: ['auth/not-authorized'],
      }),
      step('roundtrip', false, { kbIds: ['acl/denied'] }),
    ]);
    expect(verdictForCard(card, r)).toMatch(
      /^Rules the card out for this broker: connect passed \(a fresh probe client id is accepted\)/,
    );
    const other = entry({ id: 'auth/other', probeChecks: card.probeChecks });
    expect(verdictForCard(other, r)).toMatch(/^Points elsewhere/);
    // What a passed step showed (a takeover seen) is not what it rules out.
    const shown = probeResult([step('takeover', true, { kbIds: ['auth/not-authorized'] })]);
    expect(verdictForCard(card, shown)).not.toMatch(/^Rules the card out/);
  });

  it('neither confirms nor rules out when none of its checks ran', () => {
    const r = probeResult([step('tcp', true)]);
    expect(verdictForCard(card, r)).toBe(
      'The probe neither confirms nor rules out this card: none of its checks could run from here.',
    );
    expect(verdictForCard(entry(), probeResult([step('connect', true)]))).toContain('neither');
  });
});
