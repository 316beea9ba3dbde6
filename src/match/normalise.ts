/**
 * Turns what people paste (Slack-escaped text, ANSI-coloured logs, odd Unicode, huge pastes)
 * into numbered lines that the signal extractors can read, within a bounded amount of work.
 * Secrets are masked first: they take no part in matching and are never quoted back.
 */
import { redactSecrets } from '../common/redact';
import { countNewlines } from '../common/lines';

export interface InputLimits {
  /** Characters read at most, from the end; the rest is dropped and the result says so. */
  maxChars: number;
  /** Lines read at most (the last ones), after `maxChars`. */
  maxLines: number;
}

/**
 * Generous: a day of broker log. Past it the newest part is read: journalctl and log files print
 * oldest first, so the refusal that matters is at the end.
 */
export const DEFAULT_LIMITS: InputLimits = { maxChars: 2 * 1024 * 1024, maxLines: 20_000 };

export interface PreparedLine {
  /** 1-based line number in the cleaned text. */
  n: number;
  /** The cleaned line as the user wrote it, for evidence. */
  text: string;
  /** Lower-cased, white space folded, quotes and dashes made plain: what matching reads. */
  norm: string;
}

export interface PreparedText {
  lines: PreparedLine[];
  /** The whole cleaned text, normalised like `PreparedLine.norm`, lines joined by `\n`. */
  norm: string;
  truncated: boolean;
  originalChars: number;
  /** Mostly control characters or replacement characters: not text a person wrote. */
  binary: boolean;
  /** Known to hold nothing outside ASCII (it needed no cleaning or folding); false: not known. */
  ascii: boolean;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g;
// C1 controls too (U+0080-U+009F): U+009B is a one-character CSI to terminals that honour them.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
const QUOTED = /^\s*>/;
// Anything unescapeSlack or the clean-up below would change: Slack entities and tokens, control
// characters (CR and ESC among them), zero-width and no-break spaces, code fences.
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u200b-\u200d\u2060\ufeff&<`]/;
const QUOTE_PREFIX = /^\s*(?:>\s?)+/;
// Everything that cleaning, Unicode folding or white-space folding would change: any character
// but a line break or printable ASCII, Slack's `&` `<` and code fences, and a run of spaces. Most
// logs have none, and two quick scans for it spare the three that would each find nothing (the
// run of spaces is a separate `includes`: in one alternation it made the scan five times slower).
const NOT_PLAIN = /[^\n\x20-\x25\x27-\x3b\x3d-\x5f\x61-\x7e]/;
const needsWork = (text: string): boolean => NOT_PLAIN.test(text) || text.includes('  ');
// Slack's markup tokens are short; a longer `<…>` span is text, not markup.
const MAX_TOKEN = 2048;
const LINK_SCHEME = /^(?:https?|mailto|mqtts?|wss?):/;

/** One `<…>` token's plain reading, or null when it is not Slack markup. */
function readToken(token: string): string | null {
  const bar = token.indexOf('|');
  const target = bar < 0 ? token : token.slice(0, bar);
  const label = bar < 0 ? '' : token.slice(bar + 1);
  const sigil = target[0];
  if (sigil === '@' || sigil === '!') return `@${label || target.slice(1)}`;
  if (sigil === '#') return `#${label || target.slice(1)}`;
  if (LINK_SCHEME.test(target) && !/\s/.test(target)) return label || target;
  return null;
}

/**
 * Replaces each `<…>` Slack token (links, @mentions, #channels, !specials) by its plain reading,
 * scanning once from left to right: every character is looked at a bounded number of times, so a
 * message of 40,000 `<` costs no more than any other (a regular expression retried at every `<`
 * was quadratic).
 */
function replaceSlackTokens(text: string): string {
  let out = '';
  let i = 0;
  let close = -1; // the next '>' at or after the current '<', found once and reused
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    if (close <= open) close = text.indexOf('>', open + 1);
    if (close < 0) break;
    const nextOpen = text.indexOf('<', open + 1);
    if ((nextOpen >= 0 && nextOpen < close) || close - open - 1 > MAX_TOKEN) {
      // Not a token: keep the '<' and go on from the next candidate.
      const resume = nextOpen >= 0 && nextOpen < close ? nextOpen : open + 1;
      out += text.slice(i, resume);
      i = resume;
      continue;
    }
    const plain = readToken(text.slice(open + 1, close));
    out += text.slice(i, open) + (plain ?? text.slice(open, close + 1));
    i = close + 1;
  }
  return out + text.slice(i);
}

/** Undoes Slack's message escaping and markup (https://api.slack.com/reference/surfaces/formatting). */
export function unescapeSlack(text: string): string {
  return replaceSlackTokens(text)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function looksBinary(sample: string): boolean {
  if (sample.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27)) bad++;
  }
  return bad / sample.length > 0.1;
}

/** Nothing outside ASCII: no Unicode folding, and words split without property classes. */
// eslint-disable-next-line no-control-regex
export const ASCII = /^[\x00-\x7f]*$/;

