/**
 * What the KB index (`./kb-index.ts`) checks on disk before it trusts itself: the KB's entry
 * files, each file's stamp (size, mtime, SHA-256), and the code that shapes an index.
 */
import { createHash } from 'crypto';
import { readFileSync, readdirSync, statSync } from 'fs';
import path from 'path';

export interface Stamp {
  /** Entry files relative to the KB directory, cited test files relative to its parent. */
  path: string;
  size: number;
  mtimeMs: number;
  /** Null for a file that did not exist (a cited test file; the lint then refused the claim). */
  sha256: string | null;
}

/** Files changed this close before the index was written may have changed within one mtime tick. */
const RACY_MS = 2000;

/**
 * The entry files' paths relative to `dir` (`<domain>/<name>.md`, any depth below the top): the
 * files `entryFiles` in src/kb/load.ts lists, in its order when `sorted` (a test holds them
 * equal). Unsorted is for checking the set, where sorting would cost more than the listing.
 */
export function entryPaths(dir: string, sorted = false): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    const items = readdirSync(rel ? path.join(dir, rel) : dir, { withFileTypes: true });
    if (sorted) items.sort((a, b) => a.name.localeCompare(b.name));
    for (const item of items) {
      const name = rel ? `${rel}/${item.name}` : item.name;
      if (item.isDirectory()) walk(name);
      else if (rel && item.name.endsWith('.md')) found.push(name);
    }
  };
  walk('');
  return found;
}

/** The file's stamp, taken before its bytes are read: a later change shows as another mtime. */
export function stampFile(
  file: string,
  name: string,
): { stamp: Stamp; bytes: Buffer | null; error?: unknown } {
  try {
    const stat = statSync(file);
    const bytes = readFileSync(file);
    return {
      stamp: { path: name, size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(bytes) },
      bytes,
    };
  } catch (error) {
    return { stamp: { path: name, size: 0, mtimeMs: 0, sha256: null }, bytes: null, error };
  }
}

/**
 * The file is as stamped: same size and mtime (unless it changed just before the stamp was
 * written, within one tick of a coarse clock), else the same content.
 */
export function sameFile(file: string, stamp: Stamp, writtenAt: number): boolean {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return stamp.sha256 === null;
  }
  if (stamp.sha256 === null || stat.size !== stamp.size) return false;
  const racy = stamp.mtimeMs >= writtenAt - RACY_MS;
  if (!racy && stat.mtimeMs === stamp.mtimeMs) return true;
  try {
    return sha256(readFileSync(file)) === stamp.sha256;
  } catch {
    return false;
  }
}

/** Hex SHA-256 of a file's bytes: how the index knows a KB file changed since it was built. */
export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let fingerprint: string | null = null;

/**
 * The code that shapes an index: the KB parser, the matcher and the index itself, as they run
 * now (the compiled `.js`, or the `.ts` under ts-jest). An index another build wrote is not
 * trusted: its data would not fit the classes it is given back to.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const ext = path.extname(__filename);
  const src = path.join(__dirname, '..');
  // Everything the parsed KB and the matcher's indexes depend on: their code decides the index.
  const files = ['kb', 'match', 'common'].flatMap((d) =>
    readdirSync(path.join(src, d))
      .filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`))
      .sort()
      .map((f) => `${d}/${f}`),
  );
  const core = ['kb-index', 'kb-index-files', 'kb-index-parts', 'triage'];
  const hash = createHash('sha256');
  for (const f of [...files, ...core.map((c) => `core/${c}${ext}`)])
    hash.update(`${f}\n`).update(readFileSync(path.join(src, f)));
  fingerprint = hash.digest('hex').slice(0, 32);
  return fingerprint;
}
