import { printable } from '../../../src/common/printable';
import { renderProbe } from '../../../src/render/probe-text';
import { probeResult, step } from '../fixtures';

describe('text from the other end of a connection, on a terminal', () => {
  it('turns escape sequences, other controls and bidi overrides into a visible U+FFFD', () => {
    expect(printable('evil\u001b]0;pwned\u0007\u001b[31mRED')).toBe(
      'evil\ufffd]0;pwned\ufffd\ufffd[31mRED',
    );
    expect(printable('a\u202eb\u009bc')).toBe('a\ufffdb\ufffdc');
    expect(printable('plain text, ünïcödé and 日本語')).toBe('plain text, ünïcödé and 日本語');
  });

  it('keeps a probe step summary that quotes a certificate name from writing to the terminal', () => {
    const text = renderProbe(
      probeResult([step('tls', false, { summary: 'certificate for evil\u001b]0;pwned\u0007' })]),
      null,
      false,
    );
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('certificate for evil\ufffd]0;pwned\ufffd');
  });
});
