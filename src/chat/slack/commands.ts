/**
 * The bot's commands other than triage (`help`, `watch`, `show`, `probe`, `status`), the same
 * whether they come as `/mqtt-why …` (answered privately) or as `@mqtt-why …` (answered in the
 * thread, where a probe also reports).
 */
import { BotCommand, HELP_TEXT } from '../../core/command';
import { ThreadRef } from '../../probe/report';
import { SlackMessage, entryMessage, textMessage } from './blocks';
import { post } from './reply';
import { probeRefusal } from './limits';
import { escapeMrkdwn } from './mrkdwn';
import { SlackDeps } from './deps';
import { uploadStatusImage } from './chart-upload';
import { brokerPath } from '../../render/links';
import type { webApi } from '@slack/bolt';

export type OtherCommand = Exclude<BotCommand, { kind: 'triage' }>;

/** Where a command was asked, by whom, and the Web API client to answer through. */
export type CommandPlace = ThreadRef & { user: string; client: webApi.WebClient };

export async function runCommand(
  deps: SlackDeps,
  cmd: OtherCommand,
  where: CommandPlace,
  reply: (message: SlackMessage) => Promise<void>,
): Promise<void> {
  switch (cmd.kind) {
    case 'help':
      return reply(textMessage(HELP_TEXT));
    case 'usage':
      return reply(textMessage(cmd.text));
    case 'watch': {
      if (cmd.on === null) {
        const on = await deps.state.channels.watching(where.channel);
        return reply(
          textMessage(
            `Pasted logs in this channel are ${on ? 'answered' : 'ignored'}. \`/mqtt-why watch ${on ? 'off' : 'on'}\` changes that.`,
          ),
        );
      }
      const saved = await deps.state.channels.setWatching(where.channel, cmd.on);
      const note = saved.ok ? '' : ' (storage is offline: this lasts until the bot restarts)';
      // The channel hears it too: otherwise the next pasted refusal meets a silence nobody
      // else can explain. (Not a member of the channel: the asker's reply below still says it.)
      await post(deps, where.client, {
        channel: where.channel,
        message: textMessage(
          `<@${where.user}> turned ${cmd.on ? 'on' : 'off'} answers to pasted logs in this channel${cmd.on ? '' : '; `/mqtt-why <text>` still works'}.`,
        ),
      });
      return reply(
        textMessage(
          cmd.on
            ? `I'll answer MQTT problems pasted in this channel${note}.`
            : `I'll stay quiet about pasted logs in this channel${note}. \`/mqtt-why <text>\` still works.`,
        ),
      );
    }
    case 'show': {
      const entry = deps.triage.find(cmd.id);
      return reply(
        entry
          ? entryMessage(entry, deps.webUrl)
          : textMessage(
              `No entry \`${escapeMrkdwn(cmd.id).replace(/`/g, '')}\`. Try \`/mqtt-why help\`.`,
            ),
      );
    }
    case 'probe': {
      const off = deps.probes.unavailable();
      if (off) return reply(textMessage(off.message));
      const target = cmd.target.includes('://') ? { url: cmd.target } : { broker: cmd.target };
      const thread = { team: where.team, channel: where.channel, threadTs: where.threadTs };
      const queued = await deps.probes.request({
        target,
        where: thread,
        cardEntryId: null,
        admit: () => probeRefusal(deps, where.user, where.channel),
      });
      // Refusals quote what the user typed: inert, never a mention or a link.
      if (!queued.ok) await reply(textMessage(escapeMrkdwn(queued.message)));
      return;
    }
    case 'status': {
      const status = await deps.healthStatus(cmd.broker, where.channel);
      if (!status.ok) return reply(textMessage(escapeMrkdwn(status.message)));
      const page = deps.webUrl
        ? `\n<${deps.webUrl}${cmd.broker ? brokerPath(cmd.broker) : '/status'}|Status page>`
        : '';
      await reply(
        textMessage(`\`\`\`${escapeMrkdwn(status.text).replace(/`/g, "'")}\`\`\`${page}`),
      );
      // One broker's status also comes as a picture (latency and uptime), in the thread.
      if (cmd.broker && deps.statusImage)
        await uploadStatusImage(
          where.client,
          deps.statusImage,
          {
            broker: cmd.broker,
            channel: where.channel,
            threadTs: where.threadTs,
            ...(where.threadTs ? {} : { comment: `Status of ${escapeMrkdwn(cmd.broker)}` }),
          },
          deps.logger,
        );
      return;
    }
  }
}
