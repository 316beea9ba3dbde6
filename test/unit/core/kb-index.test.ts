import { promises as fs, readFileSync, statSync, utimesSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import v8 from 'v8';
import { DEFAULT_KB_DIR } from '../../../src/config';
import { INDEX_FILE, INDEX_FORMAT, openKnowledgeBase } from '../../../src/core/kb-index';
import { entryPaths } from '../../../src/core/kb-index-files';
import { LazyMap } from '../../../src/core/kb-index-parts';
import { Triage } from '../../../src/core/triage';
import { entryFiles, loadKnowledgeBase } from '../../../src/kb/load';
import { answerJson } from '../../../src/render/json';
import { tempKb } from '../../helpers/cli-run';
import { entryText } from '../../helpers/entry-text';
import { SMALL_KB_SPECS } from '../../helpers/small-kb';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');

function opened(dir: string, opts: Parameters<typeof openKnowledgeBase>[1] = { write: true }) {
  const o = openKnowledgeBase(dir, opts);
  if (!o.ok) throw new Error(JSON.stringify(o.problems));
  return o;
}

async function copyOfRealKb(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-why-kb-'));
  await fs.cp(DEFAULT_KB_DIR, dir, {
    recursive: true,
    filter: (src) => !path.basename(src).startsWith(INDEX_FILE),
  });
  return dir;
}

describe('the KB index of the real KB', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyOfRealKb();
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('answers every labelled case exactly as the KB parsed afresh does', async () => {
    const first = opened(dir);
    expect(first.from).toBe('parsed');
    expect(first.written).toEqual({ ok: true });
    const fromIndex = opened(dir);
    expect(fromIndex).toMatchObject({ from: 'index', stale: null });
    const loaded = await loadKnowledgeBase(dir);
    if (!loaded.ok) throw new Error('the real KB does not load');
    const fresh = new Triage(loaded.kb);
    const texts = ['tune.jsonl', 'test.jsonl'].flatMap((f) =>
      readFileSync(path.join(CORPUS, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { text: string }).text),
    );
    texts.push(
      '0x02',
      'CONNACK 134',
      'two devices keep kicking each other off',
      'Conection refusd: not authorised',
    );
    expect(texts.length).toBeGreaterThan(300);
    for (const text of texts)
      expect(answerJson(fromIndex.triage().triage(text))).toEqual(answerJson(fresh.triage(text)));
  });

  it('triages a code or a name typed alone without reading entries it does not show', () => {
    // An entry read from the index holds its fields behind getters until first use.
    const read = (o: ReturnType<typeof opened>): string[] =>
      o
        .kb()
        .entries.filter((e) => 'value' in Object.getOwnPropertyDescriptor(e, 'signals')!)
        .map((e) => e.id);
    for (const typed of ['0x02', 'rc=5', 'mqtt err conn lost', 'session taken over']) {
      const fromIndex = opened(dir);
      expect(fromIndex.from).toBe('index');
      expect(read(fromIndex)).toEqual([]);
      const answer = fromIndex.triage().triage(typed);
      expect(answer.matches.length).toBeGreaterThan(0);
      // The card shows the first entry in full; the runner-ups by id and title alone.
      expect(read(fromIndex).length).toBeLessThanOrEqual(1);
    }
  });

  it("gives back whole entries: every field, in the parser's order", async () => {
    const loaded = await loadKnowledgeBase(dir);
    if (!loaded.ok) throw new Error('the real KB does not load');
    const kb = opened(dir).kb();
    expect(kb.entries.map((e) => e.id)).toEqual(loaded.kb.entries.map((e) => e.id));
    for (const [i, e] of kb.entries.entries()) {
      expect(JSON.stringify(e)).toBe(JSON.stringify(loaded.kb.entries[i]));
      expect({ ...e }).toEqual(loaded.kb.entries[i]);
    }
  });
});

