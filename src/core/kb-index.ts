/**
 * The KB index: one KB directory's parsed entries and the matcher's precomputed index (phrase,
 * fuzzy, symptom and code indexes), serialised into one file beside the entries,
 * `<kb>/.mqtt-why-index`. `npm run build` writes it for the packaged KB (`mqtt-why kb index`), so a
 * CLI run reads one file instead of parsing every entry and building the indexes (the README's
 * Development section has the numbers).
 *
 * It is used only while it still describes the KB: the same format, Node.js (V8 serialisation)
 * and parser and matcher code, the same entry files (same size and mtime, else the same
 * SHA-256), and the test files entries cite unchanged. Otherwise the KB is parsed as before and
 * the index rewritten where the directory is writable; `mqtt-why kb index` says which happened
 * and why. Parts are deserialised when first used: a healthy probe never reads the matcher's.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'fs';
import path from 'path';
import v8 from 'v8';
import type { KbEntry, KbProblem } from '../kb/entry';
import type { KnowledgeBase, LoadResult } from '../kb/load';
import type { MatcherIndex } from '../match/matcher';
import type { Triage } from './triage';
import { fileProblem } from '../common/file-errors';
import { Stamp, codeFingerprint, entryPaths, sameFile, stampFile } from './kb-index-files';
import { StoredPart, lazyEntry, lazyInstance, loadPart, storePart } from './kb-index-parts';

export const INDEX_FILE = '.mqtt-why-index';
/** Bump when the file's layout or what a section holds changes. */
export const INDEX_FORMAT = 3;
/**
 * The file: this magic, the header's and the matcher sections' lengths (u32 big-endian each),
 * the header (JSON), the matcher's index, the entries. Header and matcher's index are read in
 * one read; an entry is read at its offset when it is shown.
 */
const MAGIC = Buffer.from('mqtt-why kb index\n');
const PREAMBLE = MAGIC.length + 8;

interface Header {
  format: number;
  v8: string;
  code: string;
  writtenAt: number;
  entries: Stamp[];
  cited: Stamp[];
  /** [offset, length] in the matcher's sections, and in the entries' sections. */
  sections: { matcher: Record<MatcherPart, Section>; entries: Section[] };
  /** Entry ids and titles, in KB order: all the matcher reads of an entry. */
  ids: string[];
  titles: string[];
  /** An entry's fields in the order the parser gives them. */
  entryKeys: string[];
}

type Section = [offset: number, length: number];
type MatcherPart = keyof MatcherIndex;
const CLASS_PARTS = ['phrases', 'fuzzy', 'symptoms', 'codes', 'names'] as const;

export type OpenedKb =
  | {
      ok: true;
      /** Where the KB came from: its index, or its files parsed (the index missing or stale). */
      from: 'index' | 'parsed';
      /** Why the index was not used; null when it was. */
      stale: string | null;
      /** After parsing: whether the index was rewritten, or why not (null: not asked to). */
      written: { ok: true } | { ok: false; reason: string } | null;
      indexPath: string;
      kb(): KnowledgeBase;
      triage(): Triage;
    }
  | { ok: false; problems: KbProblem[] };

/** Where the serialized index of the KB in `dir` lives (`<dir>/.mqtt-why-index`, gitignored). */
export function indexPathOf(dir: string): string {
  return path.join(dir, INDEX_FILE);
}

/**
 * The KB in `dir`, from its index when that is current, else parsed (with the problems a plain
 * load reports) and, with `write`, the index rewritten.
 */
