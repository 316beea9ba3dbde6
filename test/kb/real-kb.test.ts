import { promises as fs } from 'fs';
import path from 'path';
import { DEFAULT_KB_DIR } from '../../src/config';
import { KnowledgeBase, loadKnowledgeBase } from '../../src/kb/load';
import { Matcher } from '../../src/match/matcher';
import { measure, parseCorpus, rate, summary } from '../../bench/accuracy';

const FIXTURES = path.join(__dirname, '../fixtures');
let kb: KnowledgeBase;

beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  kb = loaded.kb;
});

describe('the knowledge base in kb/', () => {
  it('has an entry for every id of the taxonomy', async () => {
    const ids = (await fs.readFile(path.join(FIXTURES, 'kb-taxonomy-ids.txt'), 'utf8')).trim().split('\n');
    const missing = ids.filter((id) => !kb.byId.has(id));
    expect(missing).toEqual([]);
  });

  it('has an entry for every id of the delivery taxonomy', async () => {
    const ids = (await fs.readFile(path.join(FIXTURES, 'kb-taxonomy-delivery-ids.txt'), 'utf8')).trim().split('\n');
    expect(ids.filter((id) => !kb.byId.has(id))).toEqual([]);
    expect(kb.entries.length).toBeGreaterThanOrEqual(56);
  });

  it.each([
    ['kb-taxonomy.md', 'kb-taxonomy-ids.txt'],
    ['kb-taxonomy-delivery.md', 'kb-taxonomy-delivery-ids.txt'],
  ])('keeps its copy of the ids in step with shared/%s', async (sharedFile, fixture) => {
    const shared = await fs.readFile(path.join(__dirname, '../../../shared', sharedFile), 'utf8').catch(() => null);
    if (shared === null) return; // only a checkout with shared/ beside it can compare
    const ids = [...new Set(shared.match(/communication\/[a-z0-9-]+/g))].sort();
    const copy = (await fs.readFile(path.join(FIXTURES, fixture), 'utf8')).trim().split('\n');
    expect(copy).toEqual(ids);
  });

  it('writes no percentage without a named source', () => {
    for (const e of kb.entries) {
      const sourced = e.references.some((r) => r.startsWith('Figures:'));
      if (sourced) continue;
      expect({ id: e.id, fixRate: e.fixRate }).toEqual({ id: e.id, fixRate: '—' });
      expect(e.workarounds.filter((w) => w.successPercent !== undefined)).toEqual([]);
    }
  });

  it('gives every entry at least two workarounds, a dead end, a reference and signals', () => {
    for (const e of kb.entries) {
      expect({ id: e.id, ok: e.workarounds.length >= 2 && e.deadEnds.length >= 1 && e.references.length >= 1 }).toEqual({ id: e.id, ok: true });
      expect({ id: e.id, signals: e.signals.length + e.codes.length > 0 }).toEqual({ id: e.id, signals: true });
    }
  });
});

describe('the labelled corpus (test/fixtures/corpus)', () => {
  const read = async (split: 'tune' | 'test') =>
    parseCorpus(await fs.readFile(path.join(FIXTURES, `corpus/${split}.jsonl`), 'utf8'));

  it('holds at least 800 real positives and 150 real negatives, each with its source, split by thread', async () => {
    const tune = await read('tune');
    const test = await read('test');
    const all = [...tune, ...test];
    expect(all.filter((c) => c.expect !== null).length).toBeGreaterThanOrEqual(800);
    expect(all.filter((c) => c.expect === null).length).toBeGreaterThanOrEqual(150);
    expect(test.length / all.length).toBeGreaterThanOrEqual(0.4);
    expect(all.filter((c) => !c.source)).toEqual([]);
    const threads = (cases: typeof all) => new Set(cases.map((c) => c.thread ?? c.source));
    const inTune = threads(tune);
    expect([...threads(test)].filter((t) => inTune.has(t))).toEqual([]);
    expect(all.filter((c) => c.expect !== null && !kb.byId.has(c.expect)).map((c) => c.expect)).toEqual([]);
  });

  // Floors on the held-out split: what the matcher reaches on threads nobody tuned on (issue 10
  // targets 95 / 99 / 95 / 98; the floors sit just under what it reaches today, so a regression fails).
  const FLOORS = { top1: 0.65, top3: 0.8, answered: 0.49, negatives: 0.87 };

  it('stays above its floors on the test split', async () => {
    const acc = measure(new Matcher(kb), await read('test'));
    const measured = {
      top1: rate(acc.top1, acc.positives),
      top3: rate(acc.top3, acc.positives),
      answered: rate(acc.answered, acc.positives),
      negatives: rate(acc.abstainedNegatives, acc.negatives),
    };
    const below = Object.entries(FLOORS).filter(([k, floor]) => measured[k as keyof typeof FLOORS] < floor);
    expect({ summary: summary(acc), below }).toEqual({ summary: summary(acc), below: [] });
  });

  it('covers every taxonomy id with at least one labelled case', async () => {
    const cases = [...(await read('tune')), ...(await read('test'))];
    const ids = (await fs.readFile(path.join(FIXTURES, 'kb-taxonomy-ids.txt'), 'utf8')).trim().split('\n');
    expect(ids.filter((id) => !cases.some((c) => c.expect === id))).toEqual([]);
  });
});
