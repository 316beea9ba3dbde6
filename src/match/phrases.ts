/**
 * Exact phrase search: every KB signal phrase, found in a line in time that grows with the
 * line's words, not with the size of the KB (one map lookup per word, then a check).
 */
import { ASCII, normalisePhrase } from './normalise';
import { AsciiKeys, asciiKeys, scanAsciiKeys } from './ascii-keys';

export interface PhraseSource {
  entryIndex: number;
  phrase: string;
  needsContext: boolean;
  weak: boolean;
  tellsApart?: boolean;
  /** A setting's name (see SignalPhrase.setting). */
  setting?: boolean;
}

export interface CompiledPhrase extends PhraseSource {
  /** Its place in the index, for the per-line stamps. */
  id: number;
  norm: string;
  /** The longest literal part, which must occur for the phrase to match. */
  anchor: string;
  /** Where the anchor needs a word edge in the text; none in scripts without spaces. */
  anchorEdges: { start: boolean; end: boolean };
  /**
   * The literal parts in order when the phrase has `*` wildcards (`a*b*c` matches when a, b and c
   * occur in that order). Checked with `indexOf` from left to right, never a regular expression:
   * the leftmost choice of each part is always a valid one, so the check is linear in the line.
   */
  parts: string[] | null;
  /** Higher for longer phrases and for phrases that only one entry uses. */
  weight: number;
}

const WORD = /[\p{L}\p{N}_]+/gu;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
// Scripts written without spaces between words: no word boundaries to rely on.
const UNSPACED = /[\u2e80-\u9fff\uac00-\ud7af\u3040-\u30ff]/;

function compile(source: PhraseSource, norm: string, sharedBy: number, id: number): CompiledPhrase {
  const parts = norm
    .split('*')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const anchor = parts.reduce((a, b) => (b.length > a.length ? b : a), '');
  // A word edge is needed where the anchor ends in a letter, unless a wildcard touches it there
  // (`mqtt_err_*` runs on into `conn_lost`).
  const at = norm.indexOf(anchor);
  const spaced = !UNSPACED.test(anchor);
  const literal = parts.join(' ').length;
  const lengthWeight = 0.9 + Math.min(1, Math.max(0, (literal - 6) / 34));
  // A phrase that only tells a special case apart is added only beside its parent's evidence (see
  // Matcher.match), where its small weight just lifts the special case above the parent.
  const contextWeight =
    (source.needsContext ? 0.8 : 1) *
    (source.weak ? 0.4 : 1) *
    (source.tellsApart ? 0.05 : 1) *
    // A setting's name says where to look; the error quoted beside it says what happened (on the
    // corpus's `tune` split any factor from 0.5 to 0.9 did the same; 0.8 leaves it above a weak
    // or out-of-context phrase).
    (source.setting ? 0.8 : 1);
  // Fields named, not spread: a spread of each of some thousands of sources was a tenth of the
  // index build.
  return {
    entryIndex: source.entryIndex,
    phrase: source.phrase,
    needsContext: source.needsContext,
    weak: source.weak,
    tellsApart: source.tellsApart === true,
    id,
    norm,
    anchor,
    anchorEdges: {
      start: spaced && WORD_CHAR.test(anchor[0] ?? '') && norm[at - 1] !== '*',
      end:
        spaced &&
        WORD_CHAR.test(anchor[anchor.length - 1] ?? '') &&
        norm[at + anchor.length] !== '*',
    },
    parts: parts.length > 1 ? parts : null,
    weight: (lengthWeight * contextWeight) / Math.sqrt(sharedBy),
  };
}

/** Occurrence of `needle` in `hay` with a word edge wherever `edges` asks for one. */
function occursAsWords(hay: string, needle: string, edges: CompiledPhrase['anchorEdges']): boolean {
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at < 0) return false;
    const startOk = !edges.start || at === 0 || !WORD_CHAR.test(hay[at - 1]!);
    const end = at + needle.length;
    const endOk = !edges.end || end === hay.length || !WORD_CHAR.test(hay[end]!);
    if (startOk && endOk) return true;
    from = at + 1;
  }
}

const NONE: readonly CompiledPhrase[] = [];
const SUBSUME_WINDOW = 48;
// Words nearly every English sentence or log line has: they select nothing as index keys.
const COMMON_IN_TEXT = new Set(
  'a an and are as at be by for from has have in into is it its no not of on or that the this to was with'.split(
    ' ',
  ),
);

// Words that most broker and client log lines carry (Mosquitto's debug log ends every PUBLISH
// line with "(N bytes)"): a phrase keyed by one of them would be checked on nearly every line of
// a long log, so a word rarer in logs is preferred.
const COMMON_IN_LOGS = new Set(
  'new client connected connection connecting received receiving sending publish puback pubrec pubrel pubcomp subscribe suback pingreq pingresp port closed socket info debug notice bytes device'.split(
    ' ',
  ),
);

