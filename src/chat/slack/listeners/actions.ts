/** The answer's buttons: Full entry, Helped / Didn't help, Other matches, Wrong entry? (and its pick). */
import type { App, BlockAction, RespondFn } from '@slack/bolt';
import { KbEntry } from '../../../kb/entry';
import {
  SlackMessage,
  entryMessage,
  otherMatchesMessage,
  textMessage,
  wrongEntryMessage,
} from '../blocks';
import { SlackDeps } from '../deps';
import { ACTIONS, ButtonValue, decodeButton } from '../ids';
import { AnswerRecord } from '../../../state';

const STORAGE_OFFLINE =
  "That can't be done right now: the bot's storage (Redis) is offline. The answer above still stands.";
const EXPIRED = 'This answer is too old for its buttons; ask again with `/mqtt-why`.';
// A button from an older bot, or one forged: still an answer, never silence, and never counted.
const UNREADABLE =
  "This button can't be read (it may come from an older version of the bot); ask again with `/mqtt-why`.";
const NOT_IN_KB = (id: string) =>
  `The entry this button names (\`${id}\`) is not in the knowledge base any more; ask again with \`/mqtt-why\`.`;
const NOT_THIS_ANSWER =
  'That entry is not one this answer named, so nothing was counted; ask again with `/mqtt-why`.';

const reply = (respond: RespondFn, m: SlackMessage) =>
  respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: m.text,
    blocks: m.blocks,
  } as Parameters<RespondFn>[0]);

function clicked(body: BlockAction): ButtonValue | null {
  const action = body.actions[0];
  if (!action) return null;
  if (action.type === 'button') return decodeButton(action.value);
  if (action.type === 'static_select') return decodeButton(action.selected_option?.value);
  return null;
}

export function registerActions(app: App, deps: SlackDeps): void {
  const entries = (ids: string[]): KbEntry[] =>
    ids.map((id) => deps.triage.kb.byId.get(id)).filter((e): e is KbEntry => Boolean(e));

  /** The stored answer a button belongs to, or null after telling the user why there is none. */
  const answerOf = async (value: ButtonValue, respond: RespondFn): Promise<AnswerRecord | null> => {
    const record = await deps.state.answers.get(value.a);
    if (!record.ok) await reply(respond, textMessage(STORAGE_OFFLINE));
    else if (!record.value) await reply(respond, textMessage(EXPIRED));
    return record.ok ? record.value : null;
  };

  for (const [action, helped] of [
    [ACTIONS.helped, true],
    [ACTIONS.notHelped, false],
  ] as const) {
    app.action<BlockAction>(action, async ({ ack, body, respond }) => {
      await ack();
      const value = clicked(body);
      if (!value) return void (await reply(respond, textMessage(UNREADABLE)));
      // A vote counts only for an answer the bot gave and one of the entries it named.
      const record = await answerOf(value, respond);
      if (!record) return;
      if (!record.matches.includes(value.e))
        return void (await reply(respond, textMessage(NOT_THIS_ANSWER)));
      const team = body.team?.id ?? '';
      const voted = await deps.state.feedback.vote({
        team,
        entryId: value.e,
        answerId: value.a,
        user: body.user.id,
        helped,
      });
      if (!voted.ok) return void (await reply(respond, textMessage(STORAGE_OFFLINE)));
      if (voted.value) deps.metrics.feedback.inc({ entry: value.e, helped: String(helped) });
      const thanks = helped
        ? 'Glad it helped — noted.'
        : "Sorry it didn't help — noted. *Wrong entry?* lets you point at the right one.";
      await reply(
        respond,
        textMessage(voted.value ? thanks : 'You had already said so; your vote stands.'),
      );
    });
  }

  // "Full entry": the whole entry, privately to whoever asked (the thread keeps the short card).
  app.action<BlockAction>(ACTIONS.fullEntry, async ({ ack, body, respond }) => {
    await ack();
    const value = clicked(body);
    if (!value) return void (await reply(respond, textMessage(UNREADABLE)));
    const entry = deps.triage.kb.byId.get(value.e);
    if (!entry) return void (await reply(respond, textMessage(NOT_IN_KB(value.e))));
    await reply(respond, entryMessage(entry, deps.webUrl));
  });

  app.action<BlockAction>(ACTIONS.otherMatches, async ({ ack, body, respond }) => {
    await ack();
    const value = clicked(body);
    if (!value) return void (await reply(respond, textMessage(UNREADABLE)));
    const record = await answerOf(value, respond);
    if (!record) return;
    await reply(
      respond,
      otherMatchesMessage(entries(record.matches.filter((id) => id !== value.e))),
    );
  });

  app.action<BlockAction>(ACTIONS.wrongEntry, async ({ ack, body, respond }) => {
    await ack();
    const value = clicked(body);
    if (!value) return void (await reply(respond, textMessage(UNREADABLE)));
    const record = await answerOf(value, respond);
    if (!record) return;
    const close = entries(record.matches.filter((id) => id !== value.e));
    await reply(respond, wrongEntryMessage(value.a, value.e, close, deps.triage.kb.entries));
  });

  app.action<BlockAction>(ACTIONS.wrongEntryPick, async ({ ack, body, respond }) => {
    await ack();
    const value = clicked(body);
    if (!value) return void (await reply(respond, textMessage(UNREADABLE)));
    if (!deps.triage.kb.byId.has(value.e))
      return void (await reply(respond, textMessage(NOT_IN_KB(value.e))));
    const record = await answerOf(value, respond);
    if (!record) return;
    const saved = await deps.state.answers.addLabel(
      {
        text: record.text,
        label: value.e,
        answered: record.matches[0] ?? null,
        team: body.team?.id ?? '',
        at: new Date().toISOString(),
      },
      { answerId: value.a, user: body.user.id },
    );
    if (!saved.ok) return void (await reply(respond, textMessage(STORAGE_OFFLINE)));
    if (!saved.value)
      return void (await reply(
        respond,
        textMessage('Your pick for this answer is kept already: one per person and answer.'),
      ));
    await reply(
      respond,
      textMessage(`Thanks: kept as an example of \`${value.e}\`. It helps the next answer.`),
    );
  });
}
