import {
  abstainExplanation,
  alsoInText,
  closeRunnerUps,
  figureNote,
  relevantVersionNotes,
  runnerUpScore,
  tippedBy,
  truncationNote,
} from '../../../src/render/answer-parts';
import { answer, entry, evidence, match } from '../fixtures';

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

  describe('a second problem in the same text, and what told two readings of one line apart', () => {
    const [anon, denied, keepalive, story] = ['x/anon', 'x/denied', 'x/keepalive', 'x/story'].map(
      (id) => entry({ id }),
    );
    const refusal = evidence({ line: 7 });
    const banner = evidence({ line: 1, text: 'mosquitto version 2.0.18 starting', caveat: 'weak' });
    const timeout = evidence({ line: 10, text: 'Client s1 has exceeded timeout' });
    const log = answer([
      match(anon!, 0.86, [refusal, banner]),
      match(keepalive!, 0.85, [timeout]),
      match(denied!, 0.83, [refusal]),
      match(story!, 0.8, [evidence({ line: 4, kind: 'description' })]),
    ]);

    it("lists another entry's error line as also in the text, not as another reading", () => {
      expect(alsoInText(log).map((m) => m.id)).toEqual(['x/keepalive']);
      expect(closeRunnerUps(log).map((m) => m.id)).toEqual(['x/denied', 'x/story']);
    });

    it("takes the line right after the answer's own for its echo, and lists the rest by line", () => {
      const echo = answer([
        match(anon!, 0.9, [refusal]),
        match(denied!, 0.8, [evidence({ line: 8, text: 'disconnected: Protocol error.' })]),
        match(keepalive!, 0.7, [timeout]),
        match(story!, 0.6, [evidence({ line: 2, text: 'Socket error on client s2' })]),
      ]);
      expect(alsoInText(echo).map((m) => m.id)).toEqual(['x/story', 'x/keepalive']);
      expect(closeRunnerUps(echo).map((m) => m.id)).toEqual(['x/denied']);
    });

    it('names none for an unsure answer, or when the answer itself rests on a likeness', () => {
      expect(alsoInText({ ...log, abstain: true })).toEqual([]);
      const vague = answer([
        match(story!, 0.5, [evidence({ line: 4, kind: 'fuzzy' })]),
        match(keepalive!, 0.45, [timeout]),
      ]);
      expect(alsoInText(vague)).toEqual([]);
    });

    it('says which line put the answer ahead of a runner-up read from the same line', () => {
      expect(tippedBy(log)).toEqual({ over: log.matches[2], evidence: banner });
      // Alone, the refusal line tells the two apart by nothing.
      const alone = answer([match(anon!, 0.86, [refusal]), match(denied!, 0.86, [refusal])]);
      expect(tippedBy(alone)).toBeNull();
      // A likeness on another line is not what tipped it.
      const liked = answer([
        match(anon!, 0.86, [refusal, evidence({ line: 2, kind: 'description' })]),
        match(denied!, 0.85, [refusal]),
      ]);
      expect(tippedBy(liked)).toBeNull();
    });
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
