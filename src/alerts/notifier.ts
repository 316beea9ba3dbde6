/** Where health transitions are announced (a Slack channel, the console, the log): the health check calls it. */
import { BrokerHealth, Notice } from './health-state';
import { ProbeResult } from '../probe/types';

export interface HealthAnnouncement {
  broker: string;
  /** The broker's `health.channel` (Slack), or null when none is set. */
  channel: string | null;
  notice: Notice;
  health: BrokerHealth;
  /** The check that caused it, with the failing step and the KB triage of the failure. */
  result: ProbeResult;
  reason: string;
}

export interface HealthNotifier {
  /**
   * Announces; resolves the message reference (a DOWN alert's is kept for its thread), or null
   * when there is none to keep. A rejection leaves the notice pending for the next check.
   */
  announce(a: HealthAnnouncement): Promise<string | null>;
}

/**
 * Several notifiers for one announcement: the first is the one whose reference is kept (and whose
 * failure leaves the notice pending); the others are told too, and their failures only logged.
 */
export function notifyAll(
  primary: HealthNotifier,
  others: HealthNotifier[],
  onError: (err: Error) => void,
): HealthNotifier {
  return {
    async announce(a) {
      for (const n of others) await n.announce(a).catch(onError);
      return primary.announce(a);
    },
  };
}
