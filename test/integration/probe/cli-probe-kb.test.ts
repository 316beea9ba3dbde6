import { promises as fs } from 'fs';
import path from 'path';
import { INDEX_FILE } from '../../../src/core/kb-index';
import { runCli, tempKb } from '../../helpers/cli-run';
import { RunningBroker, freePort, startMosquitto } from '../../helpers/brokers';

let broker: RunningBroker;
let kb: string;
beforeAll(async () => {
  broker = await startMosquitto(['allow_anonymous true']);
});
afterAll(() => broker.stop());
beforeEach(async () => {
  kb = await tempKb();
});
afterEach(() => fs.rm(kb, { recursive: true, force: true }));

describe('mqtt-why probe and the KB', () => {
  it('opens the KB only to explain a failure: a healthy probe writes no index', async () => {
    const r = await runCli(['--kb', kb, 'probe', `mqtt://127.0.0.1:${broker.port}`, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, diagnosis: [] });
    await expect(fs.stat(path.join(kb, INDEX_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('explains a failed step from the KB, through its index', async () => {
    const r = await runCli(['--kb', kb, 'probe', `mqtt://127.0.0.1:${await freePort()}`, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnosis[0]).toBe('t/connection-refused');
    await fs.stat(path.join(kb, INDEX_FILE));
  });

  it('with a broken KB: a healthy probe still answers; a failed one is shown, then the KB errors, exit 2', async () => {
    await fs.writeFile(path.join(kb, 't/not-authorized.md'), 'no heading, no sections\n');
    const healthy = await runCli([
      '--kb',
      kb,
      'probe',
      `mqtt://127.0.0.1:${broker.port}`,
      '--json',
    ]);
    expect(healthy.code).toBe(0);
    const failed = await runCli([
      '--kb',
      kb,
      'probe',
      `mqtt://127.0.0.1:${await freePort()}`,
      '--json',
    ]);
    expect(failed.code).toBe(2);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, diagnosis: [] });
    expect(failed.stderr).toMatch(/cannot use the knowledge base in .*:/);
    expect(failed.stderr).toContain('t/not-authorized.md');
  });
});
