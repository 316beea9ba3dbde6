/** Pasted logs and shared log files in channels the bot is in: answer in the thread, or stay quiet. */
import type { App } from '@slack/bolt';
import { SlackDeps } from '../deps';
import { SharedFile, readSharedFiles } from '../files';
import { EVENTS } from '../ids';
import { decideAnswer, post, publishAnswer } from '../reply';

// Plain messages, file shares and "also send to channel" replies carry text worth reading;
// edits, deletions, joins and bot messages do not.
const READABLE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

interface ChannelMessage {
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  files?: SharedFile[];
}

export function registerMessageListener(app: App, deps: SlackDeps): void {
  app.event(EVENTS.message, async ({ event, body, context, client }) => {
    const msg = event as unknown as ChannelMessage;
    if (!READABLE_SUBTYPES.has(msg.subtype) || msg.bot_id || !msg.user) return;
    if (context.botUserId && msg.user === context.botUserId) return;
    // A message that mentions the bot is answered by the app_mention listener.
    if (context.botUserId && msg.text?.includes(`<@${context.botUserId}>`)) return;
    const firstDelivery = await deps.state.dedupe.firstTime(`event:${body.event_id}`);
    if (!firstDelivery || !(await deps.state.dedupe.firstTime(`msg:${msg.channel}:${msg.ts}`)))
      return;
    if (!(await deps.state.channels.watching(msg.channel))) return;

    let text = msg.text ?? '';
    // Reading files costs downloads and up to 2 MB of matching each time, before any answer
    // limit applies (most are not answered): one person's shares are read at the command rate.
    const readFiles =
      Boolean(msg.files?.length) &&
      (await deps.state.limiter.allow(
        `files:user:${msg.user}`,
        deps.limits.commandsPerUserPerMinute,
        60,
      ));
    if (msg.files?.length && !readFiles)
      deps.logger.info(
        { channel: msg.channel, files: msg.files.length },
        'shared files not read: per-person rate limit',
      );
    if (msg.files?.length && readFiles) {
      const files = await readSharedFiles(msg.files, {
        client,
        token: deps.botToken,
        maxBytes: deps.maxFileBytes,
        allowedOrigins: deps.fileOrigins,
        logger: deps.logger,
      });
      text = [text, files.text].filter(Boolean).join('\n');
    }
    const team = body.team_id ?? context.teamId ?? '';
    const threadTs = msg.thread_ts ?? msg.ts;
    // Decide first: chatter the bot stays silent about is neither stored nor posted.
    const answer = decideAnswer(deps, text, msg.files?.length ? 'file' : 'message');
    if (answer.abstain) return;
    if (
      !(await deps.state.channels.allowPassiveAnswer(msg.channel, deps.passiveAnswersPerMinute))
    ) {
      deps.logger.info({ channel: msg.channel }, 'passive answer skipped: channel rate limit');
      return;
    }
    const message = await publishAnswer(
      deps,
      { team, channel: msg.channel, threadTs },
      text,
      answer,
    );
    await post(deps, client, { channel: msg.channel, thread_ts: threadTs, message });
  });
}
