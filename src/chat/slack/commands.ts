/**
 * The bot's commands other than triage (`help`, `watch`, `show`, `probe`, `status`), the same
 * whether they come as `/mqtt-why …` (answered privately) or as `@mqtt-why …` (answered in the
 * thread, where a probe also reports).
 */
import { BotCommand, HELP_TEXT } from '../../core/command';
import { ThreadRef } from '../../probe/report';
import { SlackMessage, entryMessage, textMessage } from './blocks';
import { probeRefusal } from './limits';
import { escapeMrkdwn } from './mrkdwn';
import { SlackDeps } from './deps';

export type OtherCommand = Exclude<BotCommand, { kind: 'triage' }>;

export async function runCommand(
  deps: SlackDeps,
  cmd: OtherCommand,
  where: ThreadRef & { user: string },
  reply: (message: SlackMessage) => Promise<void>,
): Promise<void> {
  switch (cmd.kind) {
    case 'help':
      return reply(textMessage(HELP_TEXT));
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
      const off = deps.probes.unavailableReason();
      if (off) return reply(textMessage(off));
      const limited = await probeRefusal(deps, where.user, where.channel);
      if (limited) return reply(textMessage(limited));
      const target = cmd.target.includes('://') ? { url: cmd.target } : { broker: cmd.target };
      const thread = { team: where.team, channel: where.channel, threadTs: where.threadTs };
      const queued = await deps.probes.request({ target, where: thread, cardEntryId: null });
      // Refusals quote what the user typed: inert, never a mention or a link.
      if (!queued.ok) await reply(textMessage(escapeMrkdwn(queued.message)));
      return;
    }
    case 'status': {
      const status = await deps.healthStatus(cmd.broker);
      return reply(
        textMessage(
          status
            ? `\`\`\`${escapeMrkdwn(status).replace(/`/g, "'")}\`\`\``
            : 'No broker has scheduled health checks: an admin adds a `health:` block to a broker in brokers.yml.',
        ),
      );
    }
  }
}
