/**
 * Accuracy of the matcher on a labelled corpus (test/fixtures/corpus/{tune,test}.jsonl): top-1, top-3,
 * positives answered, negatives abstained. Shared by the accuracy test (floors) and `npm run eval`
 * (which also lists the misses, for improving the KB).
 */
import { Matcher } from '../src/match/matcher';

export interface LabelledCase {
  text: string;
  expect: string | null;
  source?: string;
  /** The thread the text comes from: the unit of the tune/test split. */
  thread?: string;
  product?: string;
  kind?: string;
  /** Which collection round the text comes from (see the corpus README). */
  origin?: string;
}

export interface Miss {
  case: LabelledCase;
  got: string[];
  abstain: boolean;
}

export interface Accuracy {
  positives: number;
  negatives: number;
  top1: number;
  top3: number;
  answered: number;
  /** Positives a listener answers with the right entry first. */
  answeredRight: number;
  abstainedNegatives: number;
  misses: Miss[];
}

export function parseCorpus(text: string): LabelledCase[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LabelledCase);
}

export function measure(matcher: Matcher, cases: LabelledCase[]): Accuracy {
  const acc: Accuracy = {
    positives: 0,
    negatives: 0,
    top1: 0,
    top3: 0,
    answered: 0,
    answeredRight: 0,
    abstainedNegatives: 0,
    misses: [],
  };
  for (const c of cases) {
    const r = matcher.match(c.text);
    const ids = r.matches.map((m) => m.id);
    if (c.expect === null) {
      acc.negatives++;
      if (r.abstain) acc.abstainedNegatives++;
      else acc.misses.push({ case: c, got: ids, abstain: r.abstain });
      continue;
    }
    acc.positives++;
    const first = ids[0] === c.expect;
    if (first) acc.top1++;
    if (ids.slice(0, 3).includes(c.expect)) acc.top3++;
    if (!r.abstain) acc.answered++;
    if (!r.abstain && first) acc.answeredRight++;
    if (!first || r.abstain) acc.misses.push({ case: c, got: ids, abstain: r.abstain });
  }
  return acc;
}

export const rate = (n: number, of: number): number => (of === 0 ? 0 : n / of);

export function summary(a: Accuracy): string {
  const pct = (n: number, of: number) =>
    of === 0 ? 'none' : `${(100 * rate(n, of)).toFixed(1)}% (${n}/${of})`;
  return [
    `top-1 ${pct(a.top1, a.positives)}`,
    `top-3 ${pct(a.top3, a.positives)}`,
    `positives answered ${pct(a.answered, a.positives)}`,
    `negatives abstained ${pct(a.abstainedNegatives, a.negatives)}`,
  ].join(', ');
}

/** Texts that quote no error: a story or a question in plain words. */
const PLAIN_WORDS = new Set(['story', 'question']);

/**
 * The same figures per part of a split: by what the text is (quotes an error, or plain words) and
 * by collection round, with how often a listener that speaks is right (from `all`, the split's
 * own figures).
 */
export function breakdown(matcher: Matcher, cases: LabelledCase[], all: Accuracy): string[] {
  const parts = new Map<string, LabelledCase[]>();
  for (const c of cases)
    for (const key of [
      c.kind && PLAIN_WORDS.has(c.kind) ? 'plain words' : 'quotes an error',
      `origin ${c.origin ?? 'unknown'}`,
    ]) {
      const part = parts.get(key);
      if (part) part.push(c);
      else parts.set(key, [c]);
    }
  const lines = [...parts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, part]) => `  ${key.padEnd(26)} ${summary(measure(matcher, part))}`);
  const speaking = all.negatives - all.abstainedNegatives;
  lines.push(
    `  a listener answers ${all.answered} positives: ${all.answeredRight} right, ${all.answered - all.answeredRight} wrong; ${speaking} of ${all.negatives} negatives speak`,
  );
  return lines;
}
