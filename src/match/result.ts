/** What the matcher answers: ranked entries, the evidence for each, ambiguity and abstention. */

export type EvidenceKind = 'code' | 'phrase' | 'fuzzy' | 'description';

export interface Evidence {
  kind: EvidenceKind;
  /** 1-based line number in the cleaned input. */
  line: number;
  /** The line as written, secrets removed, shortened to a readable length. */
  text: string;
  /** What in the line matched: the code or the KB phrase. */
  matched: string;
  /** Why this points at the entry, in words. */
  why: string;
  weight: number;
  /**
   * Why this evidence alone should not make a passive listener speak: a generic phrase in a text
   * that never mentions MQTT, or a phrase the KB marks weak.
   */
  caveat?: 'out-of-context' | 'weak';
}

export interface RankedMatch {
  id: string;
  title: string;
  /** 0..1, higher is better. Comparable within one answer, not a probability. */
  score: number;
  /** Strongest first, at most three. */
  evidence: Evidence[];
}

export interface CodeAmbiguity {
  /** The code as written in the text. */
  written: string;
  line: number;
  readings: { reading: string; entryId: string | null }[];
}

export type AbstainReason =
  | 'no-signal'
  | 'not-mqtt'
  | 'weak-signal'
  /** No error text, only words that resemble entries: an explicit ask gets them, marked unsure. */
  | 'description-only'
  /** As description-only, and nothing in the text reports a failure (a healthy log, a question). */
  | 'no-failure'
  /**
   * A change announced or proposed (a commit or pull request, release notes, a feature request):
   * whatever error it names, nobody is asking for help.
   */
  | 'change-note'
  | 'binary-input'
  | 'empty-input';

export interface MatchResult {
  matches: RankedMatch[];
  /** True when a passive listener should stay quiet: not recognisably an MQTT problem. */
  abstain: boolean;
  abstainReason: AbstainReason | null;
  ambiguities: CodeAmbiguity[];
  /** Brokers, platforms and libraries named in the text (for version notes). */
  recognised: string[];
  /** The input was longer than the matcher reads; only its beginning was used. */
  truncated: boolean;
  linesRead: number;
}
