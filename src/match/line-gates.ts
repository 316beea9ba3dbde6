/**
 * Which lines of a text a cheap test lets through, worked out in one scan of the whole text: on
 * a long log, calling a gate regex once per line cost more than the scans themselves.
 */

/**
 * Flags, one per line of `whole` (its parts between `\n`), set where `gate` matches. `gate` must
 * be global and unable to match across a line break; after a hit the scan goes on at the next
 * line. Word edges read the same as per line: a line break is no word character.
 */
export function linesMatching(whole: string, gate: RegExp, lineCount: number): Uint8Array {
  const flags = new Uint8Array(lineCount);
  let line = 0;
  let lineStart = 0;
  gate.lastIndex = 0;
  // `test`, not `exec`: no match array per hit. The hit's last character is on its line.
  while (gate.test(whole)) {
    const hit = gate.lastIndex - 1;
    for (let nl = whole.indexOf('\n', lineStart); nl >= 0 && nl < hit;) {
      line++;
      lineStart = nl + 1;
      nl = whole.indexOf('\n', lineStart);
    }
    flags[line] = 1;
    const end = whole.indexOf('\n', hit);
    if (end < 0) break;
    line++;
    lineStart = end + 1;
    gate.lastIndex = lineStart;
  }
  return flags;
}
