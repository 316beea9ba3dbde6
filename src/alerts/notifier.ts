/** Where health transitions are announced (a Slack channel): the health job calls it. */
import { BrokerHealth, Notice } from './health-state';
import { ProbeResult } from '../probe/types';

export interface HealthAnnouncement {
  broker: string;
  channel: string;
  notice: Notice;
  health: BrokerHealth;
  /** The check that caused it, with the failing step and the KB triage of the failure. */
  result: ProbeResult;
  reason: string;
}

export interface HealthNotifier {
  /** Posts the announcement; resolves the message reference (a DOWN alert's is kept for its thread). */
  announce(a: HealthAnnouncement): Promise<string>;
}
