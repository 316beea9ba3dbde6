/**
 * The matcher: exact signals first (codes read in context, KB phrases), fuzzy phrases for error
 * lines nothing else explains, then a ranking per entry and a decision to abstain.
 */
import { KnowledgeBase } from '../kb/load';
import { redactSecrets } from '../common/redact';
import { CodeIndex, CodeMention, bareCode, extractCodes, linesWithCodeHints } from './codes';
import { extractReasonNames, linesWithNameHints, readsAsOtherPacket } from './reason-names';
import {
  hasMqttContext,
  hasOtherSystemContext,
  libraryHints,
  packetHints,
  recognisedProducts,
  versionHint,
} from './context';
import { SymptomIndex } from './symptoms';
import { lineSharing, symptomText } from './symptom-text';
import { FuzzyIndex } from './fuzzy';
import { ASCII, DEFAULT_LIMITS, InputLimits, PreparedLine, prepareText } from './normalise';
import { CompiledPhrase, PhraseIndex } from './phrases';
import { EvidenceBook } from './evidence';
import { ConstantNames } from './constant-names';
import { CodeAmbiguity, Evidence, MatchResult, RankedMatch } from './result';
import { SYMPTOM_TUNING, confidentSymptom, decideAbstain } from './abstain';
import { LineFacts, TextFacts } from './facts';
import { GlobalHints, codeOnLineClaims, readLineCodes } from './code-reading';
import { quoteAround } from './quote';

export interface MatcherOptions {
  limits: InputLimits;
  /** Entries returned at most. */
  maxMatches: number;
  /** Lines handed to the fuzzy search at most, per input. */
  maxFuzzyLines: number;
}

const DEFAULTS: MatcherOptions = { limits: DEFAULT_LIMITS, maxMatches: 5, maxFuzzyLines: 40 };
// Words that make a line worth a fuzzy look when no exact signal explains it.
const ERRORISH =
  /error|fail|refus|denied|reject|exception|timeout|timed out|unable|cannot|can't|could not|couldn't|invalid|disconnect|lost|closed|reset|authori[sz]|forbidden|expired|mismatch|unsupported|exceeded|too large|too many|warn|fatal|abort|broken|dropp|banned|not (?:allowed|permitted|supported|connected)|verif|handshake|unreachable|no route|not known|getaddrinfo/;

/** Characters of a line that may be a constant's name spelt out (the lookup is exact). */
const MAX_TYPED_NAME = 120;

/**
 * What the constructor precomputes from a KB. `src/core/kb-index.ts` stores it at build time and
 * hands it back, so a CLI run skips the work; it must be the index of the same KB.
 */
export interface MatcherIndex {
  phrases: PhraseIndex;
  fuzzy: FuzzyIndex;
  symptoms: SymptomIndex;
  codes: CodeIndex;
  /** Constant names typed alone; kept here so a typed line never reads every entry's signals. */
  names: ConstantNames;
  refines: Map<number, number[]>;
}

/**
 * Reads what people paste or type and ranks KB entries, each with the line that matched and why;
 * says when a passive listener should stay quiet. Exact signals first (KB phrases, codes read in
 * context, reason names), then fuzzy phrases, then the symptom ranking. Linear in the input.
 */
export class Matcher {
  private readonly phrases: PhraseIndex;
  private readonly fuzzy: FuzzyIndex;
  private readonly symptoms: SymptomIndex;
  private readonly codes: CodeIndex;
  private readonly names: ConstantNames;
  private readonly options: MatcherOptions;
  private readonly refines: Map<number, number[]> = new Map();

