import { renderAnswer, renderEntry } from '../../../src/render/text';
import { answer, entry, evidence, match, workaround } from '../fixtures';

const plain = { colour: false };
const e = entry({
  id: 'auth/not-authorized',
  title: 'Not authorised',
  summary: 'The broker said no.',
  workarounds: [
    workaround('First fix.', ['a\nb\nc\nd\ne\nf\ng\nh']),
    workaround('Second fix.'),
    workaround('Third fix.', [], { successPercent: 70 }),
  ],
  references: ['Figures: seed'],
  codes: [
    {
      line: 1,
      code: '0x87',
      value: 0x87,
      meaning: 'Not authorized',
      kind: 'mqtt',
      packet: 'CONNACK',
      protocol: '5.0',
    },
  ],
  seeAlso: [{ line: 1, id: 'auth/bad-password', why: 'wrong password instead' }],
});

describe('answers for a terminal', () => {
  it('says what a code that reports no failure means before its closest entries', () => {
    const success = {
      written: '0x01',
      line: 1,
      readings: [
        {
          reading: '0x01 in SUBACK MQTT 5.0: Granted QoS 1 (success, not an error)',
          entryId: null,
        },
      ],
    };
    const text = renderAnswer(
      answer([match(e, 0.3)], {
        abstain: true,
        abstainReason: 'no-failure',
        ambiguities: [success],
      }),
      plain,
    );
    expect(text).toMatch(
      /^Nothing here reports a failure[^\n]*\n0x01 reads as:\n {2}- 0x01 in SUBACK MQTT 5\.0: Granted QoS 1 \(success, not an error\)\n/,
    );
  });

  it('leads with the short card: title, why, summary, two workarounds with code cut to six lines', () => {
    const text = renderAnswer(answer([match(e, 0.8)]), plain);
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Not authorised',
      'auth/not-authorized  score 0.80',
    ]);
    expect(text).toContain('Why this entry: line 3: Connection Refused: not authorised');
    expect(text).toContain('Root cause\n  The broker said no.');
    expect(text).toContain('  1. First fix.\n       a\n');
    expect(text).toContain('       f\n       …');
    expect(text).not.toContain('       g');
    expect(text).toContain('  2. Second fix.');
    expect(text).not.toContain('Third fix.');
    expect(text).toContain(
      'Full entry (1 more workaround(s), 1 dead end(s) not to waste time on): mqtt-why show auth/not-authorized',
    );
  });

  it('points at the full entry with the command and the web address given', () => {
    const text = renderAnswer(answer([match(e, 0.8)]), plain, {
      showCommand: (id) => `/mqtt-why show ${id}`,
      entryUrl: (id) => `https://why.example.com/kb/${id}`,
    });
    expect(text).toContain(
      ': /mqtt-why show auth/not-authorized or https://why.example.com/kb/auth/not-authorized',
    );
  });

  it('explains an abstention, with or without a closest entry', () => {
    expect(renderAnswer(answer([], { abstain: true, abstainReason: 'not-mqtt' }), plain)).toBe(
      "Nothing here says MQTT: this may be another program's error.\n",
    );
    const unsure = renderAnswer(
      answer([match(e, 0.3)], { abstain: true, abstainReason: 'description-only' }),
      plain,
    );
    expect(unsure.startsWith('No error code or message recognised')).toBe(true);
    expect(unsure).toContain('The closest entry, for what it is worth:');
  });

  it("lists an unsure answer's other candidates before the fixes, with the symptom each matched", () => {
    const like = 'my device connects fine alone but the first drops when a second one connects';
    const takeover = entry({ id: 'session/takeover', title: 'Takeover', symptoms: [like] });
    const loose = entry({ id: 'net/lost', title: 'Lost' });
    const text = renderAnswer(
      answer(
        [
          match(e, 0.49),
          match(takeover, 0.49, [evidence({ kind: 'description', matched: like })]),
          // Words shared with no one symptom: no description to quote.
          match(loose, 0.3, [evidence({ kind: 'description', matched: 'drops connects' })]),
        ],
        { abstain: true, abstainReason: 'description-only' },
      ),
      plain,
    );
    expect(text).toContain(
      `Other candidates\n  session/takeover  (0.49, as likely)  Takeover\n    described like "${like}"\n  net/lost  (0.30)  Lost\n\nRoot cause`,
    );
    expect(text).not.toContain('Also possible');
  });

  it('gives the whole entry with --full: every workaround, figures marked unverified, dead ends', () => {
    const other = entry({ id: 'auth/other', title: 'Other' });
    const text = renderAnswer(answer([match(e, 0.8), match(other, 0.7)]), plain, { full: true });
    expect(text).toContain('In short\n  The broker said no.');
    expect(text).toContain('       g\n       h');
    expect(text).toContain(
      "  3. Third fix. (70% success by the seed entry's own, unverified figure)",
    );
    expect(text).toContain("Don't bother\n  - Restarting — changes nothing");
    expect(text).toContain('Also possible\n  auth/other  (0.70)  Other');
    expect(text).toContain('Full entry: mqtt-why show auth/not-authorized');
  });

  it('prints colour only on request', () => {
    expect(renderAnswer(answer([match(e, 0.8)]), plain)).not.toContain('\x1b[');
    expect(renderAnswer(answer([match(e, 0.8)]), { colour: true })).toContain(
      '\x1b[1mNot authorised\x1b[0m',
    );
  });
});

describe('an entry for a terminal', () => {
  it('shows codes, references and see-also after the workarounds', () => {
    const text = renderEntry(e, plain);
    expect(text.split('\n').slice(0, 2)).toEqual(['Not authorised', 'auth/not-authorized']);
    expect(text).toContain('Codes\n  0x87  CONNACK 5.0  Not authorized');
    expect(text).toContain('References\n  - Figures: seed');
    expect(text).toContain('See also\n  - auth/bad-password — wrong password instead');
    expect(text.indexOf('Workarounds')).toBeLessThan(text.indexOf('Codes'));
  });
});
