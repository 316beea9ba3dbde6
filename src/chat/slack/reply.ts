/** Triage a text and post the answer: shared by the slash command, pasted logs and mentions. */
import type { webApi } from '@slack/bolt';
import { redactSecrets } from '../../core/redact';
import { TriageAnswer } from '../../core/triage';
import { WayIn } from '../../metrics';
import { SlackMessage, answerMessage } from './blocks';
import { SlackDeps } from './deps';
import { clip } from './mrkdwn';

export interface Prepared {
  answer: TriageAnswer;
  message: SlackMessage;
}

export async function prepareAnswer(
  deps: SlackDeps,
  where: { team: string; channel: string; threadTs: string | null },
  text: string,
  way: WayIn,
): Promise<Prepared> {
  const stop = deps.metrics.matchSeconds.startTimer();
  const answer = deps.triage.triage(text);
  stop();
  const top = answer.matches[0];
  if (answer.abstain)
    deps.metrics.abstentions.inc({ reason: answer.abstainReason ?? 'no-signal', way });
  else if (top) deps.metrics.answers.inc({ entry: top.id, way });
  const answerId = deps.state.answers.newId();
  const best = answer.matches[0];
  let feedback = null;
  if (best) {
    const counts = await deps.state.feedback.counts(where.team, best.id);
    if (counts.ok) feedback = counts.value;
  }
  // Without Redis the answer still goes out; only its buttons will say they cannot work.
  const saved = await deps.state.answers.save(answerId, {
    ...where,
    text: clip(redactSecrets(text), 4000),
    matches: answer.matches.map((m) => m.id),
  });
  if (!saved.ok)
    deps.logger.warn({ reason: saved.detail }, 'answer not stored: buttons will be unavailable');
  return { answer, message: answerMessage(answer, { answerId, feedback }) };
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