  constructor(
    private readonly kb: KnowledgeBase,
    options: Partial<MatcherOptions> = {},
    prebuilt?: MatcherIndex,
  ) {
    this.options = { ...DEFAULTS, ...options };
    if (prebuilt) {
      ({
        phrases: this.phrases,
        fuzzy: this.fuzzy,
        symptoms: this.symptoms,
        codes: this.codes,
        names: this.names,
        refines: this.refines,
      } = prebuilt);
      return;
    }
    const signals = kb.entries.flatMap((e, entryIndex) =>
      e.signals.map((s) => ({
        entryIndex,
        phrase: s.phrase,
        needsContext: s.needsContext,
        weak: s.weak,
        tellsApart: s.tellsApart,
        setting: s.setting,
      })),
    );
    this.phrases = new PhraseIndex(signals);
    // A host name or the like is no message: nothing to resemble, no constant to type.
    const messages = signals.filter((s) => !s.tellsApart);
    this.names = new ConstantNames(messages);
    const indexOf = new Map(kb.entries.map((e, i) => [e.id, i]));
    kb.entries.forEach((e, i) => {
      const parents = e.refines
        .map((r) => indexOf.get(r.id))
        .filter((p): p is number => p !== undefined);
      if (parents.length > 0) this.refines.set(i, parents);
    });
    this.symptoms = new SymptomIndex(kb.entries);
    this.fuzzy = new FuzzyIndex(messages);
    this.codes = new CodeIndex(
      kb.entries.flatMap((e, entryIndex) => e.codes.map((claim) => ({ claim, entryIndex }))),
    );
  }

  /** The precomputed index, for `src/core/kb-index.ts` to store. */
  index(): MatcherIndex {
    const { phrases, fuzzy, symptoms, codes, names, refines } = this;
    return { phrases, fuzzy, symptoms, codes, names, refines };
  }

