/** The bot's state in Redis, one object per concern, sharing one connection and key prefix. */
import { AnswerStore } from './answers';
import { ChannelSettings } from './channel-settings';
import { Dedupe } from './dedupe';
import { FeedbackStore } from './feedback';
import { RateLimiter } from './rate-limit';
import { StateDeps } from './stored';

export interface BotState {
  dedupe: Dedupe;
  channels: ChannelSettings;
  feedback: FeedbackStore;
  answers: AnswerStore;
  limiter: RateLimiter;
}

/** The bot's Redis-backed state, one object per concern, sharing one connection and prefix. */
export function createState(deps: StateDeps, retention: { answerTtlDays: number }): BotState {
  return {
    dedupe: new Dedupe(deps),
    channels: new ChannelSettings(deps),
    feedback: new FeedbackStore(deps),
    answers: new AnswerStore(deps, retention.answerTtlDays * 24 * 3600),
    limiter: new RateLimiter(deps),
  };
}

export type { Stored } from './stored';
export type { AnswerRecord, LabelledExample } from './answers';
export type { FeedbackCounts } from './feedback';
