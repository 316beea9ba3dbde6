/** How an evidence line is quoted back: whole when short, else around what matched in it. */

const EVIDENCE_CHARS = 240;

/**
 * A long line cut to a readable length around what matched in it, so the quote shows the words
 * that matched (an EMQX JSON log line ends with its `msg`), else its start.
 */
export function quoteAround(s: string, matched: string): string {
  if (s.length <= EVIDENCE_CHARS) return s;
  const anchor = matched
    .split('*')
    .reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '')
    .toLowerCase();
  const at = anchor.length >= 3 ? s.toLowerCase().indexOf(anchor) : -1;
  if (at < 0 || at + anchor.length <= EVIDENCE_CHARS - 1)
    return `${s.slice(0, EVIDENCE_CHARS - 1)}…`;
  const from = Math.max(0, Math.min(at - 60, s.length - (EVIDENCE_CHARS - 2)));
  const to = Math.min(s.length, from + EVIDENCE_CHARS - 2);
  return `…${s.slice(from, to)}${to < s.length ? '…' : ''}`;
}
