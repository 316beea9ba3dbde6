/**
 * The layering ARCHITECTURE.md describes, checked on the code: no two folders import each other,
 * and no import cycle between files (eslint's no-restricted-imports covers what a folder may
 * import; this covers what no per-folder rule can see).
 */
import { readFileSync, readdirSync } from 'fs';
import path from 'path';

const ROOT = path.join(__dirname, '../..');
const IMPORT = /^(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm;

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = path.join(dir, d.name);
    if (d.isDirectory()) return sources(rel);
    return d.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Every file's relative imports, resolved to repository paths (`src/match/phrases.ts`). */
function imports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sources('src'), ...sources('jobs')]) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map(
      (m) => path.join(path.dirname(file), m[1]!) + '.ts',
    );
    graph.set(file, targets);
  }
  return graph;
}

const folderOf = (file: string): string => {
  const parts = file.split(path.sep);
  return parts[0] === 'jobs' ? 'jobs' : parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
};

describe('the layering', () => {
  const graph = imports();

  it('has no two folders importing each other', () => {
    const edges = new Set<string>();
    for (const [file, targets] of graph)
      for (const t of targets)
        if (folderOf(file) !== folderOf(t)) edges.add(`${folderOf(file)} -> ${folderOf(t)}`);
    const both = [...edges].filter((e) => {
      const [a, b] = e.split(' -> ');
      return a! < b! && edges.has(`${b} -> ${a}`);
    });
    expect(both).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const t of graph.get(file) ?? []) if (graph.has(t)) visit(t, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
