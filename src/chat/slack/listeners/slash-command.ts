/** `/mqtt-why <code or text>`, `help`, `watch on|off`, `show <id>`, `probe`, `status`. */
import type { App, RespondFn } from '@slack/bolt';
import { parseCommand } from '../../../core/command';
import { textMessage } from '../blocks';
import { runCommand } from '../commands';
import { commandRefusal } from '../limits';
import { SlackDeps } from '../deps';
import { COMMAND } from '../ids';
import { decideAnswer, post, publishAnswer } from '../reply';

const ephemeral = async (respond: RespondFn, message: { text: string; blocks?: unknown[] }) =>
  void (await respond({ response_type: 'ephemeral', ...message } as Parameters<RespondFn>[0]));

export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    // Slack allows 3 s for the acknowledgement; everything else happens after it.
    await ack();
    // A signed request replayed within Slack's five minutes carries the same trigger id: once only.
    if (!(await deps.state.dedupe.firstTime(`trigger:${command.trigger_id}`))) return;
    const limited = await commandRefusal(deps, command.user_id);
    if (limited) return ephemeral(respond, textMessage(limited));
    const cmd = parseCommand(command.text ?? '');
    const where = { team: command.team_id, channel: command.channel_id, threadTs: null };
    if (cmd.kind !== 'triage')
      return runCommand(deps, cmd, { ...where, user: command.user_id, client }, (message) =>
        ephemeral(respond, message),
      );
    // An explicit ask is always answered (unsure matches are marked as such).
    const answer = decideAnswer(deps, cmd.text, 'slash');
    const message = await publishAnswer(deps, where, cmd.text, answer);
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
