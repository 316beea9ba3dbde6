/**
 * Issue 10, "Names": every reason string of MQTT 3.1.1 and 5.0, and every library or broker
 * constant the KB knows, typed alone in any case or spelling, names an entry that claims it first.
 * Generated from the spec tables and the KB, not from a list of cases.
 */
import { DEFAULT_KB_DIR } from '../../../src/config';
import { REASON_CODES } from '../../../src/common/reason-codes';
import { KnowledgeBase, loadKnowledgeBase } from '../../../src/kb/load';
import { Matcher } from '../../../src/match/matcher';

let kb: KnowledgeBase;
let matcher: Matcher;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  kb = loaded.kb;
  matcher = new Matcher(kb);
});

/** The ways people type one name: as written, lower, UPPER_SNAKE, camelCase, British spelling. */
function spellings(name: string): string[] {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [
    name,
    name.toLowerCase(),
    words.map((w) => w.toUpperCase()).join('_'),
    words
      .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
      .join(''),
    name.replace(/authoriz/gi, 'authoris'),
  ];
}

/** The reason strings of MQTT 3.1.1 and 5.0 (v3 SUBACK's everyday "Failure" aside). */
const REASON_STRINGS = [
  ...new Set(
    REASON_CODES.filter((r) => r.error && r.meaning !== 'Failure').map((r) =>
      r.meaning.replace(/^Connection Refused, /, ''),
    ),
  ),
];

/** Entries that claim a code whose reason string is `name`. */
function claimingEntries(name: string): Set<string> {
  const values = REASON_CODES.filter(
    (r) => r.meaning.replace(/^Connection Refused, /, '') === name,
  ).map((r) => r.value);
  return new Set(
    kb.entries
      .filter((e) => e.codes.some((c) => c.kind === 'mqtt' && values.includes(c.value)))
      .map((e) => e.id),
  );
}

describe('a reason string typed alone', () => {
  const names = REASON_STRINGS;

  it.each(names)('"%s" names an entry that claims its code, in every spelling', (name) => {
    const claiming = claimingEntries(name);
    if (claiming.size === 0) return; // a code no entry explains (e.g. "Unspecified error" of DISCONNECT alone)
    for (const typed of spellings(name)) {
      const top = matcher.match(typed).matches[0]?.id ?? null;
      expect({ typed, top: top !== null && claiming.has(top) }).toEqual({ typed, top: true });
    }
  });
});

describe('a condition named in words people use', () => {
  it.each([
    ['client id already in use', 'communication/mqtt-session-taken-over'],
    ['duplicate client id', 'communication/mqtt-session-taken-over'],
    ['MQTT error 5', 'communication/mqtt-connack-not-authorized'],
  ])('"%s" names %s first', (typed, id) => {
    expect(matcher.match(typed).matches[0]?.id).toBe(id);
  });
});

describe('a reason string typed alone with a typo', () => {
  /** One letter dropped from the middle of the name's longest word: "Sesion taken over". */
  const typo = (name: string): string => {
    const longest = name.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
    const i = Math.floor(longest.length / 2);
    return name.replace(longest, longest.slice(0, i) + longest.slice(i + 1));
  };
  const names = REASON_STRINGS.filter((n) => n.replace(/[^A-Za-z0-9]/g, '').length >= 8);

  it.each(names)('"%s" with a letter missing still names an entry that claims it', (name) => {
    const claiming = claimingEntries(name);
    if (claiming.size === 0) return;
    const typed = typo(name);
    const top = matcher.match(typed).matches[0]?.id ?? null;
    expect({ typed, top: top !== null && claiming.has(top) }).toEqual({ typed, top: true });
  });

  it('leaves a short word alone: one edit from a short name is another word', () => {
    expect(
      matcher.match('bannd').matches.some((m) => m.evidence.some((e) => e.kind === 'code')),
    ).toBe(false);
  });
});

describe('a constant the KB knows, typed alone', () => {
  it('names its entry first, as written, in lower case, or with its parts as words', () => {
    const constants = kb.entries.flatMap((e) =>
      e.signals
        .filter(
          (s) =>
            /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[a-z]+(?:[A-Z][a-z0-9]+){2,}$|^[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*){2,}$/.test(
              s.phrase,
            ) &&
            !s.weak &&
            // A name that only tells a special case apart (`MqttConnAckPacket`) says nothing alone.
            !s.tellsApart,
        )
        .map((s) => ({ id: e.id, phrase: s.phrase })),
    );
    expect(constants.length).toBeGreaterThan(200);
    const spellings = (p: string): string[] => [
      p,
      p.toLowerCase(),
      p.replace(/_/g, ' ').toLowerCase(),
      p.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
    ];
    const missed = constants.flatMap(({ id, phrase }) =>
      spellings(phrase)
        .filter((typed) => matcher.match(typed).matches[0]?.id !== id)
        .map((typed) => `${typed} -> not ${id}`),
    );
    expect(missed).toEqual([]);
  });

  it('names its entry when an enum or class member is typed without its type', () => {
    const members = kb.entries.flatMap((e) =>
      e.signals
        .filter(
          (s) =>
            /^[A-Za-z][A-Za-z0-9]*(?:\.|::)[a-z]+(?:[A-Z][a-z0-9]+){2,}$/.test(s.phrase) && !s.weak,
        )
        .map((s) => ({ id: e.id, member: s.phrase.split(/\.|::/).pop()! })),
    );
    expect(members.map((m) => m.member)).toContain('unacceptedProtocolVersion');
    const missed = members
      .filter(({ id, member }) => matcher.match(member).matches[0]?.id !== id)
      .map(({ id, member }) => `${member} -> not ${id}`);
    expect(missed).toEqual([]);
  });
});

describe('a reason written as its name', () => {
  // A review found EMQX's `reason: bad_username_or_password` called ambiguous with DISCONNECT's
  // 0x04 "Disconnect with Will Message", which only shares the number.
  it('is read as the codes of that name only, for every error name of the spec', () => {
    for (const r of REASON_CODES.filter((x) => x.error && x.meaning !== 'Failure')) {
      const name = r.meaning.replace(/^Connection Refused, /i, '');
      const snake = name
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .join('_')
        .toLowerCase();
      const result = matcher.match(`2024-03-12T09:41:07 [warning] mqtt broker reason: ${snake}`);
      for (const a of result.ambiguities)
        for (const reading of a.readings)
          expect(reading.reading.toLowerCase().replace(/[^a-z0-9]/g, '')).toContain(
            snake.replace(/_/g, '').replace('authoris', 'authoriz'),
          );
    }
  });
});
