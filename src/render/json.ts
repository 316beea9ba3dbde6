/** JSON shapes of answers: `--json` (full) and `match --jsonl` (the batch contract). */
import { TriageAnswer } from '../core/triage';
import { MatchResult } from '../match/result';
import { alsoInText, tippedBy } from './answer-parts';

/** One `match --jsonl` output line: `{"matches":[{"id","score","evidence"}],"abstain":bool}`. */
export function batchLine(result: MatchResult): string {
  return JSON.stringify({
    matches: result.matches.map((m) => {
      const e = m.evidence[0];
      return {
        id: m.id,
        score: Math.round(m.score * 1000) / 1000,
        evidence: e ? `line ${e.line}: ${e.text} (${e.why})` : '',
      };
    }),
    abstain: result.abstain,
  });
}

export function answerJson(answer: TriageAnswer): object {
  const tip = tippedBy(answer);
  return {
    abstain: answer.abstain,
    abstainReason: answer.abstainReason,
    truncated: answer.truncated,
    linesRead: answer.linesRead,
    recognised: answer.recognised,
    ambiguities: answer.ambiguities,
    // Which of `matches` are other problems the text reports (not other readings of the first),
    // and what put the first ahead of a reading of the same line.
    alsoInText: alsoInText(answer).map((m) => ({ id: m.id, line: m.evidence[0]!.line })),
    chosenOver: tip ? { id: tip.over.id, line: tip.evidence.line, text: tip.evidence.text } : null,
    matches: answer.matches.map((m) => ({
      id: m.id,
      title: m.title,
      score: Math.round(m.score * 1000) / 1000,
      evidence: m.evidence.map(({ weight: _weight, ...e }) => e),
      rootCause: m.entry.rootCause,
      workarounds: m.entry.workarounds.map((w) => ({
        summary: w.summary,
        code: w.codeBlocks.map((b) => b.body),
        details: w.details,
      })),
      deadEnds: m.entry.deadEnds.map((d) => ({ attempt: d.attempt, why: d.why })),
      references: m.entry.references,
    })),
  };
}
