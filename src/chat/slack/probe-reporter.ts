/** Probe results into the Slack thread: one message, posted at once and updated in place. */
import { webApi } from '@slack/bolt';
import { KnowledgeBase } from '../../kb/load';
import type { Logger } from '../../log';
import { FinishedProbe, ProbeReporter, ThreadRef } from '../../probe/report';
import { ProbeResult } from '../../probe/types';
import { SlackMessage } from './blocks';
import { probeFailedMessage, probeResultMessage, probingMessage } from './probe-blocks';

/** Labels of probes in flight, for their progress updates; bounded so lost jobs cannot grow it. */
const MAX_LABELS = 1000;

export class SlackProbeReporter implements ProbeReporter {
  private readonly labels = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly kb: KnowledgeBase,
    private readonly logger: Logger,
  ) {}

  async start(where: ThreadRef, label: string): Promise<string> {
    const m = probingMessage(label, null);
    const res = await this.client.chat.postMessage({
      channel: where.channel,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      text: m.text,
      blocks: m.blocks,
    });
    if (!res.ts) throw new Error('chat.postMessage returned no ts');
    this.labels.set(res.ts, label);
    // Maps keep insertion order: the oldest label goes first.
    if (this.labels.size > MAX_LABELS) this.labels.delete(this.labels.keys().next().value!);
    return res.ts;
  }

  async progress(where: ThreadRef, ref: string, partial: ProbeResult): Promise<void> {
    const label = this.labels.get(ref) ?? partial.target.name ?? partial.target.url;
    await this.update(where, ref, probingMessage(label, partial)).catch((err: Error) =>
      this.logger.warn(
        { channel: where.channel, reason: err.message },
        'probe progress update failed',
      ),
    );
  }

  async finish(where: ThreadRef, ref: string, report: FinishedProbe): Promise<void> {
    // Thrown errors here make BullMQ retry the job, which posts the stored result again.
    await this.update(where, ref, probeResultMessage(report, this.kb));
    this.labels.delete(ref);
  }

  async failed(
    where: ThreadRef,
    ref: string | null,
    reason: string,
    requestId: string | null,
  ): Promise<void> {
    if (ref) this.labels.delete(ref);
    const m = probeFailedMessage(reason, requestId);
    if (ref) await this.update(where, ref, m);
    else
      await this.client.chat.postMessage({
        channel: where.channel,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        text: m.text,
        blocks: m.blocks,
      });
  }

  /** How many probes have a label kept (for tests of the bound). */
  get inFlight(): number {
    return this.labels.size;
  }

  private async update(where: ThreadRef, ts: string, m: SlackMessage): Promise<void> {
    await this.client.chat.update({ channel: where.channel, ts, text: m.text, blocks: m.blocks });
  }
}

/** A reporter with its own Web API client, for worker processes that run no Bolt app. */
const { WebClient } = webApi;

export function createSlackProbeReporter(opts: {
  token: string;
  slackApiUrl: string | null;
  kb: KnowledgeBase;
  logger: Logger;
  retries?: number;
}): SlackProbeReporter {
  const client = new WebClient(opts.token, {
    ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
    retryConfig: { retries: opts.retries ?? 3, factor: 2, minTimeout: 200, maxTimeout: 5000 },
  });
  return new SlackProbeReporter(client, opts.kb, opts.logger);
}