export function openKnowledgeBase(dir: string, opts: { write?: boolean } = {}): OpenedKb {
  const indexPath = indexPathOf(dir);
  const checked = checkIndex(dir, indexPath);
  if (checked.ok) {
    const { header, identity } = checked;
    let kb: KnowledgeBase | null = null;
    let triage: Triage | null = null;
    const kbOf = () => (kb ??= restoreKb(dir, identity, header));
    return {
      ok: true,
      from: 'index',
      stale: null,
      written: null,
      indexPath,
      kb: kbOf,
      triage: () => (triage ??= restoreTriage(kbOf(), header, checked.matcher)),
    };
  }
  const parsed = parseKb(dir);
  if (!parsed.loaded.ok) return { ok: false, problems: parsed.loaded.problems };
  const kb = parsed.loaded.kb;
  const triage = new (loadTriage().Triage)(kb);
  const written = opts.write ? writeIndex(indexPath, kb, triage, parsed.stamps) : null;
  return {
    ok: true,
    from: 'parsed',
    stale: checked.why,
    written,
    indexPath,
    kb: () => kb,
    triage: () => triage,
  };
}

/** The index file that was checked: a part read later must come from it, not a newer one. */
interface Identity {
  indexPath: string;
  ino: number;
  size: number;
  mtimeMs: number;
  entriesAt: number;
}

type Checked =
  { ok: true; header: Header; matcher: Buffer; identity: Identity } | { ok: false; why: string };

function checkIndex(dir: string, indexPath: string): Checked {
  const read = readHead(indexPath);
  if (!read.ok) return read;
  const { header } = read;
  if (header.format !== INDEX_FORMAT)
    return { ok: false, why: `format ${header.format}; this mqtt-why reads ${INDEX_FORMAT}` };
  if (header.v8 !== process.versions.v8)
    return { ok: false, why: `written by another Node.js (V8 ${header.v8})` };
  if (header.code !== codeFingerprint())
    return { ok: false, why: 'written by another version of the parser or matcher' };
  let files: string[];
  try {
    files = entryPaths(dir);
  } catch (err) {
    return { ok: false, why: `cannot list the KB: ${(err as Error).message}` };
  }
  const listed = new Set(header.entries.map((s) => s.path));
  const added = files.find((f) => !listed.has(f));
  if (added) return { ok: false, why: `${added} is new` };
  if (files.length !== listed.size) {
    const present = new Set(files);
    return { ok: false, why: `${[...listed].find((f) => !present.has(f))} is gone` };
  }
  for (const stamp of header.entries)
    if (!sameFile(path.join(dir, stamp.path), stamp, header.writtenAt))
      return { ok: false, why: `${stamp.path} changed` };
  const root = path.dirname(path.resolve(dir));
  for (const stamp of header.cited)
    if (!sameFile(path.join(root, stamp.path), stamp, header.writtenAt))
      return { ok: false, why: `${stamp.path} (cited by an entry) changed` };
  return read;
}

/** The preamble, then the header and the matcher's sections in one read. */
function readHead(indexPath: string): Checked {
  let fd: number;
  try {
    fd = openSync(indexPath, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, why: code === 'ENOENT' ? 'no index yet' : `unreadable (${code})` };
  }
  const damaged = { ok: false as const, why: 'not an index file, or a damaged one' };
  try {
    const stat = fstatSync(fd);
    const preamble = Buffer.alloc(PREAMBLE);
    if (readSync(fd, preamble, 0, PREAMBLE, 0) !== PREAMBLE) return damaged;
    if (!preamble.subarray(0, MAGIC.length).equals(MAGIC)) return damaged;
    const headerLength = preamble.readUInt32BE(MAGIC.length);
    const matcherLength = preamble.readUInt32BE(MAGIC.length + 4);
    const matcherAt = PREAMBLE + headerLength;
    const entriesAt = matcherAt + matcherLength;
    if (entriesAt > stat.size) return damaged;
    const bytes = Buffer.allocUnsafe(headerLength + matcherLength);
    if (readSync(fd, bytes, 0, bytes.length, PREAMBLE) !== bytes.length) return damaged;
    const header = JSON.parse(bytes.subarray(0, headerLength).toString('utf8')) as Header;
    const last = header.sections.entries.at(-1);
    if (entriesAt + (last ? last[0] + last[1] : 0) !== stat.size)
      return { ok: false, why: 'the file is cut short' };
    return {
      ok: true,
      header,
      matcher: bytes.subarray(headerLength),
      identity: {
        indexPath,
        ino: stat.ino,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        entriesAt,
      },
    };
  } catch {
    return damaged;
  } finally {
    closeSync(fd);
  }
}

