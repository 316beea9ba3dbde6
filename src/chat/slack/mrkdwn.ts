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
  const kept = s.slice(0, Math.max(0, max - pointer.length - 1)).replace(/&[a-z]{0,3}$/, '');
  return `${kept.trimEnd()}${pointer.startsWith('…') ? '' : ' '}${pointer}`;
}

export const LIMITS = {
  blocks: 50,
  /** A select option's value (buttons allow 2,000). */
  optionValue: 150,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  contextText: 2000,
} as const;
