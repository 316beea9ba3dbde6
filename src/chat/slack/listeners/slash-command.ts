/** `/mqtt-why <code or text>`, `help`, `watch on|off`, `show <id>`, `probe`, `status`. */
import type { App, RespondFn } from '@slack/bolt';
import { parseCommand } from '../../../core/command';
import { runCommand } from '../commands';
import { SlackDeps } from '../deps';
import { COMMAND } from '../ids';
import { post, prepareAnswer } from '../reply';

const ephemeral = async (respond: RespondFn, message: { text: string; blocks?: unknown[] }) =>
  void (await respond({ response_type: 'ephemeral', ...message } as Parameters<RespondFn>[0]));

export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    // Slack allows 3 s for the acknowledgement; everything else happens after it.
    await ack();
    const cmd = parseCommand(command.text ?? '');
    const where = { team: command.team_id, channel: command.channel_id, threadTs: null };
    if (cmd.kind !== 'triage')
      return runCommand(deps, cmd, where, (message) => ephemeral(respond, message));
    const { message } = await prepareAnswer(deps, where, cmd.text, 'slash');
    if (deps.answerVisibility === 'ephemeral') return ephemeral(respond, message);
    const posted = await post(deps, client, { channel: command.channel_id, message });
    // Not a member of the channel (or a DM): answer through the command's response URL instead.
    if (posted.error)
      await respond({
        response_type: 'in_channel',
        text: message.text,
        blocks: message.blocks,
      });
  });
}
