import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import path from 'path';
import Redis from 'ioredis';
import type { Worker } from 'bullmq';
import { Triage } from '../../../src/core/triage';
import { createLogger } from '../../../src/log';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { DEFAULT_KB_DIR, readWorkerConfig } from '../../../src/config';
import { createSlackProbeReporter } from '../../../src/chat/slack/probe-reporter';
import { bullPrefixFor, startProbeWorker } from '../../../src/apps/probe-worker';
import { ProbeQueue } from '../../../jobs/probe-queue';
import { FakeSlack } from '../../helpers/fake-slack';
import { brokerConfig } from '../../helpers/broker-config';
import { startSilentListener, tempDir } from '../../helpers/brokers';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { recordOutages } from '../../helpers/outages';

const WORKER_JS = path.join(__dirname, '../../../dist/src/apps/worker.js');

describe('a probe worker killed with SIGKILL mid-probe', () => {
  it('leaves the job to another worker, which finishes it and reports once', async () => {
    const fake = new FakeSlack();
    await fake.start();
    const silent = await startSilentListener();
    const dir = await tempDir('mqtt-why-kill-');
    const prefix = `test-${randomUUID()}:`;
    const brokersFile = path.join(dir, 'brokers.yml');
    await fs.writeFile(
      brokersFile,
      `brokers:\n  - name: slow\n    url: mqtt://127.0.0.1:${silent.port}\n    protocol: '3.1.1'\n`,
    );
    const env = {
      ...process.env,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: fake.apiUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      BROKERS_FILE: brokersFile,
      PROBE_TIMEOUT_MS: '2500',
      WORKER_LOCK_MS: '1500',
      WORKER_STALLED_CHECK_MS: '1000',
      LOG_LEVEL: 'warn',
    };
    let child: ChildProcess | null = spawn(process.execPath, [WORKER_JS], { env, stdio: 'ignore' });
    const queue = new ProbeQueue(
      { redisUrl: REDIS_URL, prefix: bullPrefixFor(prefix) },
      recordOutages(),
    );
    const redis = new Redis(REDIS_URL);
    let rescuer: Worker | null = null;
    try {
      const job = await queue.enqueue({
        target: { broker: 'slow' },
        where: { team: 'T', channel: 'C1', threadTs: '1700000000.000100' },
        cardEntryId: null,
        takeover: false,
      });
      // Mid-probe: the first worker posted "probing slow..." and recorded it with the job, and the
      // connect step now waits on a listener that never answers.
      await fake.waitFor(() => fake.callsTo('chat.postMessage').length === 1, 15_000);
      for (let i = 0; i < 100; i++) {
        const data = (await queue.queue.getJob(job.id!))?.data as
          { messageRef?: string } | undefined;
        if (data?.messageRef) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      child = null;

      const read = readWorkerConfig(env);
      if (!read.ok) throw new Error(read.problems.join('; '));
      const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
      if (!loaded.ok) throw new Error('KB does not load');
      const logger = createLogger('warn');
      rescuer = startProbeWorker({
        redisUrl: REDIS_URL,
        bullPrefix: bullPrefixFor(prefix),
        stateRedis: redis,
        statePrefix: prefix,
        brokers: [brokerConfig('slow', silent.port)],
        triage: new Triage(loaded.kb),
        reporter: createSlackProbeReporter({
          token: fake.botToken,
          slackApiUrl: fake.apiUrl,
          kb: loaded.kb,
          logger,
          retries: 0,
        }),
        logger,
        settings: read.config.probes,
      });
      const final = (c: { method: string; args: Record<string, unknown> }) =>
        c.method === 'chat.update' && JSON.stringify(c.args).includes('Re-probe');
      await fake.waitFor((calls) => calls.some(final), 30_000);
      await new Promise((r) => setTimeout(r, 1500));
      const finals = fake.calls.filter(final);
      expect(finals).toHaveLength(1);
      expect(JSON.stringify(finals[0]!.args)).toContain('communication/mqtt-connect-timeout');
      // The rescuer reused the first worker's message: one "probing" post, updated in place.
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(finals[0]!.args.ts).toBe('1800000000.000001');
    } finally {
      child?.kill('SIGKILL');
      await rescuer?.close();
      await queue.queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
      await deleteKeys(prefix);
      await silent.stop();
      await fake.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