/** Compatibility forms, curly quotes and typographic dashes made plain. */
function foldUnicode(s: string): string {
  // ASCII is its own NFKC form and has no curly quotes or dashes: most logs skip the work.
  if (ASCII.test(s)) return s;
  return s
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

/**
 * British and American spellings of one word read alike: Mosquitto writes "not authorised", Paho
 * Go, MQTT.js and the MQTT 5 reason name "not authorized", and a KB phrase in one spelling must
 * find the other. Same length, so nothing in a line moves. (The search for "horis" first: a word
 * whose first letter is rare in logs is found in a tenth of the time "authoris" takes.)
 */
export const foldSpelling = (lower: string): string =>
  lower.includes('horis') && lower.includes('authoris')
    ? lower.replace(/authoris/g, 'authoriz')
    : lower;

/**
 * Lower-case, fold white space, plain quotes and dashes and spellings: applied alike to text and
 * KB phrases.
 */
export function normalisePhrase(s: string): string {
  return foldSpelling(foldUnicode(s).replace(/\s+/g, ' ').trim().toLowerCase());
}

// White space to fold into one space (not line breaks): a run that is more than one plain space.
// A lone space, nearly all of a log's, is left alone rather than replaced by itself.
const FOLDABLE_SPACE = /[^\S\n ][^\S\n]*| [^\S\n]+/g;

/**
 * `normalisePhrase` for many lines at once, but for the trim: the whole text normalised, and one
 * entry per input line.
 */
function normaliseLines(joined: string, plain: boolean): { whole: string; lines: string[] } {
  const lower = foldSpelling(plain ? joined.toLowerCase() : foldUnicode(joined).toLowerCase());
  const whole = plain ? lower : lower.replace(FOLDABLE_SPACE, ' ');
  return { whole, lines: whole.split('\n') };
}

/** Cleans and numbers a paste's lines within bounded work, keeping the newest lines of a long one. */
export function prepareText(
  input: string,
  limits: InputLimits = DEFAULT_LIMITS,
  linesBefore = 0,
): PreparedText {
  const originalChars = input.length;
  let text = input;
  let truncated = false;
  // Line numbers stay those of the input: the lines dropped from the front are counted, here
  // and by a reader that kept only the end of a longer stream (`linesBefore`).
  let firstLine = 1 + linesBefore;
  if (text.length > limits.maxChars) {
    let cut = text.length - limits.maxChars;
    const nl = text.indexOf('\n', cut);
    cut = nl >= 0 && nl - cut < 4096 ? nl + 1 : cut;
    firstLine += countNewlines(text, 0, cut);
    text = text.slice(cut);
    truncated = true;
  }
  // logrotate's copytruncate leaves a run of NULs where the old log was: not binary, padding.
  // A byte order mark says nothing either.
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 0 || text.charCodeAt(start) === 0xfeff))
    start++;
  if (start > 0) text = text.slice(start);
  const binary = looksBinary(text.slice(0, 4096));

  // Most pastes hold nothing to unescape or strip: one scan spares six copies of the text.
  const plain = !needsWork(text);
  if (!plain && NEEDS_CLEANING.test(text))
    text = unescapeSlack(text)
      .replace(ANSI, '')
      .replace(/\r\n?/g, '\n')
      .replace(ZERO_WIDTH, '')
      .replace(CONTROL, ' ')
      .replace(/\u00a0/g, ' ')
      .replace(/```/g, ' ');

  // Secrets never take part in matching: a password is no code, and no word of a story.
  text = redactSecrets(text, { keepLines: true });

  let rawLines = text.split('\n');
  if (rawLines.length > limits.maxLines) {
    firstLine += rawLines.length - limits.maxLines;
    rawLines = rawLines.slice(-limits.maxLines);
    truncated = true;
    text = rawLines.join('\n');
  }
  // One normalising pass over the whole text costs far less than one per line; it never adds
  // or removes a line break, so its lines stay those of the text.
  const { whole, lines: norms } = normaliseLines(text, plain);
  const quotes = text.includes('>');
  const lines: PreparedLine[] = [];
  // Whether every line is kept as normalised, untouched: then the normalised text is `whole` and
  // a long log is not joined again (a copy of it and the garbage that goes with it).
  let asNormalised = true;
  rawLines.forEach((raw, i) => {
    // Slack quotes (`> line`) carry no meaning for matching; most lines have none to strip.
    if (quotes && QUOTED.test(raw)) {
      asNormalised = false;
      const cleaned = raw.replace(QUOTE_PREFIX, '').trim();
      if (cleaned !== '')
        lines.push({ n: firstLine + i, text: cleaned, norm: normalisePhrase(cleaned) });
      return;
    }
    const cleaned = raw.trim();
    const norm = norms[i]!;
    const trimmed = norm.trim();
    if (cleaned === '' || trimmed.length !== norm.length) asNormalised = false;
    if (cleaned !== '') lines.push({ n: firstLine + i, text: cleaned, norm: trimmed });
  });
  return {
    lines,
    norm: asNormalised ? whole : lines.map((l) => l.norm).join('\n'),
    truncated,
    originalChars,
    binary,
    ascii: plain,
  };
}
