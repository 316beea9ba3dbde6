/**
 * Probes from chat: only configured brokers (in the channels they allow), or URLs whose host an
 * admin allowed with a pattern, so the bot cannot be used to scan the network. Queued on BullMQ.
 */
import { refusal } from '../common/coded-error';
import type { Metrics } from '../metrics';
import type {
  ProbeGateway,
  ProbeRefusal,
  ProbeRefusalCode,
  ProbeRequestTarget,
} from '../probe/gateway';
import { currentLogContext, type Logger } from '../log';
import { hostAllowed } from '../probe/address-policy';
import { BrokersFile, probeableFrom } from '../probe/brokers';
import { parseBrokerUrl } from '../probe/endpoint';
import { ThreadRef } from '../probe/report';
import type { ProbeJobData } from '../../jobs/probe-job';
import { ProbeQueue } from '../../jobs/probe-queue';

const NO_QUEUE = 'Probes are unavailable: this bot runs without a queue.';

export function createProbeGateway(
  brokers: BrokersFile,
  queue: ProbeQueue | null,
  logger: Logger,
  metrics?: Metrics,
): ProbeGateway {
  const brokersFor = (channel: string): string[] =>
    brokers.brokers.filter((b) => probeableFrom(b, channel)).map((b) => b.name);
  // A refusal names only the brokers this channel may probe: others are not its business.
  const namesFor = (channel: string): string => brokersFor(channel).join(', ') || 'none';
  const refused = <C extends ProbeRefusalCode>(code: C, message: string): ProbeRefusal<C> => {
    metrics?.probeRefusals.inc({ code });
    return refusal(code, message);
  };
  /** The job's target, read and checked once here, or why it is refused. */
  const check = (
    target: ProbeRequestTarget,
    channel: string,
  ): { ok: true; target: ProbeJobData['target'] } | ProbeRefusal => {
    if ('url' in target) {
      const parsed = parseBrokerUrl(target.url);
      if (!parsed.ok) return refused('bad_url', `That is not a broker URL: ${parsed.message}`);
      if (parsed.password || parsed.username)
        return refused(
          'credentials_in_url',
          'Leave credentials out of the URL: probes from chat never carry them.',
        );
      const addresses = hostAllowed(parsed.endpoint, brokers.allowHosts);
      if (!addresses)
        return refused(
          'not_allowed',
          `Probing hosts that are not configured is off. Configured brokers: ${namesFor(channel)}. An admin can allow host patterns with allow_hosts in brokers.yml.`,
        );
      return { ok: true, target: { endpoint: parsed.endpoint, addresses } };
    }
    const broker = brokers.brokers.find((b) => b.name === target.broker);
    const unknown = `No broker named "${target.broker}". Configured: ${namesFor(channel)}.`;
    if (!broker) return refused('unknown_broker', unknown);
    // Worded as for a name nobody configured: "cannot be probed from this channel" told a channel
    // that guessed a name kept from it that the broker exists (the code, for metrics, says why).
    if (!probeableFrom(broker, channel)) return refused('not_allowed', unknown);
    return { ok: true, target: { broker: broker.name } };
  };
  const unavailable = (): ProbeRefusal<'probes_not_configured' | 'queue_unavailable'> | null => {
    if (brokers.brokers.length === 0 && brokers.allowHosts.length === 0)
      return refused(
        'probes_not_configured',
        'Probes are not set up on this bot: an admin lists brokers in brokers.yml (see the README).',
      );
    if (!queue)
      return refused('queue_unavailable', 'Probes are unavailable: this bot runs without a queue.');
    return null;
  };
  return {
    unavailable,
    brokersFor,
    async request(req: {
      target: ProbeRequestTarget;
      where: ThreadRef;
      cardEntryId: string | null;
      admit?: () => Promise<string | null>;
    }) {
      const off = unavailable();
      if (off !== null || queue === null) return off ?? refused('queue_unavailable', NO_QUEUE);
      const checked = check(req.target, req.where.channel);
      if (!checked.ok) return checked;
      const limited = req.admit ? await req.admit() : null;
      if (limited !== null) return refused('rate_limited', limited);
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
        // The queue's outage itself is logged once by its connection; this is the request lost.
        logger.warn(
          { code: 'queue_unavailable', reason: (err as Error).message },
          'could not queue a probe',
        );
        return refused(
          'queue_unavailable',
          'Probes are unavailable right now: the queue (Redis) cannot be reached. Triage still works.',
        );
      }
    },
  };
}
