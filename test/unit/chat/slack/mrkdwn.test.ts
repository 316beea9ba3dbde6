import { LIMITS, clip, codeSafe, escapeMrkdwn } from '../../../../src/chat/slack/mrkdwn';

describe('Slack mrkdwn', () => {
  it('escapes & < > so echoed text never becomes a mention or a link', () => {
    expect(escapeMrkdwn('<!channel> & <@U123|x> a>b')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123|x&gt; a&gt;b',
    );
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('drops bidi controls that could make a line read differently', () => {
    expect(escapeMrkdwn('abc\u202edef\u2066g\u200fh')).toBe('abcdefgh');
  });

  it('turns backticks into quotes inside code, after escaping', () => {
    expect(codeSafe('a `b` <c>')).toBe("a 'b' &lt;c&gt;");
  });

  it('leaves short text alone and cuts long text to the limit, ending with the pointer', () => {
    expect(clip('short', 10)).toBe('short');
    const cut = clip('word '.repeat(100), 50);
    // At a word boundary, not inside a word ("wor…").
    expect(cut).toBe(`${'word '.repeat(8)}word…`);
    expect(cut.length).toBeLessThanOrEqual(50);
    const pointed = clip('x'.repeat(100), 40, '(see more)');
    expect(pointed.length).toBeLessThanOrEqual(40);
    expect(pointed.endsWith('x (see more)')).toBe(true);
  });

  it("holds Slack's documented Block Kit limits", () => {
    expect(LIMITS).toEqual({
      blocks: 50,
      optionValue: 150,
      sectionText: 3000,
      headerText: 150,
      buttonText: 75,
      contextText: 2000,
    });
  });

  it('never cuts escaped text inside an entity', () => {
    const escaped = escapeMrkdwn('ab<<<<<<<<');
    for (let max = 3; max < escaped.length; max += 1)
      expect(clip(escaped, max)).not.toMatch(/&[a-z]{0,3}…$/);
    expect(clip(escaped, 9)).toBe('ab&lt;…');
  });
});
