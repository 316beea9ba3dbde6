/**
 * Whether a passive listener speaks: the matches are ranked either way (someone who asked gets
 * them); this decides, from the kind of evidence and what the text reads like, whether a channel
 * that did not ask should hear the best one.
 */
import { MatchResult, RankedMatch } from './result';

const MIN_SCORE = 0.4;

// Words of someone reporting a problem (not asking how something works, not announcing a
// release): a failure word, or a negation followed by what did not happen.
const PROBLEM =
  /\b(?:(?:not|never|no longer|cannot|can't|cant|won't|wouldn't|couldn't|doesn't|does not|didn't|did not|isn't|unable to)\s+(?:\w+\s+)?(?:work|connect|receiv|reconnect|get|arriv|deliver|publish|subscrib|show|send|start|fire|trigger|accept|allow|clear|updat|reach|see|come)\w*|nothing\s+(?:\w+\s+)?(?:arriv|happen|show|come|get|receiv|work)\w*|but not\b|fail\w*|error\w*|\w*exception|refus\w*|reject\w*|den(?:y|ied)|lost|los(?:e|es|ing)|loos(?:es|ing)|drop\w*|disconnect\w*|stuck|hang(?:s|ing)?|broken|break(?:s|ing)|kick\w*|keeps?\s+\w+ing|stopp?(?:ed|s)\s+\w+ing|missing|timeout|timed out|crash\w*|abnormal\w*|expired|invalid|unavailable|offline|wrong|twice|duplicat\w*|infinite loop|freez\w*|no response|not respond\w*|stale|anymore|memory leak|leak\w*|ignor(?:e|es|ed|ing)|no (?:more )?(?:data|messages|values|updates)|100% cpu|high cpu)\b/;

// A question that asks whether or how ("Will I suffer a performance loss with 12 levels?", "Is
// there a way to buffer messages when the broker is down?") asks about a failure, it reports none.
// Each starts where a sentence does and ends at its question mark, within one bounded sentence.
const ASKED =
  /(?:^|[.!?\n]\s*)(?:will|would|is|are|can|could|should|does|do|how|what)\b[^.!?\n]{0,300}\?/g;

// A sentence that says a way or an option is missing ("I do not see any way to pass user
// properties", "there is no option to set the packet size") asks for a feature; its "not" reports
// no failure. Bounded like ASKED, and only to the end of its clause: "…, so big messages are
// dropped" after it still reports one.
const WISHED =
  /(?:^|[.!?\n]\s*)[^.!?\n]{0,120}?\b(?:(?:do not|don't|can't|cannot|could not|couldn't) (?:see|find) (?:any|a|an)|there(?: is|'s| are) no|is there no) (?:way|option|setting|method|api|function|possibility|support|config\w*)s? (?:to|for)\b[^.!?\n,;]{0,200}/g;

/** Does the text read as a problem report (a failure word, or what did not happen)? */
export const reportsProblem = (norm: string): boolean => {
  let told = norm.includes('?') ? norm.replace(ASKED, ' ') : norm;
  if (/\b(?:way|option|setting|method|api|function|possibility|support|config)/.test(told))
    told = told.replace(WISHED, ' ');
  return PROBLEM.test(told);
};

/**
 * A symptom match alone is sure enough for a passive listener when the text is about MQTT, reads
 * as a problem report, and one entry stands clearly above the rest.
 */
export function confidentSymptom(
  hits: { score: number; shared: string[] }[],
  mqttText: boolean,
  problem: boolean,
): boolean {
  const [top, second] = hits;
  // One word in common ("umqtt", which one entry's text happens to name) describes nothing.
  if (!top || !problem || top.shared.length < 2) return false;
  const t = SYMPTOM_TUNING;
  // Without a word that says MQTT the match itself must be much stronger.
  const needed = mqttText ? t.sureScore : t.sureScoreNoContext;
  return top.score >= needed && top.score >= t.sureMargin * (second?.score ?? 0);
}

/** The symptom ranking's thresholds, tuned on the corpus's `tune` split only (npm run eval). */
export const SYMPTOM_TUNING = { sureScore: 8, sureScoreNoContext: 1000, sureMargin: 1.4, half: 8 };

export function decideAbstain(
  matches: RankedMatch[],
  facts: {
    mqttText: boolean;
    otherText: boolean;
    installFailure: boolean;
    /** A change announced or proposed (a commit, a pull request, release notes, a feature request). */
    changeNote: boolean;
    gatedOnly: number;
    bare: boolean;
    problem: boolean;
  },
): Pick<MatchResult, 'abstain' | 'abstainReason'> {
  const top = matches[0];
  if (!top) return { abstain: true, abstainReason: facts.gatedOnly > 0 ? 'not-mqtt' : 'no-signal' };
  if (facts.bare) return { abstain: false, abstainReason: null };
  // Another system named and nothing about MQTT: its TLS or socket errors are not ours to explain.
  if (facts.otherText) return { abstain: true, abstainReason: 'not-mqtt' };
  // Whatever it names, a change announced or proposed is no one asking for help.
  if (facts.changeNote) return { abstain: true, abstainReason: 'change-note' };
  // An exact, firm signal (a specific phrase, a code read in context) is enough to speak up.
  if (top.evidence.some((e) => e.kind !== 'fuzzy' && e.kind !== 'description' && !e.caveat))
    return { abstain: false, abstainReason: null };
  // Without one, an install that failed is the package manager's problem, even for an MQTT
  // package (`No matching distribution found for paho-mqtt==3.0.0`).
  if (facts.installFailure) return { abstain: true, abstainReason: 'not-mqtt' };
  // A description's words rank entries for someone who asked; a listener speaks on them only
  // when the symptom match is sure (a problem report about MQTT, one entry clearly first).
  if (top.evidence.some((e) => e.kind === 'description' && !e.caveat))
    return { abstain: false, abstainReason: null };
  if (top.evidence.every((e) => e.kind === 'description'))
    return { abstain: true, abstainReason: facts.problem ? 'description-only' : 'no-failure' };
  if (!facts.mqttText) return { abstain: true, abstainReason: 'not-mqtt' };
  // Likeness alone (a message that resembles a KB phrase) is no specific signal: on the corpus's
  // `tune` split a listener that spoke on it was right half the time (5 of 10). Someone who asked
  // still gets the candidates, marked unsure.
  if (top.evidence.every((e) => e.kind === 'fuzzy' || e.kind === 'description'))
    return { abstain: true, abstainReason: 'weak-signal' };
  // Weak signals alone (generic broker lines) speak only when several agree.
  if (top.evidence.every((e) => e.caveat === 'weak') && top.score < 0.5)
    return { abstain: true, abstainReason: 'weak-signal' };
  if (top.score < MIN_SCORE) return { abstain: true, abstainReason: 'weak-signal' };
  return { abstain: false, abstainReason: null };
}