/** `length` bytes at `at` of the checked index file; null when that file was replaced since. */
function readAt(identity: Identity, at: number, length: number): Buffer | null {
  try {
    const fd = openSync(identity.indexPath, 'r');
    try {
      const stat = fstatSync(fd);
      if (
        stat.ino !== identity.ino ||
        stat.size !== identity.size ||
        stat.mtimeMs !== identity.mtimeMs
      )
        return null;
      const bytes = Buffer.allocUnsafe(length);
      return readSync(fd, bytes, 0, length, at) === length ? bytes : null;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** Parses the KB as `loadKnowledgeBase` does (same files, order and problems), stamping each. */
function parseKb(dir: string): { loaded: LoadResult; stamps: Stamp[] } {
  const { buildKnowledgeBase, idOf, POINT_ELSEWHERE } = loadKbLoader();
  let names: string[];
  try {
    names = entryPaths(dir, true);
  } catch (err) {
    // The same words as the loader's: what is wrong with the directory, and where to point instead.
    const { cause } = fileProblem(err, (err as NodeJS.ErrnoException).path ?? dir, 'directory');
    const message = `cannot read the KB directory: ${cause}; ${POINT_ELSEWHERE}`;
    return {
      loaded: { ok: false, problems: [{ file: dir, line: 0, severity: 'error', message }] },
      stamps: [],
    };
  }
  const stamps: Stamp[] = [];
  const unreadable: KbProblem[] = [];
  const texts = names.flatMap((name) => {
    const file = path.join(dir, name);
    const shown = path.relative(process.cwd(), file) || file;
    const { stamp, bytes, error } = stampFile(file, name);
    if (!bytes) {
      const { cause, fix } = fileProblem(error, shown, 'file');
      unreadable.push({
        file: shown,
        line: 0,
        severity: 'error',
        message: `cannot read this entry: ${cause}; ${fix}`,
      });
      return [];
    }
    stamps.push(stamp);
    return [{ file: shown, id: idOf(dir, file), text: bytes.toString('utf8') }];
  });
  if (unreadable.length > 0) return { loaded: { ok: false, problems: unreadable }, stamps };
  return { loaded: buildKnowledgeBase(dir, texts), stamps };
}

function parsedOrThrow(dir: string): { kb: KnowledgeBase; triage: Triage } {
  const { loaded } = parseKb(dir);
  if (!loaded.ok)
    throw new Error(`the knowledge base in ${dir} no longer loads: run mqtt-why kb lint`);
  return { kb: loaded.kb, triage: new (loadTriage().Triage)(loaded.kb) };
}

function writeIndex(
  indexPath: string,
  kb: KnowledgeBase,
  triage: Triage,
  entries: Stamp[],
): { ok: true } | { ok: false; reason: string } {
  // Written aside and renamed: a reader sees the old index or the new one, never half of one.
  const tmp = `${indexPath}.${process.pid}.tmp`;
  try {
    const writtenAt = Date.now();
    const root = path.dirname(path.resolve(kb.dir));
    const cited = [...new Set(kb.entries.flatMap((e) => e.reproduced.map((r) => r.testFile)))]
      .sort()
      .map((testFile) => stampFile(path.join(root, testFile), testFile).stamp);
    const index = triage.matcherIndex();
    const parts = (Object.keys(index) as MatcherPart[]).map((part) => {
      const value = index[part];
      return [part, v8.serialize(part === 'refines' ? value : storePart(value))] as const;
    });
    const entrySections = kb.entries.map((e) => v8.serialize(e));
    const sectionsOf = (buffers: Buffer[]): Section[] => {
      let offset = 0;
      return buffers.map((b) => {
        offset += b.length;
        return [offset - b.length, b.length];
      });
    };
    const matcherSections = sectionsOf(parts.map(([, b]) => b));
    const header: Header = {
      format: INDEX_FORMAT,
      v8: process.versions.v8,
      code: codeFingerprint(),
      writtenAt,
      entries,
      cited,
      sections: {
        matcher: Object.fromEntries(
          parts.map(([part], i) => [part, matcherSections[i]!]),
        ) as Record<MatcherPart, Section>,
        entries: sectionsOf(entrySections),
      },
      ids: kb.entries.map((e) => e.id),
      titles: kb.entries.map((e) => e.title),
      entryKeys: [...new Set(kb.entries.flatMap((e) => Object.keys(e)))],
    };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const matcherBytes = Buffer.concat(parts.map(([, b]) => b));
    const lengths = Buffer.alloc(8);
    lengths.writeUInt32BE(headerBytes.length, 0);
    lengths.writeUInt32BE(matcherBytes.length, 4);
    writeFileSync(
      tmp,
      Buffer.concat([MAGIC, lengths, headerBytes, matcherBytes, ...entrySections]),
    );
    renameSync(tmp, indexPath);
    return { ok: true };
  } catch (err) {
    rmSync(tmp, { force: true });
    return { ok: false, reason: (err as Error).message };
  }
}

function restoreKb(dir: string, identity: Identity, header: Header): KnowledgeBase {
  const entries = header.ids.map((id, i) =>
    lazyEntry(header.entryKeys, id, header.titles[i]!, () => {
      const e = readEntry(dir, identity, header, i);
      // Entry files are named relative to the working directory, as the loader names them.
      const file = path.join(dir, `${e.id}.md`);
      e.file = path.relative(process.cwd(), file) || file;
      return e;
    }),
  );
  return { dir, entries, byId: new Map(entries.map((e) => [e.id, e])) };
}

/** Entry `i` from the index; from its Markdown should another run have replaced the index. */
function readEntry(dir: string, identity: Identity, header: Header, i: number): KbEntry {
  const [offset, length] = header.sections.entries[i]!;
  const bytes = readAt(identity, identity.entriesAt + offset, length);
  if (bytes) return v8.deserialize(bytes) as KbEntry;
  const entry = parsedOrThrow(dir).kb.byId.get(header.ids[i]!);
  if (!entry) throw new Error(`${header.ids[i]} is no longer in the knowledge base in ${dir}`);
  return entry;
}

function restoreTriage(kb: KnowledgeBase, header: Header, matcher: Buffer): Triage {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const classes = {
    phrases: (require('../match/phrases') as typeof import('../match/phrases')).PhraseIndex,
    fuzzy: (require('../match/fuzzy') as typeof import('../match/fuzzy')).FuzzyIndex,
    symptoms: (require('../match/symptoms') as typeof import('../match/symptoms')).SymptomIndex,
    codes: (require('../match/codes') as typeof import('../match/codes')).CodeIndex,
    names: (require('../match/constant-names') as typeof import('../match/constant-names'))
      .ConstantNames,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const part = (name: MatcherPart): unknown => {
    const [offset, length] = header.sections.matcher[name];
    return v8.deserialize(matcher.subarray(offset, offset + length));
  };
  const index = { refines: part('refines') } as MatcherIndex;
  for (const name of CLASS_PARTS)
    Object.assign(index, {
      [name]: lazyInstance(classes[name] as { prototype: object }, () =>
        loadPart(part(name) as StoredPart),
      ),
    });
  return new (loadTriage().Triage)(kb, {}, index);
}

/*
 * Loaded on demand, so that a run that finds a current index loads neither the parser and lint
 * nor, until it matches something, the matcher.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const loadTriage = () => require('./triage') as typeof import('./triage');
const loadKbLoader = () => require('../kb/load') as typeof import('../kb/load');
/* eslint-enable @typescript-eslint/no-require-imports */
