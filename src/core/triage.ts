/**
 * The triage engine every way in shares (CLI, Slack, probes): text in, ranked KB entries out.
 * Chat-, queue- and transport-neutral.
 */
import { KbEntry } from '../kb/entry';
import { KnowledgeBase } from '../kb/load';
import { Matcher, MatcherIndex, MatcherOptions } from '../match/matcher';
import { MatchResult, RankedMatch } from '../match/result';

export interface TriageMatch extends RankedMatch {
  entry: KbEntry;
}

export interface TriageAnswer extends Omit<MatchResult, 'matches'> {
  matches: TriageMatch[];
}

/**
 * The triage engine every way in shares (CLI, console, Slack, web): the matcher's ranked matches
 * with their KB entries attached, the code ambiguities, and whether a listener should speak.
 */
export class Triage {
  private readonly matcher: Matcher;

  /** `prebuilt`: the matcher's index of this same KB, as `src/core/kb-index.ts` stores it. */
  constructor(
    readonly kb: KnowledgeBase,
    options: Partial<MatcherOptions> = {},
    prebuilt?: MatcherIndex,
  ) {
    this.matcher = new Matcher(kb, options, prebuilt);
  }

  /** The matcher's precomputed index, for `src/core/kb-index.ts` to store. */
  matcherIndex(): MatcherIndex {
    return this.matcher.index();
  }

  triage(text: string, linesBefore = 0): TriageAnswer {
    const result = this.matcher.match(text, linesBefore);
    return {
      ...result,
      matches: result.matches.map((m) => ({ ...m, entry: this.kb.byId.get(m.id)! })),
    };
  }

  /**
   * How a probe reads a failure it has no direct explanation for: the entries for its evidence
   * line, and which ids this KB has (a probe's own mapping names only entries that exist).
   */
  readonly diagnose = Object.assign(
    (evidence: string): string[] => this.triage(evidence).matches.map((m) => m.id),
    { knows: (id: string): boolean => this.kb.byId.has(id) },
  );

  /**
   * An entry by full id, or by its last part when that is unique (`mqtt-banned`); ids are lower
   * case, so `MQTT-BANNED` typed in capitals finds it too.
   */
  find(idOrName: string): KbEntry | null {
    const exact = this.kb.byId.get(idOrName) ?? this.kb.byId.get(idOrName.toLowerCase());
    if (exact) return exact;
    const name = `/${idOrName.toLowerCase()}`;
    const bySuffix = this.kb.entries.filter((e) => e.id.toLowerCase().endsWith(name));
    return bySuffix.length === 1 ? bySuffix[0]! : null;
  }
}
