/** Slack mrkdwn output: escaping echoed text and staying within Block Kit's limits. */

/**
 * Escapes the three characters Slack gives meaning to, so text echoed from a paste can never
 * become a mention (`<!channel>`, `<@U123>`) or a link.
 * https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inside a code span or block, backticks would end it early. */
export function codeSafe(s: string): string {
  return escapeMrkdwn(s).replace(/`/g, "'");
}

/** Shortens to `max` characters, ending with `pointer` when something was cut. */
export function clip(s: string, max: number, pointer = '…'): string {
  if (s.length <= max) return s;
  return `${s.slice(0, Math.max(0, max - pointer.length - 1)).trimEnd()}${pointer.startsWith('…') ? '' : ' '}${pointer}`;
}

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  contextText: 2000,
} as const;
