/** Reads every entry below a KB directory, parses and lints it, and builds the KB. */
import { existsSync, readFileSync, promises as fs } from 'fs';
import path from 'path';
import { fileProblem } from '../common/file-errors';
import { KbEntry, KbProblem } from './entry';
import { lintAcross, lintEntry, lintReproduced } from './lint';
import { parseEntry } from './parse';

export interface KnowledgeBase {
  dir: string;
  entries: KbEntry[];
  byId: Map<string, KbEntry>;
}

export type LoadResult =
  | { ok: true; kb: KnowledgeBase; warnings: KbProblem[] }
  | { ok: false; problems: KbProblem[] };

/** Entry files live one folder down (kb/<domain>/<name>.md); kb/README.md documents the format. */
export async function entryFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    const items = await fs.readdir(d, { withFileTypes: true });
    for (const item of items.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, item.name);
      if (item.isDirectory()) await walk(full, depth + 1);
      else if (depth > 0 && item.name.endsWith('.md')) found.push(full);
    }
  };
  await walk(dir, 0);
  return found;
}

/** An entry's id is its path below the KB directory without `.md`. */
export function idOf(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/').replace(/\.md$/, '');
}

/** Builds a KB from in-memory files: what the loader, the linter and the benchmarks share. */
export function buildKnowledgeBase(
  dir: string,
  files: { file: string; id: string; text: string }[],
): LoadResult {
  const problems: KbProblem[] = [];
  const entries: KbEntry[] = [];
  for (const f of files) {
    const parsed = parseEntry(f.text, f.file, f.id);
    problems.push(...parsed.problems);
    if (parsed.entry) {
      problems.push(...lintEntry(parsed.entry, f.text));
      entries.push(parsed.entry);
    }
  }
  problems.push(
    ...lintAcross(
      entries,
      files.map((f) => f.id),
    ),
  );
  // Cited tests live in the repository that holds the KB directory (kb/..). A KB without its
  // repository (the Docker image, a copy) has no tests to check against: the lint that holds
  // them together runs in the checkout (npm test, kb lint there).
  const root = path.dirname(path.resolve(dir));
  if (existsSync(path.join(root, 'test')))
    problems.push(
    ...lintReproduced(entries, (testFile) => {
      try {
        return readFileSync(path.join(root, testFile), 'utf8');
      } catch {
        return null;
      }
    }),
  );
  if (files.length === 0)
    problems.push({
      file: dir,
      line: 0,
      severity: 'error',
      message: `no entries found: a KB holds one Markdown file per condition, ${path.join(dir, '<domain>/<name>.md')} (kb/README.md is the format); ${POINT_ELSEWHERE}`,
    });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return { ok: false, problems };
  const byId = new Map(entries.map((e) => [e.id, e]));
  return { ok: true, kb: { dir, entries, byId }, warnings: problems };
}

/** Reads, parses and lints every entry below `dir`; refuses the whole KB on any error. */
export async function loadKnowledgeBase(dir: string): Promise<LoadResult> {
  let files: string[];
  try {
    files = await entryFiles(dir);
  } catch (err) {
    const { cause } = fileProblem(err, (err as NodeJS.ErrnoException).path ?? dir, 'directory');
    const message = `cannot read the KB directory: ${cause}; ${POINT_ELSEWHERE}`;
    return { ok: false, problems: [{ file: dir, line: 0, severity: 'error', message }] };
  }
  const unreadable: KbProblem[] = [];
  const texts = await Promise.all(
    files.map(async (file) => {
      const shown = path.relative(process.cwd(), file) || file;
      try {
        return { file: shown, id: idOf(dir, file), text: await fs.readFile(file, 'utf8') };
      } catch (err) {
        const { cause, fix } = fileProblem(err, shown, 'file');
        unreadable.push({
          file: shown,
          line: 0,
          severity: 'error',
          message: `cannot read this entry: ${cause}; ${fix}`,
        });
        return null;
      }
    }),
  );
  if (unreadable.length > 0) return { ok: false, problems: unreadable };
  return buildKnowledgeBase(
    dir,
    texts.filter((t) => t !== null),
  );
}

/** The next step when the KB directory itself is the problem. */
export const POINT_ELSEWHERE =
  'point MQTT_WHY_KB_DIR (or --kb) at a KB directory, e.g. MQTT_WHY_KB_DIR=./kb, or unset it for the packaged KB';