describe('when the index is used', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempKb();
    opened(dir);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));
  const entry = () => path.join(dir, 't/not-authorized.md');

  it('is used while the files are as they were, even touched', () => {
    expect(opened(dir).from).toBe('index');
    const later = new Date(Date.now() + 60_000);
    utimesSync(entry(), later, later);
    expect(opened(dir).from).toBe('index');
  });

  it('is not used, and is rewritten, once an entry changes, appears or goes', async () => {
    writeFileSync(entry(), readFileSync(entry(), 'utf8').replace('Title of', 'Renamed'));
    const changed = opened(dir);
    expect(changed).toMatchObject({ from: 'parsed', stale: 't/not-authorized.md changed' });
    expect(changed.triage().find('t/not-authorized')?.title).toMatch(/^Renamed/);
    expect(opened(dir).from).toBe('index');

    const spec = SMALL_KB_SPECS[0]!;
    await fs.writeFile(path.join(dir, 't/copy.md'), entryText({ ...spec, id: 't/copy' }));
    expect(opened(dir).stale).toBe('t/copy.md is new');
    await fs.rm(path.join(dir, 't/copy.md'));
    expect(opened(dir).stale).toBe('t/copy.md is gone');
  });

  it('catches an edit of the same size that kept the old mtime, made just before the index', () => {
    const before = statSync(entry());
    const text = readFileSync(entry(), 'utf8');
    writeFileSync(entry(), text.replace('Title of', 'Tytle of'));
    utimesSync(entry(), before.atime, before.mtime);
    expect(statSync(entry()).size).toBe(before.size);
    expect(opened(dir).stale).toBe('t/not-authorized.md changed');
  });

  it('is not used when damaged, cut short, or written by other code or another format', () => {
    const file = path.join(dir, INDEX_FILE);
    const good = readFileSync(file);
    const variants: [Buffer, RegExp][] = [
      [Buffer.from('not an index'), /not an index file/],
      [good.subarray(0, good.length - 10), /cut short/],
      [
        Buffer.from(good.toString('latin1').replace(/"code":"[0-9a-f]/, '"code":"x'), 'latin1'),
        /another version/,
      ],
      [
        Buffer.from(
          good.toString('latin1').replace(`"format":${INDEX_FORMAT}`, '"format":9'),
          'latin1',
        ),
        /format 9/,
      ],
    ];
    for (const [bytes, why] of variants) {
      writeFileSync(file, bytes);
      const o = opened(dir);
      expect(o.from).toBe('parsed');
      expect(o.stale).toMatch(why);
      expect(o.triage().triage('0x87').matches[0]?.id).toBe('t/not-authorized');
    }
  });

  it('says why it could not be written, and the KB is parsed each time', async () => {
    await fs.rm(path.join(dir, INDEX_FILE));
    await fs.mkdir(path.join(dir, INDEX_FILE, 'in-the-way'), { recursive: true });
    const o = opened(dir);
    expect(o.from).toBe('parsed');
    expect(o.written).toMatchObject({ ok: false, reason: expect.any(String) });
    expect(o.triage().triage('0x87').matches[0]?.id).toBe('t/not-authorized');
  });

  it('reports a broken KB with the problems a plain load reports', async () => {
    writeFileSync(entry(), 'no heading, no sections\n');
    const o = openKnowledgeBase(dir, { write: true });
    const loaded = await loadKnowledgeBase(dir);
    expect(o.ok).toBe(false);
    expect(loaded.ok).toBe(false);
    if (!o.ok && !loaded.ok) expect(o.problems).toEqual(loaded.problems);
  });
});

describe('entryPaths', () => {
  it('lists the files the loader reads, in its order when sorted', async () => {
    const dir = await tempKb();
    try {
      await fs.mkdir(path.join(dir, 'a/deeper'), { recursive: true });
      await fs.writeFile(path.join(dir, 'a/deeper/x.md'), '');
      await fs.writeFile(path.join(dir, 'a/notes.txt'), '');
      await fs.writeFile(path.join(dir, 'README.md'), '');
      for (const d of [dir, DEFAULT_KB_DIR]) {
        const loaderOrder = (await entryFiles(d)).map((f) =>
          path.relative(d, f).split(path.sep).join('/'),
        );
        expect(entryPaths(d, true)).toEqual(loaderOrder);
        expect(new Set(entryPaths(d))).toEqual(new Set(loaderOrder));
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('LazyMap', () => {
  const stored = (entries: [string, unknown][]) => {
    const values = entries.map(([, v]) => v8.serialize(v));
    let end = 0;
    return new LazyMap<string, unknown>(
      entries.map(([k]) => k),
      Buffer.concat(values),
      Uint32Array.from(values, (b) => (end += b.length)),
    );
  };

  it('behaves as the Map it was stored from', () => {
    const source = new Map<string, unknown>([
      ['a', [1, 2]],
      ['b', { x: 1 }],
      ['c', [3]],
    ]);
    const m = stored([...source]);
    expect(m.size).toBe(3);
    expect(m.has('b')).toBe(true);
    expect(m.has('z')).toBe(false);
    expect(m.get('c')).toEqual([3]);
    expect(m.get('z')).toBeUndefined();
    expect([...m]).toEqual([...source]);
    m.set('d', 4);
    m.delete('a');
    expect([...m.keys()]).toEqual(['b', 'c', 'd']);
    expect(m.size).toBe(3);
    const n = stored([...source]);
    n.delete('b');
    expect(n.size).toBe(2);
    expect(new Map(n)).toEqual(new Map([...source].filter(([k]) => k !== 'b')));
  });
});
