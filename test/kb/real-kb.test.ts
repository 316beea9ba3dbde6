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

describe('matcher accuracy on the labelled corpus (floors, not timings)', () => {
  // The targets: top-1 >= 90%, top-3 >= 97%, answered >= 90%, negatives >= 95%.
  const FLOORS = { top1: 0.9, top3: 0.97, answered: 0.9, negatives: 0.95 };

  it('stays above its floors for top-1, top-3, answered positives and abstained negatives', async () => {
    const cases = parseCorpus(await fs.readFile(path.join(FIXTURES, 'corpus/labelled.jsonl'), 'utf8'));
    expect(cases.filter((c) => c.expect !== null).length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => c.expect === null).length).toBeGreaterThanOrEqual(40);
    const acc = measure(new Matcher(kb), cases);
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
    const cases = parseCorpus(await fs.readFile(path.join(FIXTURES, 'corpus/labelled.jsonl'), 'utf8'));
    const ids = (await fs.readFile(path.join(FIXTURES, 'kb-taxonomy-ids.txt'), 'utf8')).trim().split('\n');
    expect(ids.filter((id) => !cases.some((c) => c.expect === id))).toEqual([]);
  });
});
