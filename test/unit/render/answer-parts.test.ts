import {
  abstainExplanation,
  closeRunnerUps,
  figureNote,
  relevantVersionNotes,
  runnerUpScore,
  truncationNote,
} from '../../../src/render/answer-parts';
import { answer, entry, match } from '../fixtures';

const version = (v: string) => ({
  line: 1,
  version: v,
  status: 'active',
  introduced: '',
  deprecated: '',
  notes: '',
});

describe('answer parts every renderer shares', () => {
  it('keeps the version rows of the brokers and libraries the text names, case-insensitively', () => {
    const e = entry({
      versions: [version('Mosquitto 2.x'), version('EMQX 5'), version('Paho Java 1.2')],
    });
    expect(relevantVersionNotes(e, ['mosquitto']).map((v) => v.version)).toEqual(['Mosquitto 2.x']);
    expect(relevantVersionNotes(e, ['EMQX', 'paho']).map((v) => v.version)).toEqual([
      'EMQX 5',
      'Paho Java 1.2',
    ]);
    expect(relevantVersionNotes(e, [])).toEqual([]);
  });

  it('lists as runner-ups only the matches within 60% of the best score', () => {
    const [a, b, c] = ['x/a', 'x/b', 'x/c'].map((id) => entry({ id }));
    const ans = answer([match(a!, 0.9), match(b!, 0.54), match(c!, 0.53)]);
    expect(closeRunnerUps(ans).map((m) => m.id)).toEqual(['x/b']);
    expect(closeRunnerUps(answer([]))).toEqual([]);
    expect(closeRunnerUps(answer([match(a!, 0.9)]))).toEqual([]);
  });

  it('says a runner-up that ties the first answer is as likely, not less', () => {
    const [a, b, c] = ['x/a', 'x/b', 'x/c'].map((id) => entry({ id }));
    const ans = answer([match(a!, 0.894), match(b!, 0.889), match(c!, 0.7)]);
    expect(runnerUpScore(ans.matches[1]!, ans)).toBe('0.89, as likely');
    expect(runnerUpScore(ans.matches[2]!, ans)).toBe('0.70');
    // As shown: 0.885 prints 0.89 and 0.8801 prints 0.88, which is not a tie to read.
    const near = answer([match(a!, 0.885), match(b!, 0.8801)]);
    expect(runnerUpScore(near.matches[1]!, near)).toBe('0.88');
  });

  it('words each reason to abstain differently, with a default for none', () => {
    const reasons = [
      'binary-input',
      'empty-input',
      'not-mqtt',
      'weak-signal',
      'description-only',
      'no-failure',
      'no-signal',
    ] as const;
    const texts = reasons.map((r) => abstainExplanation(answer([], { abstainReason: r })));
    expect(new Set(texts).size).toBe(reasons.length);
    expect(texts[0]).toContain('binary data');
    expect(texts[5]).toContain('Nothing here reports a failure');
    expect(abstainExplanation(answer([], { abstainReason: null }))).toBe(texts[6]);
  });

  it('says how many lines a truncated input was read to, and nothing otherwise', () => {
    expect(truncationNote(answer([], { truncated: true, linesRead: 2000 }))).toContain(
      'only its last 2000 lines were read',
    );
    expect(truncationNote(answer([], { truncated: false }))).toBeNull();
  });

  it("never shows the seed entry's figures as facts, and names the source of sourced ones", () => {
    const seed = entry({ references: ['Figures: seed data, never measured'] });
    expect(figureNote(seed, 83, 'success')).toBe(
      "83% success by the seed entry's own, unverified figure",
    );
    const sourced = entry({ references: ['Figures: HiveMQ support survey 2025'] });
    expect(figureNote(sourced, 40, 'fail')).toBe('40% fail, per HiveMQ support survey 2025');
    expect(figureNote(entry(), 10, 'fail')).toBe("10% fail, per the entry's source");
  });
});
