/**
 * Exact phrase search: every KB signal phrase, found in a line in time that grows with the
 * line's words, not with the size of the KB (one map lookup per word, then a check).
 */
import { normalisePhrase } from './normalise';

export interface PhraseSource {
  entryIndex: number;
  phrase: string;
  needsContext: boolean;
  weak: boolean;
}

export interface CompiledPhrase extends PhraseSource {
  norm: string;
  /** The longest literal part, which must occur for the phrase to match. */
  anchor: string;
  /** Present when the phrase has `*` wildcards. */
  pattern: RegExp | null;
  /** Higher for longer phrases and for phrases that only one entry uses. */
  weight: number;
}

export interface PhraseHit {
  phrase: CompiledPhrase;
}

const WORD = /[\p{L}\p{N}_]+/gu;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9_]+/g;
// Scripts written without spaces between words: no word boundaries to rely on.
const UNSPACED = /[\u2e80-\u9fff\uac00-\ud7af\u3040-\u30ff]/;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(source: PhraseSource, sharedBy: number): CompiledPhrase {
  const norm = normalisePhrase(source.phrase);
  const parts = norm
    .split('*')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const anchor = parts.reduce((a, b) => (b.length > a.length ? b : a), '');
  const pattern = parts.length > 1 ? new RegExp(parts.map(escapeRegExp).join('.*?')) : null;
  const literal = parts.join(' ').length;
  const lengthWeight = 0.9 + Math.min(1, Math.max(0, (literal - 6) / 34));
  const contextWeight = (source.needsContext ? 0.8 : 1) * (source.weak ? 0.4 : 1);
  return {
    ...source,
    norm,
    anchor,
    pattern,
    weight: (lengthWeight * contextWeight) / Math.sqrt(sharedBy),
  };
}

/** Whole-word occurrence of `needle` in `hay` (word edges only where the needle has word chars). */
function occursAsWords(hay: string, needle: string): boolean {
  if (UNSPACED.test(needle)) return hay.includes(needle);
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at < 0) return false;
    const before = at > 0 ? hay[at - 1]! : ' ';
    const after = hay[at + needle.length] ?? ' ';
    const startOk = !WORD_CHAR.test(needle[0]!) || !WORD_CHAR.test(before);
    const endOk = !WORD_CHAR.test(needle[needle.length - 1]!) || !WORD_CHAR.test(after);
    if (startOk && endOk) return true;
    from = at + 1;
  }
}

export class PhraseIndex {
  private readonly byWord = new Map<string, CompiledPhrase[]>();
  private readonly unspaced: CompiledPhrase[] = [];
  private readonly wordCount = new Map<string, number>();
  readonly size: number;

  constructor(sources: PhraseSource[]) {
    const owners = new Map<string, Set<number>>();
    for (const s of sources) {
      const key = normalisePhrase(s.phrase);
      const set = owners.get(key) ?? new Set<number>();
      set.add(s.entryIndex);
      owners.set(key, set);
    }
    const compiled = sources.map((s) => compile(s, owners.get(normalisePhrase(s.phrase))!.size));
    // Index each phrase under its rarest whole word, so a common word in a line ("connection")
    // never drags thousands of candidates along as the KB grows.
    for (const c of compiled)
      for (const w of new Set(c.anchor.match(WORD) ?? []))
        this.wordCount.set(w, (this.wordCount.get(w) ?? 0) + 1);
    for (const c of compiled) {
      if (UNSPACED.test(c.anchor)) {
        this.unspaced.push(c);
        continue;
      }
      const key = this.keyWord(c);
      if (key === null) continue;
      const list = this.byWord.get(key) ?? [];
      list.push(c);
      this.byWord.set(key, list);
    }
    this.size = compiled.length;
  }

  /** The anchor's rarest word that a wildcard does not cut (`mqtt_err_*` is no whole word). */
  private keyWord(c: CompiledPhrase): string | null {
    const at = c.norm.indexOf(c.anchor);
    const cutBefore = at > 0 && c.norm[at - 1] === '*' && WORD_CHAR.test(c.anchor[0]!);
    const end = at + c.anchor.length;
    const cutAfter = c.norm[end] === '*' && WORD_CHAR.test(c.anchor[c.anchor.length - 1]!);
    const words = c.anchor.match(WORD) ?? [];
    const whole = words.filter(
      (_w, i) => !(cutBefore && i === 0) && !(cutAfter && i === words.length - 1),
    );
    if (whole.length === 0) return null;
    const count = (w: string) => this.wordCount.get(w) ?? 0;
    return whole.reduce((a, b) =>
      count(b) < count(a) || (count(b) === count(a) && b.length > a.length) ? b : a,
    );
  }

  /** Phrases that occur in one normalised line. */
  find(norm: string): CompiledPhrase[] {
    const hits = new Set<CompiledPhrase>();
    // ASCII lines (nearly all logs) split faster without Unicode property classes.
    const words = ASCII.test(norm) ? norm.match(ASCII_WORD) : norm.match(WORD);
    for (const word of words ?? []) {
      const candidates = this.byWord.get(word);
      if (candidates)
        for (const c of candidates) if (!hits.has(c) && this.matches(norm, c)) hits.add(c);
    }
    if (this.unspaced.length > 0 && UNSPACED.test(norm))
      for (const c of this.unspaced) if (this.matches(norm, c)) hits.add(c);
    return withoutSubsumed([...hits]);
  }

  private matches(norm: string, c: CompiledPhrase): boolean {
    if (!occursAsWords(norm, c.anchor)) return false;
    return c.pattern === null || c.pattern.test(norm);
  }
}

/**
 * "connection refused" inside "Connection refused: Not authorized" is not a second signal: a hit
 * whose text lies inside a longer hit on the same line is dropped.
 */
function withoutSubsumed(hits: CompiledPhrase[]): CompiledPhrase[] {
  if (hits.length < 2) return hits;
  const longestFirst = [...hits].sort((a, b) => b.anchor.length - a.anchor.length);
  const kept: CompiledPhrase[] = [];
  for (const h of longestFirst)
    if (!kept.some((k) => k.anchor !== h.anchor && k.anchor.includes(h.anchor))) kept.push(h);
  return kept;
}
