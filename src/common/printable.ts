/**
 * Text from the other end of a connection (a certificate's names, a broker's reason string) made
 * safe to print on a terminal: control characters (ESC starts a sequence that can retitle the
 * window or recolour the screen) and bidi overrides become U+FFFD, so what was there stays visible.
 */

/**
 * Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks: echoed from a
 * paste they can make a line read differently from what it is ("Trojan Source").
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- these are exactly what must not reach a terminal
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '\ufffd');
}
