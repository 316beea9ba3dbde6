/** Triage a text and post the answer: shared by the slash command, pasted logs and mentions. */
import type { webApi } from '@slack/bolt';
import { redactSecrets } from '../../common/redact';
import { TriageAnswer } from '../../core/triage';
import type { ThreadRef } from '../../probe/report';
import { WayIn } from '../../metrics';
import { SlackMessage, answerMessage } from './blocks';
import { SlackDeps } from './deps';
import { clip } from './mrkdwn';

/** How much of a triaged text is stored with its answer (for buttons and labelled examples). */
const STORED_CHARS = 4000;

/**
 * The decision, before anything is stored or posted: what the text is about and whether a
 * passive listener should speak. Only counts metrics.
 */
export function decideAnswer(deps: SlackDeps, text: string, way: WayIn): TriageAnswer {
  const stop = deps.metrics.matchSeconds.startTimer();
  const answer = deps.triage.triage(text);
  stop();
  const top = answer.matches[0];
  if (answer.abstain)
    deps.metrics.abstentions.inc({ reason: answer.abstainReason ?? 'no-signal', way });
  else if (top) deps.metrics.answers.inc({ entry: top.id, way });
  return answer;
}

/**
 * For an answer the bot gives: reads its feedback counts, stores the redacted, shortened text with
 * the matched ids (for the buttons, kept ANSWER_TTL_DAYS), and builds the message. Text the bot
 * stays silent about never reaches this.
 */
export async function publishAnswer(
  deps: SlackDeps,
  where: ThreadRef,
  text: string,
  answer: TriageAnswer,
): Promise<SlackMessage> {
  const answerId = deps.state.answers.newId();
  const best = answer.matches[0];
  let feedback = null;
  if (best) {
    const counts = await deps.state.feedback.counts(where.team, best.id);
    if (counts.ok) feedback = counts.value;
  }
  // Redacted before it is cut, so a secret is never stored half-masked; the first cut, which
  // bounds the work, falls between lines or words, never inside a secret the redactor must see whole.
  const stored = clip(redactSecrets(atBoundary(text, STORED_CHARS * 2)), STORED_CHARS);
  // Without Redis the answer still goes out; only its buttons will say they cannot work.
  const saved = await deps.state.answers.save(answerId, {
    ...where,
    text: stored,
    matches: answer.matches.map((m) => m.id),
  });
  if (!saved.ok)
    deps.logger.warn(
      { code: saved.code, reason: saved.message },
      'answer not stored: buttons will be unavailable',
    );
  return answerMessage(answer, { answerId, feedback, webUrl: deps.webUrl });
}

/** Posts a message, logging (never throwing) when Slack refuses; resolves the message ts or null. */
export async function post(
  deps: SlackDeps,
  client: webApi.WebClient,
  args: { channel: string; thread_ts?: string; message: SlackMessage },
): Promise<{ ts: string | null; error: string | null }> {
  try {
    const res = await client.chat.postMessage({
      channel: args.channel,
      ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
      text: args.message.text,
      blocks: args.message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return { ts: res.ts ?? null, error: null };
  } catch (err) {
    const reason = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
    deps.logger.error({ channel: args.channel, reason }, 'could not post to Slack');
    return { ts: null, error: reason };
  }
}

/**
 * At most `max` characters of `text`, ending at a line break or else at white space; a text with
 * neither that far is one unbroken token (binary, a key) and nothing of it is kept.
 */
export function atBoundary(text: string, max: number): string {
  if (text.length <= max) return text;
  const line = text.lastIndexOf('\n', max);
  if (line > 0) return text.slice(0, line);
  const space = text.slice(0, max + 1).search(/\s\S*$/);
  return space > 0 ? text.slice(0, space) : '';
}
