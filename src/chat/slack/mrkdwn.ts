/** Slack mrkdwn output: escaping echoed text and staying within Block Kit's limits. */
import { BIDI_CONTROLS } from '../../common/printable';

/**
 * Escapes the three characters Slack gives meaning to, so text echoed from a paste can never
 * become a mention (`<!channel>`, `<@U123>`) or a link, and drops bidi controls.
 * https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function escapeMrkdwn(s: string): string {
  return s
    .replace(BIDI_CONTROLS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Inside a code span or block, backticks would end it early. */
export function codeSafe(s: string): string {
  return escapeMrkdwn(s).replace(/`/g, "'");
}

/**
 * The body of a ``` block: Slack decodes &amp; &lt; &gt; there too, so a KB command such as
 * `mosquitto_pub -h <prefix>.iot…` is escaped like any text, and cannot close its own block.
 */
export function codeBlockSafe(s: string): string {
  return escapeMrkdwn(s).replace(/```/g, "'''");
}

/** Shortens to `max` characters, ending with `pointer` when something was cut. */
export function clip(s: string, max: number, pointer = '…'): string {
  if (s.length <= max) return s;
  // Never end inside an entity of escaped text (`&am`): Slack would show it as typed.
  let kept = s.slice(0, Math.max(0, max - pointer.length - 1)).replace(/&[a-z]{0,3}$/, '');
  // Nor inside a word, when a word boundary is near ("certific…" reads as a typo).
  const space = kept.search(/\s\S*$/);
  if (/\w/.test(s[kept.length] ?? '') && space > kept.length - 40 && space > 0)
    kept = kept.slice(0, space);
  return `${kept.trimEnd()}${pointer.startsWith('…') ? '' : ' '}${pointer}`;
}

/**
 * KB Markdown as Slack mrkdwn: escaped, `**bold**` as Slack's `*bold*`, links as `<url|text>`,
 * and the KB's wrapped lines joined (Slack keeps every line break); lists and code stay.
 */
export function kbMrkdwn(s: string): string {
  const out: string[] = [];
  let inCode = false;
  for (const line of s.split('\n')) {
    const fence = line.trim().startsWith('```');
    const prev = out[out.length - 1];
    const joins =
      !inCode &&
      !fence &&
      line.trim() !== '' &&
      prev !== undefined &&
      prev.trim() !== '' &&
      !prev.trim().startsWith('```') &&
      !/^\s*(?:[-*•]|\d+\.)\s/.test(line);
    if (joins) out[out.length - 1] = `${prev} ${line.trim()}`;
    else out.push(line);
    if (fence) inCode = !inCode;
  }
  return escapeMrkdwn(out.join('\n'))
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '<$2|$1>');
}

/** KB text for a label already in bold: its own emphasis dropped. */
export const kbLabel = (s: string): string => kbMrkdwn(s).replace(/\*([^*\n]+)\*/g, '$1');

export const LIMITS = {
  blocks: 50,
  /** A select option's value (buttons allow 2,000). */
  optionValue: 150,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  contextText: 2000,
} as const;
