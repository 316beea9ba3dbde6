/** Block Kit for answers and entries: readable on a phone, within Slack's limits. */
import type { types } from '@slack/bolt';
import { KbEntry } from '../../kb/entry';
import { TriageAnswer, TriageMatch } from '../../core/triage';
import { FeedbackCounts } from '../../state';
import {
  abstainExplanation,
  closeRunnerUps,
  describedAs,
  figureNote,
  relevantVersionNotes,
  runnerUpScore,
  tippedBy,
  truncationNote,
} from '../../render/answer-parts';
import { AnswerCard, answerCard } from '../../render/card';
import { entryPath } from '../../render/links';
import { ACTIONS, encodeButton } from './ids';
import { LIMITS, clip, codeBlockSafe, codeSafe, escapeMrkdwn, kbLabel, kbMrkdwn } from './mrkdwn';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface AnswerOptions {
  answerId: string;
  feedback: FeedbackCounts | null;
  /** The web UI's address (WEB_URL), for a link to the entry's page; null: no link. */
  webUrl?: string | null;
}

type KnownBlock = types.KnownBlock;

const MAX_WORKAROUNDS = 4;
const MAX_DEAD_ENDS = 4;

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) },
});
const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clip(text, LIMITS.contextText) }],
});
const showPointer = (id: string) => `… (full entry: \`mqtt-why show ${id}\`)`;

function firstSentence(s: string): string {
  const m = /^[\s\S]*?[.!?](\s|$)/.exec(s);
  return (m ? m[0] : s).trim();
}

/** Why the answer's best match: its line, what told it from a look-alike, an ambiguous code. */
function evidenceBlocks(m: TriageMatch, answer: TriageAnswer): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const [e] = m.evidence;
  const tip = tippedBy(answer);
  const over = tip
    ? `\nChosen over _${kbLabel(tip.over.title)}_ by line ${tip.evidence.line}: \`${codeSafe(clip(tip.evidence.text, 200))}\``
    : '';
  if (e)
    blocks.push(
      section(
        `*Why this entry* (line ${e.line}): \`${codeSafe(clip(e.text, 400))}\`\n_${escapeMrkdwn(e.why)}_${over}`,
      ),
    );
  for (const a of answer.ambiguities.slice(0, 1)) {
    const readings = a.readings.map(
      (r) => `• ${escapeMrkdwn(r.reading)}${r.entryId ? ` → \`${r.entryId}\`` : ''}`,
    );
    blocks.push(
      section(`:warning: \`${codeSafe(a.written)}\` is ambiguous:\n${readings.join('\n')}`),
    );
  }
  return blocks;
}

/**
 * A labelled piece of KB prose as sections of at most a section's length each, split between
 * paragraphs (else lines, else words): the whole text, not a cut one. At most four sections;
 * past that the pointer says where the rest is.
 */
