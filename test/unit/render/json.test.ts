import { answerJson, batchLine } from '../../../src/render/json';
import { answer, entry, evidence, match, workaround } from '../fixtures';

describe('JSON shapes of answers', () => {
  it('writes one batch line per result: ids, scores to three places, the first evidence in words', () => {
    const line = batchLine({
      matches: [
        { id: 'x/a', title: 'A', score: 0.87654, evidence: [evidence({ line: 2 })] },
        { id: 'x/b', title: 'B', score: 0.1, evidence: [] },
      ],
      abstain: false,
      abstainReason: null,
      ambiguities: [],
      recognised: [],
      truncated: false,
      linesRead: 2,
    });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      matches: [
        {
          id: 'x/a',
          score: 0.877,
          evidence:
            'line 2: Connection Refused: not authorised (the broker log phrase of this entry)',
        },
        { id: 'x/b', score: 0.1, evidence: '' },
      ],
      abstain: false,
    });
  });

  it('gives the full answer with the entry text and without internal evidence weights', () => {
    const e = entry({
      workarounds: [workaround('Fix it.', ['one', 'two'], { details: 'More.' })],
      references: ['MQTT 5.0 §3.2'],
    });
    const json = answerJson(
      answer([match(e, 0.12345)], { recognised: ['mosquitto'], truncated: true }),
    ) as {
      truncated: boolean;
      recognised: string[];
      matches: {
        id: string;
        score: number;
        evidence: object[];
        rootCause: string;
        workarounds: unknown[];
        deadEnds: unknown[];
        references: string[];
      }[];
    };
    expect(json.truncated).toBe(true);
    expect(json.recognised).toEqual(['mosquitto']);
    const [m] = json.matches;
    expect(m!.id).toBe(e.id);
    expect(m!.score).toBe(0.123);
    expect(m!.evidence[0]).not.toHaveProperty('weight');
    expect(m!.evidence[0]).toHaveProperty('matched', 'not authorised');
    expect(m!.rootCause).toBe(e.rootCause);
    expect(m!.workarounds).toEqual([
      { summary: 'Fix it.', code: ['one', 'two'], details: 'More.' },
    ]);
    expect(m!.deadEnds).toEqual([{ attempt: 'Restarting', why: 'changes nothing' }]);
    expect(m!.references).toEqual(['MQTT 5.0 §3.2']);
  });
});
