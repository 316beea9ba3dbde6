/**
 * `@mqtt-why <text>`: triage that text, or the thread's first message when the mention is bare;
 * `@mqtt-why probe|show|status|watch|help …` runs that command and answers in the thread.
 */
import type { App } from '@slack/bolt';
import { parseCommand } from '../../../core/command';
import { runCommand } from '../commands';
import { commandRefusal } from '../limits';
import { SlackDeps } from '../deps';
import { EVENTS } from '../ids';
import { decideAnswer, post, publishAnswer } from '../reply';

const MENTION = /<@[A-Z0-9]+(?:\|[^>]*)?>/g;

export function registerAppMention(app: App, deps: SlackDeps): void {
  app.event(EVENTS.mention, async ({ event, body, client, context }) => {
    if (!(await deps.state.dedupe.firstTime(`event:${body.event_id}`))) return;
    if (!(await deps.state.dedupe.firstTime(`mention:${event.channel}:${event.ts}`))) return;
    const user = event.user ?? '';
    const limited = await commandRefusal(deps, user);
    if (limited) {
      await client.chat
        .postEphemeral({ channel: event.channel, user, text: limited })
        .catch(() => undefined);
      return;
    }
    const threadTs = event.thread_ts ?? event.ts;
    let text = (event.text ?? '').replace(MENTION, '').trim();
    if (text === '' && event.thread_ts) {
      try {
        const replies = await client.conversations.replies({
          channel: event.channel,
          ts: event.thread_ts,
          limit: 1,
          inclusive: true,
        });
        text = replies.messages?.[0]?.text ?? '';
      } catch (err) {
        deps.logger.warn({ channel: event.channel, err }, 'could not read the thread to triage');
      }
    }
    const cmd = parseCommand(text);
    const team = body.team_id ?? context.teamId ?? '';
    const where = { team, channel: event.channel, threadTs };
    // `@mqtt-why probe plant-broker` in a thread probes into that thread; the other commands
    // answer there too, where everyone following the incident sees them.
    if (cmd.kind !== 'triage')
      return runCommand(
        deps,
        cmd,
        { ...where, user, client },
        async (message) =>
          void (await post(deps, client, { channel: event.channel, thread_ts: threadTs, message })),
      );
    const answer = decideAnswer(deps, cmd.text, 'mention');
    const message = await publishAnswer(deps, where, cmd.text, answer);
    await post(deps, client, { channel: event.channel, thread_ts: threadTs, message });
  });
}
