import { normalisePhrase, prepareText, unescapeSlack } from '../../../src/match/normalise';

describe('unescapeSlack', () => {
  it('undoes entities, links, mentions and channel references', () => {
    expect(unescapeSlack('a &lt;b&gt; &amp; c')).toBe('a <b> & c');
    expect(unescapeSlack('<http://broker.local|broker.local> and <mqtt://h:1883>')).toBe(
      'broker.local and mqtt://h:1883',
    );
    expect(unescapeSlack('<@U123ABC> see <#C42|ops> <!here>')).toBe('@U123ABC see #ops @here');
  });
});

describe('prepareText', () => {
  it('drops ANSI colours, quote markers, fences and blank lines, keeping line numbers', () => {
    const t = prepareText('```\n> \u001b[31mERROR\u001b[0m one\n\n  two  \n```');
    expect(t.lines).toEqual([
      { n: 2, text: 'ERROR one', norm: 'error one' },
      { n: 4, text: 'two', norm: 'two' },
    ]);
  });

  it('keeps no C1 control character (U+009B is a one-character CSI to some terminals)', () => {
    const t = prepareText('Connection Refused: not authorised \u009b31mX \u0085Y');
    expect(t.lines.map((l) => l.text).join('')).not.toMatch(/[\u0080-\u009f]/);
    expect(t.lines[0]!.text).toContain('not authorised');
    // Quoted back as written; read with the spelling folded.
    expect(t.lines[0]!.norm).toContain('not authorized');
  });

  it('folds curly quotes, dashes, full-width letters, non-breaking spaces and spellings', () => {
    // Mosquitto writes "not authorised", MQTT 5 and most SDKs "not authorized": read alike.
    expect(normalisePhrase('Client ‘x’ — “NOT\u00a0AUTHORISED”')).toBe(
      'client \'x\' - "not authorized"',
    );
    expect(normalisePhrase('ＣＯＮＮＡＣＫ')).toBe('connack');
  });

  it('bounds the work on huge input by keeping its end, and says it did', () => {
    const t = prepareText(Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n'), {
      maxChars: 1_000_000,
      maxLines: 10,
    });
    expect(t.lines).toHaveLength(10);
    expect(t.lines[0]).toMatchObject({ n: 41, text: 'line 41' });
    expect(t.truncated).toBe(true);
    const c = prepareText('a'.repeat(50) + 'x'.repeat(50), { maxChars: 10, maxLines: 10 });
    expect(c.lines[0]!.text).toBe('x'.repeat(10));
    expect(c.truncated).toBe(true);
  });

  it('normalises each line as normalisePhrase does, with or without anything to clean first', () => {
    const lines = [
      '  Client  A\tDisconnected ',
      'plain line',
      '  ',
      'CONNACK (5)   rc=5',
      '> quoted  Line',
    ];
    for (const joined of [lines.join('\n'), lines.join('\r\n')]) {
      const t = prepareText(joined);
      expect(t.lines.map((l) => l.norm)).toEqual(
        ['Client  A\tDisconnected', 'plain line', 'CONNACK (5)   rc=5', 'quoted  Line'].map(
          normalisePhrase,
        ),
      );
      expect(t.lines.map((l) => l.n)).toEqual([1, 2, 4, 5]);
      expect(t.norm).toBe(t.lines.map((l) => l.norm).join('\n'));
    }
  });

  it('gives the whole normalised text as its lines joined, whether or not a line changed', () => {
    // Clean logs reuse the normalised text as it is; any line trimmed, dropped or unquoted may not.
    for (const input of [
      'Client A Disconnected\nSending CONNACK (5)\nrc=5',
      'Client A \nB',
      'A\n\nB',
      ' A\nB',
      'A\n> B',
      'A\nB\n',
      'Ünïcode “quotes” — dash\nB',
    ]) {
      const t = prepareText(input);
      expect(t.norm).toBe(t.lines.map((l) => l.norm).join('\n'));
    }
  });
  it('takes the quick path only for printable ASCII with single spaces and no Slack markup', () => {
    const needWork = [
      'a  B',
      'a\tB',
      'a\rB',
      'a\u0007B',
      'a\u007fB',
      'é  B',
      'a &amp; B',
      '<@U1> B',
      '`a`  B',
    ];
    for (const input of needWork) {
      const t = prepareText(input);
      expect(t.ascii).toBe(false);
      expect(t.norm).not.toMatch(/[A-Z\t\r]| {2}/);
    }
    const plain = prepareText('Client A Sending CONNACK (5) rc=5\nB > C');
    expect(plain.ascii).toBe(true);
    expect(plain.norm).toBe('client a sending connack (5) rc=5\nb > c');
  });
});