/** Every KB signal phrase, keyed by its most selective word: one map lookup per word of a line. */
export class PhraseIndex {
  private readonly byWord = new Map<string, CompiledPhrase[]>();
  private readonly unspaced: CompiledPhrase[] = [];
  /** Phrases with no whole word to key on (`disconnectReason*AUTH_ERROR`): checked on every line. */
  private readonly unkeyed: CompiledPhrase[] = [];
  private readonly wordCount = new Map<string, number>();
  /** Per phrase, the line (epoch) it was last checked in. */
  private readonly phraseSeen: Int32Array;
  /** The ASCII key words of `byWord` in an open-addressing table (see AsciiKeys). */
  private readonly asciiKeys: AsciiKeys;
  readonly size: number;

  constructor(sources: PhraseSource[]) {
    // Each phrase normalised once: with a few thousand phrases it was a tenth of the build.
    const norms = sources.map((s) => normalisePhrase(s.phrase));
    const owners = new Map<string, Set<number>>();
    sources.forEach((s, i) => {
      const set = owners.get(norms[i]!) ?? new Set<number>();
      set.add(s.entryIndex);
      owners.set(norms[i]!, set);
    });
    const compiled = sources.map((s, id) =>
      compile(s, norms[id]!, owners.get(norms[id]!)!.size, id),
    );
    this.phraseSeen = new Int32Array(compiled.length);
    // Index each phrase under its most selective whole word (see keyWord), so a common word in a
    // line ("connection", "from") never drags thousands of candidates along as the KB grows.
    for (const c of compiled)
      for (const w of new Set(c.norm.match(WORD) ?? []))
        this.wordCount.set(w, (this.wordCount.get(w) ?? 0) + 1);
    for (const c of compiled) {
      if (UNSPACED.test(c.anchor)) {
        this.unspaced.push(c);
        continue;
      }
      const key = this.keyWord(c);
      if (key === null) {
        this.unkeyed.push(c);
        continue;
      }
      const list = this.byWord.get(key) ?? [];
      list.push(c);
      this.byWord.set(key, list);
    }
    this.size = compiled.length;
    this.asciiKeys = asciiKeys([...this.byWord.keys()].filter((k) => /^[a-z0-9_]+$/.test(k)));
  }

  /**
   * The phrase's most selective whole word (one a wildcard does not cut: `mqtt_err_*` is no
   * word): rare in the KB, and not a word or number that most log lines carry anyway.
   */
  private keyWord(c: CompiledPhrase): string | null {
    const words: string[] = [];
    for (const m of c.norm.matchAll(/[^*]+/g)) {
      const part = m[0];
      const found = [...part.matchAll(WORD)];
      found.forEach((w, i) => {
        const cutBefore = i === 0 && w.index === 0 && m.index > 0;
        const cutAfter =
          i === found.length - 1 &&
          w.index + w[0].length === part.length &&
          m.index + part.length < c.norm.length;
        if (!cutBefore && !cutAfter) words.push(w[0]);
      });
    }
    if (words.length === 0) return null;
    const cost = (w: string) =>
      (this.wordCount.get(w) ?? 0) *
      (w.length < 3 || COMMON_IN_TEXT.has(w) || /^\d+$/.test(w)
        ? 1000
        : COMMON_IN_LOGS.has(w)
          ? 30
          : 1);
    return words.reduce((a, b) =>
      cost(b) < cost(a) || (cost(b) === cost(a) && b.length > a.length) ? b : a,
    );
  }

  /** Phrases that occur in one normalised line. */
  find(norm: string): readonly CompiledPhrase[] {
    return this.findInLines([norm], norm)[0]!;
  }

  /**
   * Phrases per normalised line, in order; what holds for the whole text (`whole`, the lines
   * joined, which the caller usually has already) is tested once, or told by the caller.
   */
  findInLines(
    norms: string[],
    whole = norms.join('\n'),
    ascii = ASCII.test(whole),
  ): (readonly CompiledPhrase[])[] {
    // ASCII text (nearly all logs) splits faster without Unicode property classes.
    if (ascii) return this.findInAscii(norms, whole);
    const unspaced = this.unspaced.length > 0 && UNSPACED.test(whole);
    return norms.map((norm) => this.findIn(norm, unspaced));
  }

