/**
 * Probes from chat: only configured brokers (in the channels they allow), or URLs whose host an
 * admin allowed with a pattern, so the bot cannot be used to scan the network. Queued on BullMQ.
 */
import type { ProbeGateway, ProbeRequestTarget } from '../probe/gateway';
import { currentLogContext, type Logger } from '../log';
import { hostAllowed } from '../probe/address-policy';
import { BrokersFile } from '../probe/brokers';
import { parseBrokerUrl } from '../probe/endpoint';
import { ThreadRef } from '../probe/report';
import type { ProbeJobData } from '../../jobs/probe-job';
import { ProbeQueue } from '../../jobs/probe-queue';

export function createProbeGateway(
  brokers: BrokersFile,
  queue: ProbeQueue | null,
  logger: Logger,
): ProbeGateway {
  const names = brokers.brokers.map((b) => b.name);
  /** The job's target, read and checked once here, or why it is refused. */
  const check = (
    target: ProbeRequestTarget,
    channel: string,
  ): { ok: true; target: ProbeJobData['target'] } | { ok: false; message: string } => {
    const refuse = (message: string) => ({ ok: false as const, message });
    if ('url' in target) {
      const parsed = parseBrokerUrl(target.url);
      if (!parsed.ok) return refuse(`That is not a broker URL: ${parsed.message}`);
      if (parsed.password || parsed.username)
        return refuse('Leave credentials out of the URL: probes from chat never carry them.');
      const addresses = hostAllowed(parsed.endpoint, brokers.allowHosts);
      if (!addresses)
        return refuse(
          `Probing hosts that are not configured is off. Configured brokers: ${names.join(', ') || 'none'}. An admin can allow host patterns with allow_hosts in brokers.yml.`,
        );
      return { ok: true, target: { endpoint: parsed.endpoint, addresses } };
    }
    const broker = brokers.brokers.find((b) => b.name === target.broker);
    if (!broker)
      return refuse(
        `No broker named "${target.broker}". Configured: ${names.join(', ') || 'none'}.`,
      );
    if (broker.channels.length > 0 && !broker.channels.includes(channel))
      return refuse(`${broker.name} cannot be probed from this channel.`);
    return { ok: true, target: { broker: broker.name } };
  };
  return {
    unavailableReason: () => {
      if (brokers.brokers.length === 0 && brokers.allowHosts.length === 0)
        return 'Probes are not set up on this bot: an admin lists brokers in brokers.yml (see the README).';
      if (!queue) return 'Probes are unavailable: this bot runs without a queue.';
      return null;
    },
    brokersFor: (channel) =>
      brokers.brokers
        .filter((b) => b.channels.length === 0 || b.channels.includes(channel))
        .map((b) => b.name),
    async request(req: {
      target: ProbeRequestTarget;
      where: ThreadRef;
      cardEntryId: string | null;
    }) {
      const checked = check(req.target, req.where.channel);
      if (!checked.ok) return checked;
      if (!queue)
        return { ok: false, message: 'Probes are unavailable: this bot runs without a queue.' };
      const { reqId } = currentLogContext();
      try {
        await queue.enqueue({
          target: checked.target,
          where: req.where,
          cardEntryId: req.cardEntryId,
          takeover: false,
          ...(reqId ? { requestId: reqId } : {}),
        });
        return { ok: true };
      } catch (err) {
        logger.warn({ reason: (err as Error).message }, 'could not queue a probe');
        return {
          ok: false,
          message:
            'Probes are unavailable right now: the queue (Redis) cannot be reached. Triage still works.',
        };
      }
    },
  };
}
