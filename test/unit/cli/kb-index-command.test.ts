import { existsSync, promises as fs } from 'fs';
import path from 'path';
import { INDEX_FILE } from '../../../src/core/kb-index';
import { runCli, tempKb } from '../../helpers/cli-run';
import { SMALL_KB_SPECS } from '../../helpers/small-kb';

let kb: string;
beforeEach(async () => {
  kb = await tempKb();
});
afterEach(() => fs.rm(kb, { recursive: true, force: true }));

describe('mqtt-why kb index', () => {
  it('writes the index of a KB without one, then says it is current', async () => {
    const first = await runCli(['--kb', kb, 'kb', 'index']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `wrote ${path.join(kb, INDEX_FILE)} (${SMALL_KB_SPECS.length} entries; was: no index yet)`,
    );
    const again = await runCli(['--kb', kb, 'kb', 'index']);
    expect(again.stdout).toContain(`is current (${SMALL_KB_SPECS.length} entries)`);
  });

  it('exits 1 and says why when the index cannot be written', async () => {
    await fs.mkdir(path.join(kb, INDEX_FILE, 'in-the-way'), { recursive: true });
    const r = await runCli(['--kb', kb, 'kb', 'index']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not write .*every run parses the KB/);
  });
});

describe('the other commands and the index', () => {
  it('answer the same from the index as from the parsed KB, and a triage writes the index', async () => {
    const parsed = await runCli(['--kb', kb, '--json', 'CONNACK 134']);
    expect(existsSync(path.join(kb, INDEX_FILE))).toBe(true);
    const indexed = await runCli(['--kb', kb, '--json', 'CONNACK 134']);
    expect(indexed).toEqual(parsed);
    expect((await runCli(['--kb', kb, 'show', 'bad-credentials'])).stdout).toContain(
      'Title of t/bad-credentials',
    );
    // A header line, then one line per entry.
    expect((await runCli(['--kb', kb, 'kb', 'list'])).stdout.trim().split('\n')).toHaveLength(
      SMALL_KB_SPECS.length + 1,
    );
  });

  it('kb lint parses every file and leaves no index behind', async () => {
    expect((await runCli(['--kb', kb, 'kb', 'lint'])).code).toBe(0);
    expect(existsSync(path.join(kb, INDEX_FILE))).toBe(false);
  });
});
