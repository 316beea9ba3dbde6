import { linesMatching } from '../../../src/match/line-gates';

const flagsOf = (text: string, gate: RegExp): number[] => [
  ...linesMatching(text, gate, text.split('\n').length),
];

describe('linesMatching', () => {
  it('flags exactly the lines a per-line test would pass', () => {
    const lines = ['rc=5 here', 'nothing', 'code 7 and rc 2', '', 'source', 'last rc'];
    const gate = /\brc\b|code/g;
    const perLine = lines.map((l) => (new RegExp(gate.source).test(l) ? 1 : 0));
    expect(flagsOf(lines.join('\n'), gate)).toEqual(perLine);
  });

  it('reads word edges at a line break as at the ends of a line', () => {
    expect(flagsOf('xrc\nrc\nrcx', /\brc\b/g)).toEqual([0, 1, 0]);
  });

  it('flags the first and the last line, and a text of one line', () => {
    expect(flagsOf('hit\nmiss\nhit', /hit/g)).toEqual([1, 0, 1]);
    expect(flagsOf('one hit', /hit/g)).toEqual([1]);
    expect(flagsOf('', /hit/g)).toEqual([0]);
  });

  it('starts over on every call with the same global regex', () => {
    const gate = /b/g;
    expect(flagsOf('a\nb', gate)).toEqual([0, 1]);
    expect(flagsOf('b\na', gate)).toEqual([1, 0]);
  });
});
