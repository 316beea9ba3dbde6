/** Terminal rendering of a triage answer and of an entry: colour on a TTY, plain otherwise. */
import { KbEntry } from '../kb/entry';
import { TriageAnswer, TriageMatch } from '../core/triage';
import {
  abstainExplanation,
  closeRunnerUps,
  relevantVersionNotes,
  truncationNote,
} from './answer-parts';

export interface TextStyle {
  colour: boolean;
}

const paint = (style: TextStyle, code: string) => (s: string) =>
  style.colour ? `\x1b[${code}m${s}\x1b[0m` : s;

const indent = (s: string, by: string): string =>
  s
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

export function renderAnswer(answer: TriageAnswer, style: TextStyle): string {
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
    for (const m of runnerUps) out.push(`  ${m.id}  ${dim(`(${m.score.toFixed(2)})`)}  ${m.title}`);
  }
  out.push('', dim(`Full entry: mqtt-why show ${best.id}`));
  return out.join('\n') + '\n';
}

function renderMatch(m: TriageMatch, answer: TriageAnswer, style: TextStyle): string[] {
  const bold = paint(style, '1');
  const dim = paint(style, '2');
  const cyan = paint(style, '36');
  const yellow = paint(style, '33');
  const e = m.entry;
  const out: string[] = [bold(e.title), `${cyan(e.id)}  ${dim(`score ${m.score.toFixed(2)}`)}`, ''];
  const [first] = m.evidence;
  if (first)
    out.push(`${bold('Why this entry:')} line ${first.line}: ${first.text}`, dim(`  ${first.why}`));
  for (const a of answer.ambiguities.slice(0, 2)) {
    out.push(yellow(`Note: ${a.written} is ambiguous:`));
    for (const r of a.readings)
      out.push(yellow(`  - ${r.reading}${r.entryId ? ` -> ${r.entryId}` : ''}`));
  }
  out.push('', bold('Root cause'), indent(e.rootCause, '  '));
  out.push('', bold('Workarounds'));
  e.workarounds.forEach((w, i) => {
    out.push(
      `  ${i + 1}. ${w.summary}${w.successPercent !== undefined ? dim(` (${w.successPercent}% success)`) : ''}`,
    );
    for (const block of w.codeBlocks) out.push(cyan(indent(block.body, '       ')));
    if (w.details) out.push(dim(indent(w.details, '     ')));
  });
  out.push('', bold("Don't bother"));
  for (const d of e.deadEnds) out.push(`  - ${d.attempt} — ${d.why}`);
  const notes = relevantVersionNotes(e, answer.recognised);
  if (notes.length > 0) {
    out.push('', bold('Your versions'));
    for (const v of notes) out.push(`  ${v.version}: ${v.status}${v.notes ? ` — ${v.notes}` : ''}`);
  }
  return out;
}

export function renderEntry(e: KbEntry, style: TextStyle): string {
  const bold = paint(style, '1');
  const lines = [bold(e.title), e.id, '', bold('Root cause'), indent(e.rootCause, '  ')];
  lines.push('', bold('Version compatibility'));
  for (const v of e.versions)
    lines.push(`  ${v.version}: ${v.status}${v.notes ? ` — ${v.notes}` : ''}`);
  lines.push('', bold('Workarounds'));
  e.workarounds.forEach((w, i) => {
    lines.push(`  ${i + 1}. ${w.summary}`);
    for (const block of w.codeBlocks) lines.push(indent(block.body, '       '));
    if (w.details) lines.push(indent(w.details, '     '));
  });
  lines.push('', bold("Don't bother"));
  for (const d of e.deadEnds) lines.push(`  - ${d.attempt} — ${d.why}`);
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