  /**
   * `findInLines` for ASCII text (nearly all logs): one scan of the whole text, its words looked
   * up as they are read, with no substring made (see AsciiKeys); `whole` is `norms` joined.
   */
  private findInAscii(norms: string[], whole: string): (readonly CompiledPhrase[])[] {
    // Sized up front: grown by pushes, a long log's list was copied a dozen times.
    const results: (readonly CompiledPhrase[])[] = new Array<readonly CompiledPhrase[]>(
      norms.length,
    );
    const keys = this.asciiKeys;
    let line = 0;
    let first: CompiledPhrase | null = null;
    let more: CompiledPhrase[] | null = null;
    let epoch = this.nextEpoch();
    // An unkeyed phrase is looked for in a line only when the text has its anchor at all: a
    // search of each line for each of them was a tenth of a long log's phrase search.
    const unkeyed = this.unkeyed.filter((c) => whole.includes(c.anchor));
    const check = (c: CompiledPhrase): void => {
      if (this.phraseSeen[c.id] === epoch) return;
      this.phraseSeen[c.id] = epoch;
      if (!matches(norms[line] ?? '', c)) return;
      if (first === null) first = c;
      else (more ??= [first]).push(c);
    };
    scanAsciiKeys(
      whole,
      keys,
      (k) => {
        if (keys.seen[k] === epoch) return;
        keys.seen[k] = epoch;
        for (const c of this.byWord.get(keys.words[k]!)!) check(c);
      },
      () => {
        const norm = norms[line] ?? '';
        for (const c of unkeyed) if (norm.includes(c.anchor)) check(c);
        if (line < norms.length) results[line] = this.lineHits(first, more);
        first = more = null;
        line++;
        epoch = this.nextEpoch();
      },
    );
    // `whole` was not `norms` joined (a line holding a line break): line by line instead.
    if (line !== norms.length) return norms.map((norm) => this.findIn(norm, false));
    return results;
  }

  /**
   * The next line's stamp. The stamps live in Int32Arrays: before they would wrap (some billions
   * of lines into a long-running bot's life) every stamp is cleared and counting starts again,
   * or a repeated word would be checked again and again on one line.
   */
  private nextEpoch(): number {
    if (this.epoch >= MAX_EPOCH) {
      this.phraseSeen.fill(0);
      this.asciiKeys.seen.fill(0);
      this.wordSeen.clear();
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /** Bumped once per line: a phrase or a key word stamped with it was already looked at. */
  private epoch = 0;
  private readonly wordSeen = new Map<string, number>();

  /**
   * Lists of one phrase, made when first found and shared: most lines that hold a phrase hold
   * one, and a new list for each such line of a long log was garbage.
   */
  private readonly alone: (readonly CompiledPhrase[])[] = [];

  /** A line's phrases: its first, or all it holds once a second was found. */
  private lineHits(
    first: CompiledPhrase | null,
    more: CompiledPhrase[] | null,
  ): readonly CompiledPhrase[] {
    if (more !== null) return withoutSubsumed(more);
    return first === null ? NONE : (this.alone[first.id] ??= [first]);
  }

  private findIn(norm: string, unspaced: boolean): readonly CompiledPhrase[] {
    let hits: CompiledPhrase[] | null = null;
    const epoch = this.nextEpoch();
    // Each candidate is checked once per line, however often its key word repeats: a line of
    // 'publish ' x 5,000 must not check the `publish * to` phrase 5,000 times. Stamps, not sets:
    // a 500-line paste allocates nothing per line for this.
    const check = (c: CompiledPhrase): void => {
      if (this.phraseSeen[c.id] === epoch) return;
      this.phraseSeen[c.id] = epoch;
      if (matches(norm, c)) (hits ??= []).push(c);
    };
    for (const word of norm.match(WORD) ?? []) {
      const candidates = this.byWord.get(word);
      if (!candidates || this.wordSeen.get(word) === epoch) continue;
      this.wordSeen.set(word, epoch);
      for (const c of candidates) check(c);
    }
    for (const c of this.unkeyed) if (norm.includes(c.anchor)) check(c);
    if (unspaced && UNSPACED.test(norm)) for (const c of this.unspaced) check(c);
    return hits === null ? NONE : withoutSubsumed(hits);
  }
}

function matches(norm: string, c: CompiledPhrase): boolean {
  if (!occursAsWords(norm, c.anchor, c.anchorEdges)) return false;
  return c.parts === null || partsInOrder(norm, c.parts);
}

/** `a*b*c` within one line: each part found after the end of the previous one. */
function partsInOrder(line: string, parts: string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = line.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

const longerAnchorFirst = (a: CompiledPhrase, b: CompiledPhrase): number =>
  b.anchor.length - a.anchor.length;

/**
 * "connection refused" inside "Connection refused: Not authorized" is not a second signal: a hit
 * whose text lies inside a longer hit on the same line is dropped.
 */
function withoutSubsumed(hits: CompiledPhrase[]): CompiledPhrase[] {
  if (hits.length < 2) return hits;
  // The caller's own list, sorted in place; loops, not `slice` and `some`: this runs for every
  // line of a long log that holds two phrases, and their copies and closures were garbage.
  const longestFirst = hits.sort(longerAnchorFirst);
  const kept: CompiledPhrase[] = [];
  for (const h of longestFirst) {
    // A line with hundreds of hits (a paste of the KB itself) is compared with the longest few
    // only: the work per line stays bounded by the KB, not its square.
    let subsumed = false;
    for (let i = 0; i < kept.length && i < SUBSUME_WINDOW && !subsumed; i++) {
      const k = kept[i]!;
      subsumed = k.anchor !== h.anchor && k.anchor.includes(h.anchor);
    }
    if (!subsumed) kept.push(h);
  }
  return kept;
}

const MAX_EPOCH = 0x7ffffff0;
