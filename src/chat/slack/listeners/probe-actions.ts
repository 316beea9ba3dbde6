/** Run probe (pick a broker when several), and Re-probe on a result. */
import type { App, BlockAction, RespondFn } from '@slack/bolt';
import { textMessage } from '../blocks';
import { escapeMrkdwn } from '../mrkdwn';
import type { ThreadRef } from '../../../probe/report';
import { ProbeRequestTarget, SlackDeps } from '../deps';
import { ACTIONS, decodeButton, decodeProbeButton } from '../ids';
import { probeRefusal } from '../limits';
import { pickBrokerMessage } from '../probe-blocks';

/** Refusals may quote a URL or a name from the button: sent inert. */
const reply = (respond: RespondFn, text: string) =>
  respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: escapeMrkdwn(text),
    blocks: textMessage(escapeMrkdwn(text)).blocks,
  } as Parameters<RespondFn>[0]);

/** The thread a clicked message lives in (its own ts when it starts the thread). */
function threadOf(body: BlockAction): ThreadRef {
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  return {
    team: body.team?.id ?? '',
    channel: body.channel?.id ?? body.container?.channel_id ?? '',
    threadTs: message?.thread_ts ?? message?.ts ?? null,
  };
}

export function registerProbeActions(app: App, deps: SlackDeps): void {
  const run = async (
    respond: RespondFn,
    body: BlockAction,
    target: ProbeRequestTarget,
    cardEntryId: string | null,
    threadTs: string | null = null,
  ) => {
    const where = threadOf(body);
    const queued = await deps.probes.request({
      target,
      where: threadTs ? { ...where, threadTs } : where,
      cardEntryId,
      admit: () => probeRefusal(deps, body.user.id, where.channel),
    });
    if (!queued.ok) await reply(respond, queued.message);
  };

  app.action<BlockAction>(ACTIONS.runProbe, async ({ ack, body, respond }) => {
    await ack();
    const off = deps.probes.unavailable();
    if (off) return void (await reply(respond, off.message));
    const action = body.actions[0];
    const card = action?.type === 'button' ? (decodeButton(action.value)?.e ?? null) : null;
    const where = threadOf(body);
    const names = deps.probes.brokersFor(where.channel);
    if (names.length === 0)
      return void (await reply(
        respond,
        'No broker may be probed from this channel: an admin lists brokers (and their channels) in brokers.yml.',
      ));
    if (names.length === 1) return run(respond, body, { broker: names[0]! }, card);
    const m = pickBrokerMessage(names, card, where.threadTs);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: m.text,
      blocks: m.blocks,
    } as Parameters<RespondFn>[0]);
  });

  for (const id of [ACTIONS.runProbePick, ACTIONS.reProbe]) {
    app.action<BlockAction>(id, async ({ ack, body, respond }) => {
      await ack();
      const action = body.actions[0];
      const raw =
        action?.type === 'static_select'
          ? action.selected_option?.value
          : action?.type === 'button'
            ? action.value
            : undefined;
      const decoded = decodeProbeButton(raw);
      if (!decoded) return;
      await run(respond, body, decoded.target, decoded.cardEntryId, decoded.threadTs);
    });
  }
}
