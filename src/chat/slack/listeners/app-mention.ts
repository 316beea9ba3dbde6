/** `@mqtt-why <text>`: triage that text, or the thread's first message when the mention is bare. */
import type { App } from '@slack/bolt';
import { HELP_TEXT, parseCommand } from '../../../core/command';
import { textMessage } from '../blocks';
import { SlackDeps } from '../deps';
import { LISTENED_EVENTS } from '../ids';
import { post, prepareAnswer } from '../reply';

const MENTION = /<@[A-Z0-9]+(?:\|[^>]*)?>/g;

export function registerAppMention(app: App, deps: SlackDeps): void {
  app.event(LISTENED_EVENTS[0], async ({ event, body, client, context }) => {
    if (!(await deps.state.dedupe.firstTime(`event:${body.event_id}`))) return;
    if (!(await deps.state.dedupe.firstTime(`mention:${event.channel}:${event.ts}`))) return;
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
    if (cmd.kind !== 'triage') {
      await post(deps, client, {
        channel: event.channel,
        thread_ts: threadTs,
        message: textMessage(HELP_TEXT),
      });
      return;
    }
    const team = body.team_id ?? context.teamId ?? '';
    const { message } = await prepareAnswer(
      deps,
      { team, channel: event.channel, threadTs },
      cmd.text,
      'mention',
    );
    await post(deps, client, { channel: event.channel, thread_ts: threadTs, message });
  });
}