function sections(label: string, text: string, pointer: string): KnownBlock[] {
  const max = LIMITS.sectionText - 100;
  const parts: string[] = [];
  let rest = kbMrkdwn(text);
  while (rest.length > max && parts.length < 3) {
    const head = rest.slice(0, max);
    let cut = head.lastIndexOf('\n\n');
    if (cut < max / 2) cut = head.lastIndexOf('\n');
    if (cut < max / 2) cut = head.lastIndexOf(' ');
    if (cut <= 0) cut = max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  parts.push(clip(rest, max, pointer));
  return parts.map((p, i) => section(i === 0 ? `*${label}*\n${p}` : p));
}

function entryBodyBlocks(entry: KbEntry, recognised: string[]): KnownBlock[] {
  const pointer = showPointer(entry.id);
  const blocks: KnownBlock[] = [
    ...(entry.summary ? sections('In short', entry.summary, pointer) : []),
    ...sections('Root cause', entry.rootCause, pointer),
  ];
  entry.workarounds.slice(0, MAX_WORKAROUNDS).forEach((w, i) => {
    const code = w.codeBlocks
      .map((b) => `\`\`\`${clip(codeBlockSafe(b.body), 1200, pointer)}\`\`\``)
      .join('\n');
    const rate =
      w.successPercent !== undefined
        ? ` _(${figureNote(entry, w.successPercent, 'success')})_`
        : '';
    blocks.push(section(`*${i + 1}. ${kbLabel(w.summary)}*${rate}\n${code}`));
  });
  if (entry.workarounds.length > MAX_WORKAROUNDS)
    blocks.push(
      context(`${entry.workarounds.length - MAX_WORKAROUNDS} more workaround(s): ${pointer}`),
    );
  const dead = entry.deadEnds
    .slice(0, MAX_DEAD_ENDS)
    .map(
      (d) =>
        `• *${kbLabel(d.attempt)}* — ${kbMrkdwn(d.why)}${d.failPercent !== undefined ? ` _(${figureNote(entry, d.failPercent, 'fail')})_` : ''}`,
    );
  blocks.push(section(`*Don't bother*\n${dead.join('\n')}`));
  if (entry.disambiguation)
    blocks.push(...sections('Told apart from look-alikes', entry.disambiguation, pointer));
  const notes = relevantVersionNotes(entry, recognised);
  if (notes.length > 0)
    blocks.push(
      section(
        `*Your versions*\n${notes.map((v) => `• *${escapeMrkdwn(v.version)}*: ${escapeMrkdwn(v.status)}${v.notes ? ` — ${escapeMrkdwn(v.notes)}` : ''}`).join('\n')}`,
      ),
    );
  return blocks;
}

/** The short card: root cause in two or three sentences and the top two workarounds. */
function cardBlocks(card: AnswerCard, webUrl: string | null): KnownBlock[] {
  const blocks: KnownBlock[] = [section(`*Root cause*\n${kbMrkdwn(card.rootCause)}`)];
  if (card.disambiguation)
    blocks.push(context(`Told apart from look-alikes: ${kbMrkdwn(card.disambiguation)}`));
  card.workarounds.forEach((w, i) => {
    const code = w.code
      ? `\n\`\`\`${clip(codeBlockSafe(w.code), 1200)}${w.cut ? '\n…' : ''}\`\`\``
      : '';
    blocks.push(section(`*${i + 1}. ${kbLabel(w.summary)}*${code}`));
  });
  const more = [
    card.more.workarounds > 0 ? `${card.more.workarounds} more workaround(s)` : '',
    card.more.deadEnds > 0 ? `${card.more.deadEnds} dead end(s) not to waste time on` : '',
  ].filter(Boolean);
  const page = webUrl ? `<${webUrl}${entryPath(card.entry.id)}|the entry's page>` : null;
  blocks.push(
    context(
      `Whole entry${more.length ? ` (${more.join(', ')})` : ''}: *Full entry* below${page ? `, or ${page}` : ''}.`,
    ),
  );
  return blocks;
}

function actionBlock(answerId: string, entryId: string): KnownBlock {
  const value = encodeButton({ a: answerId, e: entryId });
  const button = (text: string, action_id: string, style?: 'primary' | 'danger') => ({
    type: 'button' as const,
    text: { type: 'plain_text' as const, text },
    action_id,
    value,
    ...(style ? { style } : {}),
  });
  return {
    type: 'actions',
    block_id: 'answer_actions',
    elements: [
      button('Run probe', ACTIONS.runProbe, 'primary'),
      button('Full entry', ACTIONS.fullEntry),
      button('Helped', ACTIONS.helped),
      button("Didn't help", ACTIONS.notHelped),
      button('Other matches', ACTIONS.otherMatches),
      button('Wrong entry?', ACTIONS.wrongEntry),
    ],
  };
}

/** The answer to a triage: the short card (evidence, root cause, two fixes), runner-ups, buttons. */
export function answerMessage(answer: TriageAnswer, opts: AnswerOptions): SlackMessage {
  const [best] = answer.matches;
  const card = answerCard(answer);
  if (!best || !card)
    return {
      text: abstainExplanation(answer),
      blocks: [section(escapeMrkdwn(abstainExplanation(answer)))],
    };
  const e = best.entry;
  const codes =
    e.errorCodes.length > 0 ? ` · ${e.errorCodes.map((c) => `\`${c}\``).join(' ')}` : '';
  const helped =
    opts.feedback && opts.feedback.total > 0
      ? ` · helped ${opts.feedback.helped} of ${opts.feedback.total} times here`
      : '';
  const blocks: KnownBlock[] = [];
  const cut = truncationNote(answer);
  if (answer.abstain)
    blocks.push(context(`${escapeMrkdwn(abstainExplanation(answer))} Closest entry:`));
  if (cut) blocks.push(context(cut));
  // An unsure answer says so where the eye lands first, as the web and the terminal do.
  const title = answer.abstain ? `Unsure: ${e.title}` : e.title;
  blocks.push(
    { type: 'header', text: { type: 'plain_text', text: clip(title, LIMITS.headerText) } },
    context(
      `\`${e.id}\`${codes}${helped}${answer.abstain ? ` · score ${best.score.toFixed(2)} of 1` : ''}`,
    ),
    ...evidenceBlocks(best, answer),
  );
  if (answer.abstain) {
    // Unsure: no fixes to apply on a guess; every candidate by title, the explanation a click away.
    const others = answer.matches.slice(1).map((m) => {
      const like = describedAs(m);
      const described = like ? `\n   _described like "${escapeMrkdwn(clip(like, 200))}"_` : '';
      return `• *${kbLabel(m.entry.title)}* (\`${m.id}\`, ${runnerUpScore(m, answer)})${described}`;
    });
    if (others.length > 0) blocks.push(section(`*Other candidates*\n${others.join('\n')}`));
    blocks.push(
      context('Root cause and fixes, if this is the one: *Full entry* below, or *Other matches*.'),
    );
  } else {
    // Another problem in the same paste comes before the fixes of the first, where it is seen.
    const others = card.alsoInText.map((m) => {
      const e = m.evidence[0]!;
      return `• line ${e.line}: \`${codeSafe(clip(e.text, 200))}\`\n   → *${kbLabel(m.entry.title)}* — \`/mqtt-why show ${m.id}\``;
    });
    if (others.length > 0) blocks.push(section(`*Also in this text*\n${others.join('\n')}`));
    blocks.push(...cardBlocks(card, opts.webUrl ?? null));
    const runnerUps = closeRunnerUps(answer);
    if (runnerUps.length > 0)
      blocks.push(
        context(
          `Also possible: ${runnerUps.map((m) => `\`${m.id}\` (${runnerUpScore(m, answer)})`).join(', ')}`,
        ),
      );
  }
  blocks.push(actionBlock(opts.answerId, e.id));
  return {
    text: clip(`${title} — ${firstSentence(e.rootCause)}`, 3000),
    blocks: blocks.slice(0, LIMITS.blocks),
  };
}

/** A whole entry (`/mqtt-why show`, the "Full entry" button), without answer buttons. */
export function entryMessage(entry: KbEntry, webUrl: string | null = null): SlackMessage {
  return {
    text: entry.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(entry.title, LIMITS.headerText) } },
      context(
        `\`${entry.id}\`${entry.errorCodes.length ? ` · ${entry.errorCodes.map((c) => `\`${c}\``).join(' ')}` : ''}${webUrl ? ` · <${webUrl}${entryPath(entry.id)}|on the web>` : ''}`,
      ),
      ...entryBodyBlocks(entry, []),
    ],
  };
}

