/**
 * Words as the symptom ranking reads them: lower case, compounds people write three ways made one
 * ("client id", "client-id", "clientid"), British and American spellings folded, a light
 * stemmer ("disconnects", "disconnected", "disconnecting" -> "disconnect"), function words out.
 */
import { normalisePhrase } from './normalise';

const STOP = new Set(
  (
    'the a an and or of to in on at for with by from is are was were be been being it its this that these those ' +
    'i im ive me we us you your they them he she my our their his her not no but if then when while as so do does ' +
    'did doing done has have had having can could will would should may might must just only also very than there ' +
    'here what which who whom how why about into over after before up down out off again any all some more most ' +
    'such own too get gets got use using used via per each every both either one two anyone someone ' +
    'something anything thing things way still even much many lot please help thanks hi hello issue problem question ' +
    'am though says said seems seem like know think tried try trying want need see also etc ok'
  ).split(' '),
);

/** A word that says nothing of the problem ("to", "with", "my"). */
export const isFunctionWord = (w: string): boolean => STOP.has(w);

// Compounds and spellings, applied to the lower-cased text before it is split into words.
const FOLDS: [RegExp, string][] = [
  [/\bclient[\s_-]?ids?\b|\bclient[\s_-]identifiers?\b|\bclientids?\b/g, ' clientid '],
  [/\bkeep[\s_-]?alives?\b/g, ' keepalive '],
  [/\bclean[\s_-]?(?:session|start)\b/g, ' cleansession '],
  [
    /\blast[\s_-]?will(?:[\s_-]?(?:and[\s_-]?)?testament)?\b|\blwt\b|\bwill[\s_-]message\b/g,
    ' lastwill ',
  ],
  [/\bweb[\s_-]?sockets?\b|\bwss?:\/\//g, ' websocket '],
  [/\bhome[\s_-]?assistant\b|\bhass\b/g, ' homeassistant '],
  [/\bqos[\s_-]?([012])\b/g, ' qos$1 '],
  [/\bre[\s-]connect/g, ' reconnect'],
  [/\bcert\b|\bcerts\b/g, ' certificate '],
  [/\bauthori[sz]/g, 'authoriz'],
  [/\bunauthori[sz]ed\b/g, ' not authorized '],
  [/\b(?:msgs?|messages)\b/g, ' message '],
  [/\bpayloads?\b/g, ' payload '],
  [/\b(?:kicks?|kicking|kicked)\b/g, ' kick '],
  [/\besp[\s-]?(32|8266)\b/g, ' esp$1 '],
  [/\brpi\b|\braspberry[\s_-]?pi\b/g, ' raspberrypi '],
  [/\bbehaviour/g, 'behavior'],
  [/\bsecs?\b/g, 'seconds'],
  // Misspellings common in English written as a second language, of the words symptoms use.
  // Each matches its whole word: the folds are found by one alternation and then told apart.
  [/\bmosquito\b/g, 'mosquitto'],
  [/\b(?:brocker|brokker|borker)/g, 'broker'],
  [/\brecie(v\w*)/g, 'recei$1'],
  [/\bloos(es|ing)\b/g, 'los$1'],
  [/\b(re|dis)?con(ect\w*)/g, '$1conn$2'],
  [/\b(re|dis)?connexion/g, '$1connection'],
  [/\bpass?wor[dt]/g, 'password'],
  [/\bauthentification/g, 'authentication'],
  [/\bsuc{1,2}es{1,2}(ful\w*)?\b/g, 'success$1'],
  [/\bmes{1,3}age/g, 'message'],
];

/**
 * Stems already worked out, for a caller that stems the same words again and again: building the
 * symptom index stems some 100,000 words, most of them repeats, and three regexes per word were a
 * fifth of the build. The index keeps one while it is built and then drops it; the words of what
 * people paste are never kept.
 */
export type StemCache = Map<string, string>;

// "30 seconds" is a time: its stem must not be the "second" of "a second device connects".
const WHOLE = new Set(['seconds']);

function stem(w: string, cache?: StemCache): string {
  if (w.length <= 4 || WHOLE.has(w)) return w;
  const known = cache?.get(w);
  if (known !== undefined) return known;
  const s = stripSuffixes(w);
  cache?.set(w, s);
  return s;
}

/** Suffixes people add to the same word; longest first. */
function stripSuffixes(w: string): string {
  return w
    .replace(/(?:ations?|ions?|ings?|ingly)$/, '')
    .replace(/(?:ies)$/, 'y')
    .replace(/(?:edly|ed|es|s)$/, '')
    .replace(/(.)\1$/, '$1');
}

// Numbers of two to five digits count ("every 60 seconds", "port 8883", "rc 135"), whole: a
// timestamp (1701000002) is no "17010" and "00002".
const WORD = /[a-z][a-z0-9]{1,30}|(?<![0-9])[0-9]{2,5}(?![0-9])/g;

// All folds in one pass: the alternation finds a candidate, the table says what it becomes.
const ANY_FOLD = new RegExp(FOLDS.map(([re]) => `(?:${re.source})`).join('|'), 'g');
const foldOne = (m: string): string => {
  for (const [re, to] of FOLDS) {
    re.lastIndex = 0;
    if (re.test(m)) {
      re.lastIndex = 0;
      return m.replace(re, to);
    }
  }
  return m;
};

/**
 * The text's words for ranking, in order (repeats kept: term frequency matters). `written`, when
 * given, gets each stem's first word as the text wrote it (after folding), to show people words
 * rather than stems ("unexpected", not "unexpect").
 */
export function rankWords(
  text: string,
  stems?: StemCache,
  written?: Map<string, string>,
): string[] {
  const s = normalisePhrase(text).replace(ANY_FOLD, foldOne);
  const out: string[] = [];
  for (const w of s.match(WORD) ?? []) {
    if (STOP.has(w)) continue;
    const stemmed = stem(w, stems);
    out.push(stemmed);
    if (written && !written.has(stemmed)) written.set(stemmed, w);
  }
  return out;
}
