/** Health announcements in Slack: DOWN alerts with triage and a probe button, the rest in their thread. */
import { webApi } from '@slack/bolt';
import type { types } from '@slack/bolt';
import { duration } from '../../alerts/status';
import { HealthAnnouncement, HealthNotifier } from '../../alerts/notifier';
import { KnowledgeBase } from '../../kb/load';
import { ACTIONS, encodeProbeButton } from './ids';
import { StatusImageSource, uploadStatusImage } from './chart-upload';
import type { Logger } from '../../log';
import { LIMITS, clip, escapeMrkdwn } from './mrkdwn';

type KnownBlock = types.KnownBlock;
const { WebClient } = webApi;
const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) },
});

export class SlackHealthNotifier implements HealthNotifier {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly kb: KnowledgeBase,
    /** The broker's latency and uptime chart, put in a DOWN alert's thread. */
    private readonly image: {
      source: StatusImageSource;
      logger: Pick<Logger, 'warn'>;
    } | null = null,
  ) {}

  async announce(a: HealthAnnouncement): Promise<string | null> {
    // A broker with no alert channel is watched on the status page and in the log only.
    if (!a.channel) return null;
    const { text, blocks } = this.message(a);
    // Recoveries, changes and "stable again" answer in the alert's thread; a new outage is new.
    const thread =
      a.notice.kind !== 'down' && a.health.alertRef ? { thread_ts: a.health.alertRef } : {};
    const res = await this.client.chat.postMessage({
      channel: a.channel,
      text,
      blocks,
      ...thread,
      unfurl_links: false,
    });
    if (!res.ts) throw new Error('chat.postMessage returned no ts');
    // The picture comes after the alert and never holds it back (an upload failure is logged).
    if (a.notice.kind === 'down' && this.image)
      await uploadStatusImage(
        this.client,
        this.image.source,
        { broker: a.broker, channel: a.channel, threadTs: res.ts },
        this.image.logger,
      );
    return res.ts;
  }

  private message(a: HealthAnnouncement): { text: string; blocks: KnownBlock[] } {
    const b = escapeMrkdwn(a.broker);
    switch (a.notice.kind) {
      case 'down': {
        const failed = a.result.steps.find((s) => !s.ok);
        const triage = a.result.diagnosis.map(
          (id) =>
            `• *${escapeMrkdwn(this.kb.byId.get(id)?.title ?? id)}* — \`mqtt-why show ${id}\``,
        );
        const blocks: KnownBlock[] = [
          section(
            `:red_circle: *${b} is DOWN*\n${failed ? `Failing step: *${failed.name}* — ${escapeMrkdwn(failed.summary)}` : escapeMrkdwn(a.reason)}`,
          ),
        ];
        if (triage.length > 0) blocks.push(section(`*Likely cause*\n${triage.join('\n')}`));
        blocks.push({
          type: 'actions',
          block_id: 'health_actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Run probe now' },
              action_id: ACTIONS.runProbePick,
              value: encodeProbeButton({
                target: { broker: a.broker },
                cardEntryId: a.result.diagnosis[0] ?? null,
                threadTs: null,
              }),
            },
          ],
        });
        return { text: `${a.broker} is DOWN: ${a.reason}`, blocks };
      }
      case 'recovered': {
        const text = `${a.broker} is ${a.notice.to} again after ${duration(a.notice.downForMs ?? 0)} down`;
        return {
          text,
          blocks: [
            section(
              `:large_green_circle: *${b}* is ${a.notice.to} again after ${duration(a.notice.downForMs ?? 0)} down`,
            ),
          ],
        };
      }
      case 'degraded':
        return {
          text: `${a.broker} is DEGRADED: ${a.reason}`,
          blocks: [section(`:large_yellow_circle: *${b}* is DEGRADED — ${escapeMrkdwn(a.reason)}`)],
        };
      case 'normal':
        return {
          text: `${a.broker} is UP again`,
          blocks: [section(`:large_green_circle: *${b}* is UP again (${escapeMrkdwn(a.reason)})`)],
        };
      case 'flapping':
        return {
          text: `${a.broker} is flapping`,
          blocks: [
            section(
              `:warning: *${b}* keeps changing state (now ${a.notice.to}). I'll stay quiet about it until it settles, then say where it ended.`,
            ),
          ],
        };
      case 'stable':
        return {
          text: `${a.broker} is stable again: ${a.notice.to}`,
          blocks: [section(`*${b}* has settled: ${a.notice.to}.`)],
        };
    }
  }
}

export function createSlackHealthNotifier(opts: {
  token: string;
  slackApiUrl: string | null;
  kb: KnowledgeBase;
  retries?: number;
  image?: { source: StatusImageSource; logger: Pick<Logger, 'warn'> };
}): SlackHealthNotifier {
  const client = new WebClient(opts.token, {
    ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
    retryConfig: { retries: opts.retries ?? 3, factor: 2, minTimeout: 200, maxTimeout: 5000 },
  });
  return new SlackHealthNotifier(client, opts.kb, opts.image ?? null);
}
