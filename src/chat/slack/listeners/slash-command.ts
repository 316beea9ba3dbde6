/** `/mqtt-why <code or text>`, `help`, `watch on|off`, `show <id>`, `probe`, `status`. */
import type { App, RespondFn } from '@slack/bolt';
import { HELP_TEXT, parseCommand } from '../../../core/command';
import { entryMessage, textMessage } from '../blocks';
import { SlackDeps } from '../deps';
import { COMMAND } from '../ids';
import { post, prepareAnswer } from '../reply';

const ephemeral = (respond: RespondFn, message: { text: string; blocks?: unknown[] }) =>
  respond({ response_type: 'ephemeral', ...message } as Parameters<RespondFn>[0]);

export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    // Slack allows 3 s for the acknowledgement; everything else happens after it.
    await ack();
    const cmd = parseCommand(command.text ?? '');
    switch (cmd.kind) {
      case 'help':
        return void (await ephemeral(respond, textMessage(HELP_TEXT)));
      case 'watch': {
        if (cmd.on === null) {
          const on = await deps.state.channels.watching(command.channel_id);
          return void (await ephemeral(
            respond,
            textMessage(
              `Pasted logs in this channel are ${on ? 'answered' : 'ignored'}. \`/mqtt-why watch ${on ? 'off' : 'on'}\` changes that.`,
            ),
          ));
        }
        const saved = await deps.state.channels.setWatching(command.channel_id, cmd.on);
        const note = saved.ok ? '' : ' (storage is offline: this lasts until the bot restarts)';
        return void (await ephemeral(
          respond,
          textMessage(
            cmd.on
              ? `I'll answer MQTT problems pasted in this channel${note}.`
              : `I'll stay quiet about pasted logs in this channel${note}. \`/mqtt-why <text>\` still works.`,
          ),
        ));
      }
      case 'show': {
        const entry = deps.triage.find(cmd.id);
        return void (await ephemeral(
          respond,
          entry
            ? entryMessage(entry)
            : textMessage(`No entry \`${cmd.id.replace(/[`<>&]/g, '')}\`. Try \`/mqtt-why help\`.`),
        ));
      }
      case 'probe': {
        const off = deps.probes.unavailableReason();
        if (off) return void (await ephemeral(respond, textMessage(off)));
        const target = cmd.target.includes('://') ? { url: cmd.target } : { broker: cmd.target };
        const where = { team: command.team_id, channel: command.channel_id, threadTs: null };
        const queued = await deps.probes.request({ target, where, cardEntryId: null });
        if (!queued.ok) await ephemeral(respond, textMessage(queued.message));
        return;
      }
      case 'status': {
        const status = await deps.healthStatus(cmd.broker);
        const text =
          status ??
          'No broker has scheduled health checks: an admin adds a `health:` block to a broker in brokers.yml.';
        return void (await ephemeral(
          respond,
          textMessage(status ? `\`\`\`${status.replace(/`/g, "'")}\`\`\`` : text),
        ));
      }
      case 'triage': {
        const where = { team: command.team_id, channel: command.channel_id, threadTs: null };
        const { message } = await prepareAnswer(deps, where, cmd.text, 'slash');
        if (deps.answerVisibility === 'ephemeral') return void (await ephemeral(respond, message));
        const posted = await post(deps, client, { channel: command.channel_id, message });
        // Not a member of the channel (or a DM): answer through the command's response URL instead.
        if (posted.error)
          await respond({
            response_type: 'in_channel',
            text: message.text,
            blocks: message.blocks,
          });
        return;
      }
    }
  });
}
