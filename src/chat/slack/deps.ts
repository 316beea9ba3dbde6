/** What the Slack listeners need: the engine, state, a logger and the settings they use. */
import type { HealthStatus } from '../../alerts/status';
import { Triage } from '../../core/triage';
import type { Logger } from '../../log';
import { BotState } from '../../state';
import { Metrics } from '../../metrics';
import type { ProbeGateway } from '../../probe/gateway';

export type { ProbeGateway, ProbeRequestTarget } from '../../probe/gateway';

/** How much one person or channel may ask of the bot (LIMIT_* settings). */
export interface UsageLimits {
  commandsPerUserPerMinute: number;
  probesPerUserPerHour: number;
  probesPerChannelPerHour: number;
}

export interface SlackDeps {
  triage: Triage;
  metrics: Metrics;
  state: BotState;
  logger: Logger;
  probes: ProbeGateway;
  botToken: string;
  answerVisibility: 'channel' | 'ephemeral';
  passiveAnswersPerMinute: number;
  limits: UsageLimits;
  maxFileBytes: number;
  fileOrigins: string[];
  /** WEB_URL: the web UI's address, for links to entry and status pages; null: no links. */
  webUrl: string | null;
  /** A health-checked broker's chart as a PNG (null: unknown broker); null when none are checked. */
  statusImage: ((broker: string) => Promise<Buffer | null>) | null;
  /** Status lines of health-checked brokers (all, or one with its history); null when none are. */
  healthStatus: (broker: string | null, channel: string | null) => Promise<HealthStatus>;
}
