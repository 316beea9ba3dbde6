/** Block Kit for probe results: one line per step, the diagnosis, changes, the card verdict, Re-probe. */
import type { types } from '@slack/bolt';
import { KnowledgeBase } from '../../kb/load';
import { FinishedProbe } from '../../probe/report';
import { ProbeResult } from '../../probe/types';
import { SlackMessage, textMessage } from './blocks';
import { ACTIONS, encodeProbeButton } from './ids';
import { LIMITS, clip, escapeMrkdwn } from './mrkdwn';

type KnownBlock = types.KnownBlock;

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) },
});

function stepLines(result: ProbeResult): string {
  return result.steps
    .map(
      (s) =>
        `${s.ok ? ':white_check_mark:' : ':x:'} *${s.name}* \`${s.ms.toFixed(1)} ms\` ${escapeMrkdwn(s.summary)}`,
    )
    .join('\n');
}

export function probingMessage(label: string, partial: ProbeResult | null): SlackMessage {
  const head = `:hourglass_flowing_sand: Probing *${escapeMrkdwn(label)}*…`;
  return {
    text: `Probing ${label}…`,
    blocks: [
      section(partial && partial.steps.length > 0 ? `${head}\n${stepLines(partial)}` : head),
    ],
  };
}

export function probeResultMessage(report: FinishedProbe, kb: KnowledgeBase): SlackMessage {
  const { result } = report;
  const label = result.target.name
    ? `${result.target.name} (${result.target.url})`
    : result.target.url;
  // What failed, in the first line a notification shows: the step and what it saw.
  const failed = result.steps.find((s) => !s.ok);
  const why = failed ? `failed at ${failed.name}: ${failed.summary}` : 'a probe step failed';
  const head = result.ok
    ? `:large_green_circle: *${escapeMrkdwn(label)}* is healthy`
    : `:red_circle: *${escapeMrkdwn(label)}* ${escapeMrkdwn(why)}`;
  const blocks: KnownBlock[] = [section(`${head}\n${stepLines(result)}`)];
  if (result.diagnosis.length > 0) {
    const lines = result.diagnosis.map(
      (id) => `• *${escapeMrkdwn(kb.byId.get(id)?.title ?? id)}* — \`/mqtt-why show ${id}\``,
    );
    blocks.push(section(`*Diagnosis*\n${lines.join('\n')}`));
  }
  const since = sinceLastProbe(report);
  if (since) blocks.push(section(since));
  if (report.verdict)
    blocks.push(section(`*About the card above*\n${escapeMrkdwn(report.verdict)}`));
  blocks.push({
    type: 'actions',
    block_id: 'probe_actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Re-probe' },
        action_id: ACTIONS.reProbe,
        value: encodeProbeButton({
          target: report.again.broker
            ? { broker: report.again.broker }
            : { url: report.again.url ?? '' },
          cardEntryId: report.again.cardEntryId,
          threadTs: null,
        }),
      },
    ],
  });
  const text = escapeMrkdwn(result.ok ? `${label} is healthy` : `${label} ${why}`);
  return { text, blocks };
}

/**
 * What changed since this broker's previous probe, or that nothing did: a re-probe that looks the
 * same as the last one must say so, or the asker cannot tell "unchanged" from "not compared".
 */
function sinceLastProbe(report: FinishedProbe): string | null {
  if (!report.previousAt) return null;
  const when = slackDate(report.previousAt);
  if (report.changes.length === 0)
    return `*Since the last probe* (${when}): unchanged: the same steps passed and failed, for the same reasons.`;
  const lines = report.changes.map((c) => `• ${escapeMrkdwn(c)}`).join('\n');
  return `*Since the last probe* (${when})\n${lines}`;
}

/** Slack shows `<!date^…>` in each reader's own time zone; the fallback is UTC. */
function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return 'earlier';
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

/** "Which broker?" when a channel may probe several. */
export function pickBrokerMessage(
  names: string[],
  cardEntryId: string | null,
  threadTs: string | null,
): SlackMessage {
  return {
    text: 'Which broker should I probe?',
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Which broker should I probe?' },
        accessory: {
          type: 'static_select',
          action_id: ACTIONS.runProbePick,
          placeholder: { type: 'plain_text', text: 'Pick a broker' },
          options: names.slice(0, 100).map((n) => ({
            text: { type: 'plain_text' as const, text: clip(n, LIMITS.buttonText) },
            value: pickValue(n, cardEntryId, threadTs),
          })),
        },
      },
    ],
  };
}

/**
 * A pick's value: the broker and the card's thread (the pick arrives from an ephemeral message, so
 * it carries the thread itself). Slack caps an option's value at 150 characters: with a long
 * broker name and card id, the card id (only used for the "did it match?" verdict) is left out.
 */
function pickValue(broker: string, cardEntryId: string | null, threadTs: string | null): string {
  const value = encodeProbeButton({ target: { broker }, cardEntryId, threadTs });
  return value.length <= LIMITS.optionValue
    ? value
    : encodeProbeButton({ target: { broker }, cardEntryId: null, threadTs });
}

/** A probe that could not run: what went wrong, inert, and the request id to quote. */
export function probeFailedMessage(reason: string, requestId: string | null): SlackMessage {
  const id = requestId
    ? ` Quote request id \`${escapeMrkdwn(requestId)}\` to whoever runs this bot.`
    : '';
  return textMessage(`:x: The probe could not run: ${escapeMrkdwn(clip(reason, 500))}.${id}`);
}
