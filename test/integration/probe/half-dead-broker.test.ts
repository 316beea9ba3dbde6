/**
 * Issue 12, finding 2: a broker that accepts CONNECT and then never answers SUBSCRIBE used to
 * leave "Probing…" in the thread forever and keep SIGTERM from finishing. Here a real worker
 * process probes such a broker (aedes that never calls back on subscribe).
 */
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import path from 'path';
import { bullPrefixFor } from '../../../src/apps/probe-worker';
import { ProbeQueue } from '../../../jobs/probe-queue';
import { FakeSlack } from '../../helpers/fake-slack';
import { RunningBroker, startAedes, tempDir } from '../../helpers/brokers';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { recordOutages } from '../../helpers/outages';

const WORKER_JS = path.join(__dirname, '../../../dist/src/apps/worker.js');

describe('a worker probing a broker that answers CONNECT and then goes silent', () => {
  let fake: FakeSlack;
  let broker: RunningBroker;
  let dir: string;
  let prefix: string;
  let queue: ProbeQueue;
  let child: ChildProcess | null = null;

  const startWorker = async (env: Record<string, string>) => {
    const brokersFile = path.join(dir, 'brokers.yml');
    await fs.writeFile(
      brokersFile,
      `brokers:\n  - name: halfdead\n    url: mqtt://127.0.0.1:${broker.port}\n    protocol: '3.1.1'\n`,
    );
    child = spawn(process.execPath, [WORKER_JS], {
      env: {
        ...process.env,
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: fake.apiUrl,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        BROKERS_FILE: brokersFile,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: 'ignore',
    });
  };
  const enqueue = () =>
    queue.enqueue({
      target: { broker: 'halfdead' },
      where: { team: 'T', channel: 'C1', threadTs: '1700000000.000100' },
      cardEntryId: null,
      takeover: false,
    });

  beforeEach(async () => {
    fake = new FakeSlack();
    await fake.start();
    broker = await startAedes(0, 'silent-subscribe');
    dir = await tempDir('mqtt-why-halfdead-');
    prefix = `test-${randomUUID()}:`;
    queue = new ProbeQueue({ redisUrl: REDIS_URL, prefix: bullPrefixFor(prefix) }, recordOutages());
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = null;
    await queue.queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await deleteKeys(prefix);
    await broker.stop();
    await fake.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('replaces "Probing…" with the finding: no SUBACK, operation timeout', async () => {
    await startWorker({ PROBE_TIMEOUT_MS: '800' });
    await enqueue();
    const final = (c: { method: string; args: Record<string, unknown> }) =>
      c.method === 'chat.update' && JSON.stringify(c.args).includes('Re-probe');
    await fake.waitFor((calls) => calls.some(final), 20_000);
    const text = JSON.stringify(fake.calls.find(final)!.args);
    expect(text).toContain('no SUBACK');
    expect(text).toContain('communication/mqtt-operation-timeout');
  }, 30_000);

  it('finishes SIGTERM within its grace while a probe is stuck in flight', async () => {
    // A long step timeout keeps the probe waiting on the silent broker when SIGTERM arrives.
    await startWorker({ PROBE_TIMEOUT_MS: '60000', SHUTDOWN_GRACE_MS: '1500' });
    await enqueue();
    await fake.waitFor(() => fake.callsTo('chat.postMessage').length === 1, 15_000);
    // Connected and subscribed by now; the SUBACK will never come.
    await new Promise((r) => setTimeout(r, 500));
    const exited = new Promise<number | null>((resolve) =>
      child!.once('exit', (code) => resolve(code)),
    );
    const sent = Date.now();
    child!.kill('SIGTERM');
    const code = await exited;
    child = null;
    expect(code).toBe(0);
    // The grace is 1.5 s; the bound is generous for a loaded machine, far below the 60 s wait.
    expect(Date.now() - sent).toBeLessThan(15_000);
  }, 40_000);
});
