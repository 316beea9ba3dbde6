/**
 * Per-person and per-channel limits: one member cannot make the bot run twenty probes (with
 * stored credentials) or flood a channel. Counters are shared through Redis by every process.
 */
import { SlackDeps } from './deps';

/** Null while `user` may send another command this minute; else what to tell them. */
export async function commandRefusal(deps: SlackDeps, user: string): Promise<string | null> {
  const n = deps.limits.commandsPerUserPerMinute;
  if (await deps.state.limiter.allow(`cmd:user:${user}`, n, 60)) return null;
  return `You have sent more than ${n} requests this minute: try again in a minute.`;
}

/** Null while a probe may start for `user` in `channel`; else what to tell them. */
export async function probeRefusal(
  deps: SlackDeps,
  user: string,
  channel: string,
): Promise<string | null> {
  const perUser = deps.limits.probesPerUserPerHour;
  const perChannel = deps.limits.probesPerChannelPerHour;
  if (!(await deps.state.limiter.allow(`probe:user:${user}`, perUser, 3600)))
    return `You have started ${perUser} probes this hour, the most one person may: try again later.`;
  if (!(await deps.state.limiter.allow(`probe:channel:${channel}`, perChannel, 3600)))
    return `This channel has run ${perChannel} probes this hour, the most it may: try again later.`;
  return null;
}
