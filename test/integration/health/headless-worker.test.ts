import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import path from 'path';
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { HealthStore } from '../../../src/state/health-store';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { freePort, startMosquitto, tempDir } from '../../helpers/brokers';

const WORKER_JS = path.join(__dirname, '../../../dist/src/apps/worker.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('npm run worker without Slack', () => {
  it('runs the health checks, records them for the web UI and logs the alert and the recovery', async () => {
    const prefix = `test-${randomUUID()}:`;
    const port = await freePort();
    const dir = await tempDir('mqtt-why-worker-');
    await fs.writeFile(
      path.join(dir, 'brokers.yml'),
      [
        'brokers:',
        '  - name: plant',
        `    url: mqtt://127.0.0.1:${port}`,
        '    health:',
        '      every: 1s',
        '      fail_after: 1',
        '      recover_after: 1',
        '      steps: [dns, tcp, connect]',
      ].join('\n'),
    );
    const redis = new Redis(REDIS_URL);
    let child: ChildProcess | null = null;
    let broker = null;
    try {
      child = spawn(process.execPath, [WORKER_JS], {
        env: {
          PATH: process.env.PATH ?? '',
          REDIS_URL,
          REDIS_PREFIX: prefix,
          BROKERS_FILE: path.join(dir, 'brokers.yml'),
          PROBE_TIMEOUT_MS: '1000',
        },
      });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      const until = async (what: RegExp, ms = 10_000) => {
        for (const end = Date.now() + ms; Date.now() < end; await sleep(50))
          if (what.test(out)) return;
        throw new Error(`no ${what} in worker output:\n${out}`);
      };
      await until(/probe worker started without Slack/);
      await until(/plant is DOWN — tcp failed/);
      broker = await startMosquitto(['allow_anonymous true'], {}, port);
      await until(/plant is UP again after/);
      const store = new HealthStore({ redis, prefix });
      const events = await store.events('plant');
      expect(events.ok && events.value.map((e) => e.to)).toEqual(['UP', 'DOWN']);
      const down = events.ok ? events.value[1]! : null;
      expect(down?.step).toBe('tcp');
      expect(down?.kbIds.length).toBeGreaterThan(0);
      const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      child = null;
    } finally {
      child?.kill('SIGKILL');
      await broker?.stop();
      redis.disconnect();
      await deleteKeys(prefix);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
