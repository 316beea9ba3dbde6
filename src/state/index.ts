/** The bot's state in Redis, one object per concern, sharing one connection and key prefix. */
import { AnswerStore } from './answers';
import { ChannelSettings } from './channel-settings';
import { Dedupe } from './dedupe';
import { FeedbackStore } from './feedback';
import { StateDeps } from './stored';

export interface BotState {
  dedupe: Dedupe;
  channels: ChannelSettings;
  feedback: FeedbackStore;
  answers: AnswerStore;
}

export function createState(deps: StateDeps): BotState {
  return {
    dedupe: new Dedupe(deps),
    channels: new ChannelSettings(deps),
    feedback: new FeedbackStore(deps),
    answers: new AnswerStore(deps),
  };
}

export type { Stored } from './stored';
export type { AnswerRecord, LabelledExample } from './answers';
export type { FeedbackCounts } from './feedback';
