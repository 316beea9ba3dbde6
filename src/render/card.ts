/**
 * The short answer every way out leads with (terminal, console, Slack, web): title, the line that
 * matched and why, the root cause in two or three sentences, the top two workarounds. The whole
 * entry is one step away (`--full`, a "Full entry" button, the entry's page).
 */
import { KbEntry, Workaround } from '../kb/entry';
import { TriageAnswer, TriageMatch } from '../core/triage';
import { TippedBy, alsoInText, closeRunnerUps, tippedBy } from './answer-parts';

export interface CardWorkaround {
  summary: string;
  /** The first code block, cut to a few lines (`cut` says so). */
  code: string | null;
  cut: boolean;
}

export interface AnswerCard {
  match: TriageMatch;
  entry: KbEntry;
  evidence: { line: number; text: string; why: string } | null;
  /** The entry's Summary when it has one (what to read first), else the root cause's lead. */
  rootCause: string;
  /** How this entry is told apart from one that claims the same code, in a sentence or two. */
  disambiguation: string | null;
  workarounds: CardWorkaround[];
  /** How much the card leaves out: workarounds and dead ends of the whole entry. */
  more: { workarounds: number; deadEnds: number };
  runnerUps: TriageMatch[];
  /** What put this entry ahead of a runner-up read from the same line, when the text says. */
  tippedBy: TippedBy | null;
  /** Other problems the text reports on other lines (a second client's timeout in the same log). */
  alsoInText: TriageMatch[];
}

export const CARD_WORKAROUNDS = 2;
export const CARD_CODE_LINES = 6;
/** The root cause stops after this many characters' worth of whole sentences (at least two). */
const ROOT_CAUSE_CHARS = 420;

/**
 * The first sentences of a text's first paragraph: at least two (when there are two), a third
 * while short. A sentence ends at . ! or ? followed by white space and a capital, a quote or a
 * bracket, so `e.g. the`, `3.1.1` and `0x87.` inside a sentence do not end it. One pass, no
 * backtracking.
 */
export function leadSentences(text: string, max = ROOT_CAUSE_CHARS): string {
  const para = firstParagraph(text);
  const ends: number[] = [];
  for (let i = 0; i < para.length; i++) {
    const c = para[i];
    if (c !== '.' && c !== '!' && c !== '?') continue;
    let j = i + 1;
    while (j < para.length && (para[j] === ' ' || para[j] === '\n')) j++;
    if (j === para.length || (j > i + 1 && /[A-Z"'`(*[]/.test(para[j]!))) ends.push(i + 1);
    if (ends.length === 3) break;
  }
  if (ends.length === 0) return para.trim();
  let end = ends[0]!;
  for (let k = 1; k < ends.length && (k < 2 || ends[k]! <= max); k++) end = ends[k]!;
  return para.slice(0, end).replace(/\s+/g, ' ').trim();
}

const LIST_ITEM = /^\s*(?:[-*]|\d+\.)\s+/;

/**
 * Up to the first blank line or list (the root cause's opening statement); an opening that ends
 * in a colon introduces its list, so the first item comes with it rather than a dangling ":".
 */
function firstParagraph(text: string): string {
  const lines: string[] = [];
  const all = text.trim().split('\n');
  let i = 0;
  for (; i < all.length; i++) {
    const line = all[i]!;
    if (line.trim() === '' || LIST_ITEM.test(line)) break;
    lines.push(line.trim());
  }
  while (i < all.length && all[i]!.trim() === '') i++;
  if (lines.length > 0 && lines[lines.length - 1]!.endsWith(':') && LIST_ITEM.test(all[i] ?? ''))
    for (let j = i; j < all.length; j++) {
      const line = all[j]!;
      if (line.trim() === '' || (j > i && LIST_ITEM.test(line))) break;
      lines.push(line.replace(LIST_ITEM, '').trim());
    }
  return lines.join(' ');
}

function cardWorkaround(w: Workaround): CardWorkaround {
  // The seed entry's blocks repeat their step's words (kept as written): shown once.
  const block = w.codeBlocks.find((b) => b.body.trim() !== w.summary.trim());
  if (!block) return { summary: w.summary, code: null, cut: false };
  const lines = block.body.split('\n');
  return {
    summary: w.summary,
    code: lines.slice(0, CARD_CODE_LINES).join('\n'),
    cut: lines.length > CARD_CODE_LINES || w.codeBlocks.length > 1,
  };
}

/** The card of an answer's best match, or null when nothing matched. */
export function answerCard(answer: TriageAnswer): AnswerCard | null {
  const [best] = answer.matches;
  if (!best) return null;
  const e = best.entry;
  const [first] = best.evidence;
  return {
    match: best,
    entry: e,
    evidence: first ? { line: first.line, text: first.text, why: first.why } : null,
    rootCause: e.summary ? e.summary.replace(/\s+/g, ' ').trim() : leadSentences(e.rootCause),
    disambiguation: e.disambiguation ? leadSentences(e.disambiguation, 300) : null,
    workarounds: e.workarounds.slice(0, CARD_WORKAROUNDS).map(cardWorkaround),
    more: {
      workarounds: Math.max(0, e.workarounds.length - CARD_WORKAROUNDS),
      deadEnds: e.deadEnds.length,
    },
    runnerUps: closeRunnerUps(answer),
    tippedBy: tippedBy(answer),
    alsoInText: alsoInText(answer),
  };
}
