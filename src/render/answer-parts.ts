/** Pieces of an answer that every renderer (terminal, JSON, Slack) words the same way. */
import { KbEntry, VersionNote } from '../kb/entry';
import { TriageAnswer, TriageMatch } from '../core/triage';
import { Evidence } from '../match/result';

/** Version rows for the brokers and libraries the text names. */
export function relevantVersionNotes(entry: KbEntry, recognised: string[]): VersionNote[] {
  if (recognised.length === 0) return [];
  const names = recognised.map((r) => r.toLowerCase());
  return entry.versions.filter((v) => names.some((n) => v.version.toLowerCase().includes(n)));
}

/**
 * A runner-up's score as shown: "0.89, as likely" when it ties the answer shown first (the order
 * between tied entries is the KB's, not a judgement).
 */
export function runnerUpScore(m: TriageMatch, answer: TriageAnswer): string {
  const best = answer.matches[0];
  // Compared as shown: two scores that print alike read as a tie, and only those.
  const shown = m.score.toFixed(2);
  return `${shown}${best !== undefined && best.score.toFixed(2) === shown ? ', as likely' : ''}`;
}

/**
 * The symptom of its entry a candidate was ranked on, when words ranked it: beside an unsure
 * answer's candidates, a reader compares descriptions ("the second device connects and the first
 * drops"), which say more than two scores a hundredth apart.
 */
export function describedAs(m: TriageMatch): string | null {
  const e = m.evidence.find(
    (x) => x.kind === 'description' && m.entry.symptoms.includes(x.matched),
  );
  return e?.matched ?? null;
}

/** Runner-ups worth a look: other readings within reach of the best score (not other problems). */
export function closeRunnerUps(answer: TriageAnswer): TriageMatch[] {
  const [best, ...rest] = answer.matches;
  if (!best) return [];
  const others = new Set(alsoInText(answer));
  return rest.filter((m) => m.score >= best.score * 0.6 && !others.has(m));
}

const firm = (e: Evidence | undefined): e is Evidence =>
  e !== undefined && (e.kind === 'code' || e.kind === 'phrase') && e.caveat === undefined;
const linesOf = (m: TriageMatch): Set<number> => new Set(m.evidence.map((e) => e.line));

/**
 * Other problems the same text reports: entries whose own error line (a code or a message, not a
 * likeness) is on lines the answer's evidence does not use, nor right after them. In a log, a
 * keep-alive timeout of one client beside another client's refusal is a second problem, not
 * another reading of the first. Only a sure answer has them: an unsure one lists every candidate
 * anyway.
 */
export function alsoInText(answer: TriageAnswer): TriageMatch[] {
  const [best, ...rest] = answer.matches;
  if (!best || answer.abstain || !firm(best.evidence[0])) return [];
  const taken = linesOf(best);
  // In the order the text reports them (the matches are few: the answer's ranked candidates).
  // A line right after the answer's own is its echo, not a second problem: Mosquitto's
  // "disconnected: Protocol error." after an OpenSSL error, "disconnected: Connection refused."
  // after a bridge's refusal.
  const echo = (m: TriageMatch) => m.evidence.every((e) => taken.has(e.line - 1));
  return rest
    .filter((m) => firm(m.evidence[0]) && m.evidence.every((e) => !taken.has(e.line)) && !echo(m))
    .sort((a, b) => a.evidence[0]!.line - b.evidence[0]!.line);
}

/**
 * What put the answer ahead of a close runner-up read from the same line: the answer's evidence on
 * a line the runner-up has none on (a version banner that makes a refusal Mosquitto 2.x's), or
 * null when nothing in the text tells them apart. Without it, the same line answered differently
 * alone and in a log looks arbitrary.
 */
export interface TippedBy {
  /** The runner-up read from the answer's own line. */
  over: TriageMatch;
  /** The answer's evidence on a line the runner-up has none on. */
  evidence: Evidence;
}

export function tippedBy(answer: TriageAnswer): TippedBy | null {
  const [best] = answer.matches;
  const lead = best?.evidence[0];
  if (!best || !lead) return null;
  for (const m of closeRunnerUps(answer)) {
    if (!m.evidence.some((e) => e.line === lead.line)) continue;
    const theirs = linesOf(m);
    const extra = best.evidence.find(
      (e) => !theirs.has(e.line) && (e.kind === 'code' || e.kind === 'phrase'),
    );
    return extra ? { over: m, evidence: extra } : null;
  }
  return null;
}

export function abstainExplanation(answer: TriageAnswer): string {
  switch (answer.abstainReason) {
    case 'binary-input':
      return 'That looks like binary data, not text: paste the error message or log lines.';
    case 'empty-input':
      return 'Nothing to read: paste an error message, a reason code or broker log lines.';
    case 'not-mqtt':
      return "Nothing here says MQTT: this may be another program's error.";
    case 'weak-signal':
      return 'Nothing in this matches an MQTT error confidently.';
    case 'description-only':
      return 'No error code or message recognised; going by how the problem is described, unsure.';
    case 'change-note':
      return 'This reads as a change announced or proposed (a commit, a pull request, release notes, a feature request), not as a problem report.';
    case 'no-failure':
      return 'Nothing here reports a failure (no error, refusal, timeout or disconnect); going by its words alone, unsure.';
    default:
      return 'No MQTT error code, message or log line recognised.';
  }
}

export function truncationNote(answer: TriageAnswer): string | null {
  return answer.truncated
    ? `This input is very long: only its last ${answer.linesRead} lines were read (the newest, where the failure usually is).`
    : null;
}

/**
 * A figure from an entry, with where it comes from: the only figures in the KB are the seed
 * entry's own (unsourced, never measured), and they are never shown as facts.
 */
export function figureNote(entry: KbEntry, percent: number, kind: 'success' | 'fail'): string {
  const source = entry.references.find((r) => r.startsWith('Figures:')) ?? '';
  return /seed/i.test(source)
    ? `${percent}% ${kind} by the seed entry's own, unverified figure`
    : `${percent}% ${kind}, per ${source.replace(/^Figures:\s*/, '') || "the entry's source"}`;
}
