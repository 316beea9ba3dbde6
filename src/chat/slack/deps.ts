/** What the Slack listeners need: the engine, state, a logger and the settings they use. */
import { Triage } from '../../core/triage';
import type { Logger } from '../../log';
import { BotState } from '../../state';

export interface ProbeGateway {
  /** Why probes cannot run from chat, or null when they can. */
  unavailableReason(): string | null;
}

export interface SlackDeps {
  triage: Triage;
  state: BotState;
  logger: Logger;
  probes: ProbeGateway;
  botToken: string;
  answerVisibility: 'channel' | 'ephemeral';
  passiveAnswersPerMinute: number;
  maxFileBytes: number;
  fileOrigins: string[];
}