  /** `linesBefore`: lines of the input a reader dropped before `input` (numbers stay true). */
  match(input: string, linesBefore = 0): MatchResult {
    const text = prepareText(input, this.options.limits, linesBefore);
    const base = {
      ambiguities: [] as CodeAmbiguity[],
      recognised: recognisedProducts(text.norm),
      truncated: text.truncated,
      linesRead: text.lines.length,
    };
    if (text.binary) return { ...base, matches: [], abstain: true, abstainReason: 'binary-input' };
    if (text.lines.length === 0)
      return { ...base, matches: [], abstain: true, abstainReason: 'empty-input' };

    const mqttWords = hasMqttContext(text.norm);
    // Text-wide hints take a dozen regexes over the whole paste: only when a code needs reading.
    let globalHints: GlobalHints | undefined;
    const global = (): GlobalHints =>
      (globalHints ??= {
        packets: packetHints(text.norm),
        version: versionHint(text.norm),
        libraries: libraryHints(text.norm),
      });
    const pahoJava = PAHO_JAVA.test(text.norm);
    const evidence = new EvidenceBook();
    const add = (entryIndex: number, e: Evidence): void => evidence.add(entryIndex, e);
    let gatedOnly = 0;
    // Which lines no exact signal explains, as flags: a list of a long log's lines was garbage.
    const unexplained = new Uint8Array(text.lines.length);
    const whole = text.lines.length === 1 ? bareCode(text.lines[0]!.norm) : null;
    // One short line is something typed, not pasted: a condition's name written out counts.
    const typedName =
      text.lines.length === 1 && text.norm.length <= 80 && text.norm.split(' ').length <= 8;

    // A specific KB phrase (not a generic one) anywhere says the text is about MQTT: Mosquitto's
    // "Socket error on client <unknown>" gives context to the OpenSSL line above it.
    const hitsByLine = this.phrases.findInLines(
      text.lines.map((line) => line.norm),
      text.norm,
      text.ascii || ASCII.test(text.norm),
    );
    // A phrase that only tells a special case apart (a host name) says nothing of MQTT by itself.
    const mqttText =
      mqttWords || hitsByLine.some((hits) => hits.some((h) => !h.needsContext && !h.tellsApart));
    // One facts object and one list of mentions serve every line in turn: a long paste makes
    // no garbage per line for them.
    const lineFacts = new LineFacts(mqttText);
    const mentions: CodeMention[] = [];
    const tellingApart: [CompiledPhrase, Evidence][] = [];
    const codeLines = whole ? null : linesWithCodeHints(text.norm, pahoJava, text.lines.length);
    const nameLines = whole || typedName ? null : linesWithNameHints(text.norm, text.lines.length);
    // A constant's name typed alone ("mqtt err conn lost") is that constant, whatever it resembles;
    // spelt out, the longest have ten words or more. A code typed alone (`0x87`) is no name.
    if (text.lines.length === 1 && text.norm.length <= MAX_TYPED_NAME && !whole)
      for (const [i, e] of this.names.evidence(text.lines[0]!)) add(i, e);
    text.lines.forEach((line, lineIndex) => {
      // Context and hints cost regexes: worked out only for lines that need them.
      lineFacts.readLine(line.norm);
      let explained = false;
      mentions.length = 0;
      if (whole) mentions.push(whole);
      else {
        if (codeLines?.[lineIndex]) extractCodes(line.norm, pahoJava, mentions);
        if (!nameLines || nameLines[lineIndex])
          extractReasonNames(line.norm, lineFacts, typedName, mentions);
      }

      for (const p of hitsByLine[lineIndex]!) {
        if (!p.tellsApart) explained = true;
        // "Not authorized" is a reason of CONNACK, SUBACK and PUBACK alike: on a line about a
        // subscribe or a publish the code reading (which weighs the packet) speaks for it.
        if (readsAsOtherPacket(p.phrase, mentions, line.norm)) continue;
        // A return or reason code on the line (rc=, reason code, CONNACK …, not "code 8" or
        // "status 7") that the KB gives the same entry, as in paho-mqtt's "rc=7 (The connection
        // was lost.)", says as much about MQTT as a word would.
        const outOfContext =
          p.needsContext &&
          !lineFacts.inContext() &&
          !codeOnLineClaims(this.codes, mentions, p.entryIndex);
        // A line that names another system (port 5432, Kafka, npm) and nothing of MQTT is somebody
        // else's error, whatever phrase it shares with ours.
        // In a text that says nothing of MQTT anywhere it is still the closest entry for someone
        // who asked, at a fraction of its weight; beside MQTT lines it would only add noise.
        const otherSystems =
          lineFacts.namesOtherSystem() && (outOfContext || !lineFacts.namesMqtt());
        if (otherSystems) gatedOnly++;
        if (otherSystems && mqttText) continue;
        const weight =
          p.weight * (otherSystems ? 0.25 : outOfContext ? 0.5 : 1) * severity(line.norm);
        if (evidence.seenAgain(p, weight)) continue;
        const caveat =
          outOfContext || otherSystems ? 'out-of-context' : p.weak ? 'weak' : undefined;
        const found: Evidence = {
          kind: 'phrase',
          line: line.n,
          text: line.text,
          matched: p.phrase,
          why: `matches "${p.phrase}"${otherSystems ? " (in another program's line: nothing here says MQTT)" : outOfContext ? ' (nothing here says MQTT)' : p.needsContext ? ' in an MQTT context' : ''}`,
          weight,
          ...(caveat ? { caveat } : {}),
        };
        if (p.tellsApart) tellingApart.push([p, found]);
        else evidence.addPhrase(p, found);
      }

      if (
        mentions.length > 0 &&
        readLineCodes(
          this.codes,
          this.kb.entries,
          mentions,
          line,
          global,
          lineFacts,
          add,
          base.ambiguities,
        )
      )
        explained = true;
      if (!explained) unexplained[lineIndex] = 1;
    });

    // A phrase that only tells a special case apart counts where the broader entry it refines has
    // evidence; alone it would only push another candidate down the list.
    for (const [p, e] of tellingApart)
      if ((this.refines.get(p.entryIndex) ?? []).some((parent) => evidence.has(parent)))
        evidence.addPhrase(p, e);

    // Fuzzy likeness only where nothing exact and firm was found: next to one it adds noise.
    // Of the lines nothing explained, the last few that read like errors (the newest matter).
    const firm = evidence.any((e) => !e.caveat);
    const fuzzyPass: PreparedLine[] = [];
    for (let i = text.lines.length - 1; !firm && i >= 0; i--) {
      if (fuzzyPass.length === this.options.maxFuzzyLines) break;
      if (unexplained[i] === 0) continue;
      const line = text.lines[i]!;
      if (ERRORISH.test(line.norm)) fuzzyPass.unshift(line);
    }
    for (const line of fuzzyPass) {
      lineFacts.readLine(line.norm);
      const contextOk = lineFacts.inContext();
      const hits = this.fuzzy.search(line.norm).filter((h) => contextOk || !h.doc.needsContext);
      for (const hit of hits.slice(0, 3)) {
        const likeness = hit.likeness;
        add(hit.doc.entryIndex, {
          kind: 'fuzzy',
          line: line.n,
          text: line.text,
          matched: hit.doc.phrase,
          why: `resembles "${hit.doc.phrase}" (${Math.round(likeness * 100)}% alike)`,
          // Fuzzy evidence without MQTT context is a hint for an explicit question, never enough
          // for a passive listener (see decideAbstain).
          weight: likeness ** 2 * (contextOk ? 1 : 0.5) * (hit.doc.weak ? 0.4 : 1),
        });
      }
    }

    // The words may point at an entry even where no message does ("two devices keep kicking each
    // other off"): a symptom ranking over the KB. Next to firm evidence it only fills the
    // runner-up places; alone it makes a passive listener speak only when it is sure (below).
    // A message's likeness is not firm: it competes with the words instead of muting them.
    const firmFound = evidence.any((e) => !e.caveat && e.kind !== 'fuzzy');
    // Beside firm evidence in a long paste its runner-ups are not worth the words' cost.
    // A code typed alone has no words to describe anything with.
    const hits =
      whole || (firmFound && text.lines.length > 3)
        ? []
        : this.symptoms.search(symptomText(text.lines));
    const facts = new TextFacts(text.norm);
    const sure = !firmFound && hits.length > 0 && confidentSymptom(hits, mqttText, facts.problem);
    for (const [i, hit] of hits.entries()) {
      if (firmFound && evidence.has(hit.entryIndex)) continue;
      const weight = hit.score / (hit.score + SYMPTOM_TUNING.half);
      const quoted = lineSharing(text.lines, hit.shared.slice(0, 4));
      add(hit.entryIndex, {
        kind: 'description',
        line: quoted.n,
        text: quoted.text,
        matched: hit.symptom ?? hit.shared.slice(0, 4).join(' '),
        why: hit.symptom
          ? `described like its symptom "${hit.symptom}" (shares "${hit.shared.slice(0, 3).join('", "')}")`
          : `the description shares "${hit.shared.slice(0, 4).join('", "')}" with this entry`,
        weight: weight * (firmFound ? 0.3 : 1.1),
        ...(sure && i === 0 ? {} : { caveat: 'weak' as const }),
      });
    }

    const ranked = evidence.rank(this.options.maxMatches, this.refines);
    const matches: RankedMatch[] = ranked.map((r) => {
      const entry = this.kb.entries[r.entryIndex]!;
      return {
        id: entry.id,
        title: entry.title,
        score: r.score,
        evidence: r.evidence.map((e) => ({
          ...e,
          // The line was redacted whole before matching; the quote is redacted again, which
          // costs little on its 200-odd characters and nothing on a megabyte-long line.
          text: redactSecrets(quoteAround(e.text, e.matched)),
        })),
      };
    });
    const otherText = !mqttText && hasOtherSystemContext(text.norm);
    facts.mqttText = mqttText;
    facts.otherText = otherText;
    facts.gatedOnly = gatedOnly;
    facts.bare = whole !== null;
    const decision = decideAbstain(matches, facts);
    return { ...base, matches, ...decision };
  }
}

// Error lines outweigh informational ones: "Starting in local only mode" next to "Error: Address
// already in use" is a note, the error is the problem.
const SEVERE = /\b(?:error|fatal|failed|failure|exception|refused|denied|rejected)\b/;
const severity = (line: string): number => (SEVERE.test(line) ? 1.15 : 1);

const PAHO_JAVA = /org\.eclipse\.paho|mqttexception|mqttsecurityexception|\bpaho[ .-]?java\b/;
