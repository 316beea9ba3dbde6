/** Terminal rendering of a triage answer and of an entry: colour on a TTY, plain otherwise. */
import { KbEntry } from '../kb/entry';
import { TriageAnswer, TriageMatch } from '../core/triage';
import {
  TippedBy,
  abstainExplanation,
  alsoInText,
  closeRunnerUps,
  describedAs,
  figureNote,
  relevantVersionNotes,
  runnerUpScore,
  tippedBy,
  truncationNote,
} from './answer-parts';
import { answerCard } from './card';
import { printable } from '../common/printable';

export interface TextStyle {
  colour: boolean;
}

export interface AnswerTextOptions {
  /** The whole entry instead of the short card (`--full`). */
  full?: boolean;
  /** How to ask for the whole entry here: `mqtt-why show <id>` (CLI), `/mqtt-why show <id>` (console). */
  showCommand?: (id: string) => string;
  /** The entry's page on the web UI, when its address is known. */
  entryUrl?: (id: string) => string | null;
}

const paint = (style: TextStyle, code: string) => (s: string) =>
  style.colour ? `\x1b[${code}m${s}\x1b[0m` : s;

const indent = (s: string, by: string): string =>
  s
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

/** Words at most `width` wide, each line starting with `by`. */
function wrap(text: string, by: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(by + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(by + line);
  return lines.join('\n');
}

/**
 * The answer for a terminal: the short card (title, the line that matched and why, the root
 * cause in two or three sentences, the top two workarounds) unless `full` asks for everything.
 */
export function renderAnswer(
  answer: TriageAnswer,
  style: TextStyle,
  opts: AnswerTextOptions = {},
): string {
  if (!opts.full) return renderCard(answer, style, opts);
  const bold = paint(style, '1');
  const dim = paint(style, '2');
  const out: string[] = [];
  const note = truncationNote(answer);
  if (note) out.push(dim(note), '');
  const [best] = answer.matches;
  if (!best) {
    out.push(abstainExplanation(answer));
    return out.join('\n') + '\n';
  }
  if (answer.abstain)
    out.push(`${abstainExplanation(answer)} The closest entries, for what they are worth:`, '');

  out.push(...renderMatch(best, answer, style));
  const runnerUps = closeRunnerUps(answer);
  if (runnerUps.length > 0) {
    out.push('', bold('Also possible'));
    for (const m of runnerUps)
      out.push(`  ${m.id}  ${dim(`(${runnerUpScore(m, answer)})`)}  ${m.title}`);
  }
  out.push('', dim(`Full entry: ${(opts.showCommand ?? cliShow)(best.id)}`));
  return out.join('\n') + '\n';
}

const cliShow = (id: string) => `mqtt-why show ${id}`;

/** What put the answer ahead of a runner-up read from the same line, quoted safely. */
function chosenOver(tip: TippedBy): string {
  return `  Chosen over ${tip.over.id} by line ${tip.evidence.line}: ${printable(tip.evidence.text)}`;
}

/** Other problems in the same text, each with the line that reports it. */
function alsoInTextLines(others: TriageMatch[], style: TextStyle): string[] {
  if (others.length === 0) return [];
  const dim = paint(style, '2');
  return [
    '',
    paint(style, '1')('Also in this text'),
    ...others.flatMap((m) => {
      const e = m.evidence[0]!;
      return [`  line ${e.line}: ${printable(e.text)}`, dim(`    -> ${m.title} (${m.id})`)];
    }),
  ];
}

/** An unsure answer's other candidates, by title, each with the symptom that ranked it. */
function otherCandidateLines(answer: TriageAnswer, style: TextStyle): string[] {
  const others = answer.matches.slice(1);
  if (others.length === 0) return [];
  const dim = paint(style, '2');
  return [
    '',
    paint(style, '1')('Other candidates'),
    ...others.flatMap((m) => {
      const like = describedAs(m);
      return [
        `  ${m.id}  ${dim(`(${runnerUpScore(m, answer)})`)}  ${m.title}`,
        ...(like ? [dim(`    described like "${printable(like)}"`)] : []),
      ];
    }),
  ];
}

function renderCard(answer: TriageAnswer, style: TextStyle, opts: AnswerTextOptions): string {
  const bold = paint(style, '1');
  const dim = paint(style, '2');
  const cyan = paint(style, '36');
  const yellow = paint(style, '33');
  const out: string[] = [];
  const note = truncationNote(answer);
  if (note) out.push(dim(note), '');
  const card = answerCard(answer);
  if (!card) return `${out.concat(abstainExplanation(answer)).join('\n')}\n`;
  // A healthy log or a question: no problem to explain, so no fixes to apply; the closest
  // entries in a line each, for someone who knows something is wrong all the same.
  if (answer.abstainReason === 'no-failure') {
    out.push(abstainExplanation(answer));
    // A code that reads as a success ("SUBACK 0x01") is the answer to what was asked.
    for (const a of answer.ambiguities.slice(0, 1))
      out.push(`${a.written} reads as:`, ...a.readings.map((r) => `  - ${r.reading}`));
    out.push(
      'If something is wrong all the same, its words come closest to:',
      ...answer.matches.map((m) => `  ${m.id}  ${dim(`(${m.score.toFixed(2)})`)}  ${m.title}`),
      '',
      dim(`Any of them in full: ${(opts.showCommand ?? cliShow)(card.entry.id)}`),
    );
    return out.join('\n') + '\n';
  }
  if (answer.abstain)
    out.push(`${abstainExplanation(answer)} The closest entry, for what it is worth:`, '');
  const e = card.entry;
  out.push(bold(e.title), `${cyan(e.id)}  ${dim(`score ${card.match.score.toFixed(2)}`)}`, '');
  if (card.evidence)
    out.push(
      `${bold('Why this entry:')} line ${card.evidence.line}: ${printable(card.evidence.text)}`,
      dim(`  ${card.evidence.why}`),
    );
  if (card.tippedBy) out.push(dim(chosenOver(card.tippedBy)));
  for (const a of answer.ambiguities.slice(0, 1)) {
    out.push(yellow(`Note: ${a.written} is ambiguous:`));
    for (const r of a.readings)
      out.push(yellow(`  - ${r.reading}${r.entryId ? ` -> ${r.entryId}` : ''}`));
  }
  out.push(...alsoInTextLines(card.alsoInText, style));
  // Unsure: the other candidates come before the first one's fixes, each with the symptom it was
  // ranked on, so a near tie is seen and judged by its description.
  if (answer.abstain) out.push(...otherCandidateLines(answer, style));
  out.push('', bold('Root cause'), wrap(card.rootCause, '  '));
  if (card.disambiguation)
    out.push('', bold('Told apart from look-alikes'), wrap(card.disambiguation, '  '));
  if (card.workarounds.length > 0) out.push('', bold('Try first'));
  card.workarounds.forEach((w, i) => {
    out.push(`  ${i + 1}. ${w.summary}`);
    if (w.code) out.push(cyan(indent(w.code, '       ')));
    if (w.cut) out.push(dim('       …'));
  });
  const more = [
    card.more.workarounds > 0 ? `${card.more.workarounds} more workaround(s)` : '',
    card.more.deadEnds > 0 ? `${card.more.deadEnds} dead end(s) not to waste time on` : '',
  ].filter(Boolean);
  if (card.runnerUps.length > 0 && !answer.abstain)
    out.push(
      '',
      `${bold('Also possible:')} ${card.runnerUps.map((m) => `${m.id} (${runnerUpScore(m, answer)})`).join(', ')}`,
    );
  const url = opts.entryUrl?.(e.id);
  out.push(
    '',
    dim(
      `Full entry${more.length ? ` (${more.join(', ')})` : ''}: ${(opts.showCommand ?? cliShow)(e.id)}${url ? ` or ${url}` : ''}`,
    ),
  );
  return out.join('\n') + '\n';
}

/** The answer's best match, whole (`--full`). */
function renderMatch(m: TriageMatch, answer: TriageAnswer, style: TextStyle): string[] {
  const bold = paint(style, '1');
  const dim = paint(style, '2');
  const cyan = paint(style, '36');
  const yellow = paint(style, '33');
  const e = m.entry;
  const out: string[] = [bold(e.title), `${cyan(e.id)}  ${dim(`score ${m.score.toFixed(2)}`)}`, ''];
  const [first] = m.evidence;
  if (first)
    out.push(
      `${bold('Why this entry:')} line ${first.line}: ${printable(first.text)}`,
      dim(`  ${first.why}`),
    );
  const tip = tippedBy(answer);
  if (tip) out.push(dim(chosenOver(tip)));
  for (const a of answer.ambiguities.slice(0, 2)) {
    out.push(yellow(`Note: ${a.written} is ambiguous:`));
    for (const r of a.readings)
      out.push(yellow(`  - ${r.reading}${r.entryId ? ` -> ${r.entryId}` : ''}`));
  }
  // Another problem in the same paste is said near the top, where it is not missed.
  out.push(...alsoInTextLines(alsoInText(answer), style));
  if (e.summary) out.push('', bold('In short'), indent(e.summary, '  '));
  out.push('', bold('Root cause'), indent(e.rootCause, '  '));
  out.push('', bold('Workarounds'));
  e.workarounds.forEach((w, i) => {
    out.push(
      `  ${i + 1}. ${w.summary}${w.successPercent !== undefined ? dim(` (${figureNote(e, w.successPercent, 'success')})`) : ''}`,
    );
    for (const block of w.codeBlocks) out.push(cyan(indent(block.body, '       ')));
    if (w.details) out.push(dim(indent(w.details, '     ')));
  });
  out.push('', bold("Don't bother"));
  for (const d of e.deadEnds) out.push(`  - ${d.attempt} — ${d.why}${failNote(e, d.failPercent)}`);
  if (e.disambiguation)
    out.push('', bold('Told apart from look-alikes'), indent(e.disambiguation, '  '));
  const notes = relevantVersionNotes(e, answer.recognised);
  if (notes.length > 0) {
    out.push('', bold('Your versions'));
    for (const v of notes) out.push(`  ${v.version}: ${v.status}${v.notes ? ` — ${v.notes}` : ''}`);
  }
  return out;
}

export function renderEntry(e: KbEntry, style: TextStyle): string {
  const bold = paint(style, '1');
  const lines = [bold(e.title), e.id];
  if (e.summary) lines.push('', bold('In short'), indent(e.summary, '  '));
  lines.push('', bold('Root cause'), indent(e.rootCause, '  '));
  lines.push('', bold('Version compatibility'));
  for (const v of e.versions)
    lines.push(`  ${v.version}: ${v.status}${v.notes ? ` — ${v.notes}` : ''}`);
  lines.push('', bold('Workarounds'));
  e.workarounds.forEach((w, i) => {
    lines.push(
      `  ${i + 1}. ${w.summary}${w.successPercent !== undefined ? ` (${figureNote(e, w.successPercent, 'success')})` : ''}`,
    );
    for (const block of w.codeBlocks) lines.push(indent(block.body, '       '));
    if (w.details) lines.push(indent(w.details, '     '));
  });
  lines.push('', bold("Don't bother"));
  for (const d of e.deadEnds)
    lines.push(`  - ${d.attempt} — ${d.why}${failNote(e, d.failPercent)}`);
  if (e.disambiguation)
    lines.push('', bold('Told apart from look-alikes'), indent(e.disambiguation, '  '));
  if (e.codes.length > 0) {
    lines.push('', bold('Codes'));
    for (const c of e.codes) lines.push(`  ${c.code}  ${c.packet} ${c.protocol}  ${c.meaning}`);
  }
  if (e.references.length > 0) {
    lines.push('', bold('References'));
    for (const r of e.references) lines.push(`  - ${r}`);
  }
  if (e.seeAlso.length > 0) {
    lines.push('', bold('See also'));
    for (const s of e.seeAlso) lines.push(`  - ${s.id}${s.why ? ` — ${s.why}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

const failNote = (e: KbEntry, percent: number | undefined): string =>
  percent === undefined ? '' : ` (${figureNote(e, percent, 'fail')})`;