/** The runner-ups of an answer, each with the first sentence of its root cause. */
export function otherMatchesMessage(entries: KbEntry[]): SlackMessage {
  if (entries.length === 0) return textMessage('No other entry matched this text.');
  const lines = entries.map(
    (e) =>
      `• *${escapeMrkdwn(e.title)}*\n  \`${e.id}\` — ${escapeMrkdwn(firstSentence(e.rootCause))}`,
  );
  return { text: 'Other matches', blocks: [section(`*Other matches*\n${lines.join('\n')}`)] };
}

/** "Wrong entry?": pick the right one, close matches first, then every entry. */
export function wrongEntryMessage(
  answerId: string,
  answered: string,
  close: KbEntry[],
  all: KbEntry[],
): SlackMessage {
  const option = (e: KbEntry) => ({
    text: {
      type: 'plain_text' as const,
      // The title says what the entry is about; a bare id ("mqtt-connack-not-authorized") less so.
      text: clip(e.title.replace(/`/g, ''), LIMITS.buttonText),
    },
    value: encodeButton({ a: answerId, e: e.id }),
  });
  const closeIds = new Set(close.map((e) => e.id));
  const rest = all.filter((e) => !closeIds.has(e.id) && e.id !== answered);
  const groups = [
    ...(close.length > 0
      ? [
          {
            label: { type: 'plain_text' as const, text: 'Close matches' },
            options: close.map(option),
          },
        ]
      : []),
    // Slack rejects an option group without options.
    ...(rest.length > 0 && close.length < 100
      ? [
          {
            label: { type: 'plain_text' as const, text: 'All entries' },
            options: rest.slice(0, 100 - close.length).map(option),
          },
        ]
      : []),
  ];
  return {
    text: 'Which entry is right?',
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Which entry explains it? Your pick is kept as a labelled example to improve the knowledge base.',
        },
        accessory: {
          type: 'static_select',
          action_id: ACTIONS.wrongEntryPick,
          placeholder: { type: 'plain_text', text: 'Pick the right entry' },
          option_groups: groups,
        },
      },
    ],
  };
}

export function textMessage(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}
