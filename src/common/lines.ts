/** Line breaks in text, counted without splitting it (a long log is not copied to count them). */

/** How many '\n' lie in text[from, to). */
export function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
