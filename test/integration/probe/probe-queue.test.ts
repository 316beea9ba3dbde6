/**
 * The probe queue on real Redis and BullMQ: the same probe asked for twice while it waits is
 * queued once, and asked for again after it finished, it runs again; with Redis away, asking is
 * refused in bounded time and the outage is told once, not on every retry.
 */
import { randomUUID } from 'crypto';
import type { Job } from 'bullmq';
import { promises as fs } from 'fs';
import {
  ProbeQueue,
  QUEUE_WAIT_MS,
  QueueUnavailableError,
  createProbeWorker,
} from '../../../jobs/probe-queue';
import { ProbeJobData } from '../../../jobs/probe-job';
import { ProbeResult } from '../../../src/probe/types';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import {
  portOpen,
  redisCli,
  spawnRedisServer,
  stopProcess,
  until,
} from '../../helpers/redis-servers';
import { freePort, tempDir } from '../../helpers/brokers';
import { recordOutages } from '../../helpers/outages';

const request = (channel: string): ProbeJobData => ({
  target: { broker: 'plant' },
  where: { team: 'T1', channel, threadTs: '1700000000.000100' },
  cardEntryId: null,
  takeover: false,
});

describe('the probe queue', () => {
  const prefix = `test-${randomUUID()}:bull`;
  const queue = new ProbeQueue({ redisUrl: REDIS_URL, prefix }, recordOutages());
  afterAll(async () => {
    await queue.close();
    await deleteKeys(prefix);
  });

  it('queues a probe once while the same one waits, and again once it has finished', async () => {
    await queue.enqueue(request('C1'));
    await queue.enqueue(request('C1'));
    await queue.enqueue(request('C2'));
    expect((await queue.queue.getJobCounts('waiting')).waiting).toBe(2);

    const ran: string[] = [];
    const worker = createProbeWorker(
      {
        redisUrl: REDIS_URL,
        prefix,
        concurrency: 1,
        lockDurationMs: 5000,
        stalledIntervalMs: 5000,
      },
      // A real worker with a processor of the test's own: what runs is all this test looks at.
      async (job: Job) => {
        ran.push((job.data as ProbeJobData).where.channel);
        return {} as ProbeResult;
      },
      recordOutages(),
    );
    try {
      await until(async () => ran.length === 2);
      expect(ran.sort()).toEqual(['C1', 'C2']);
      await until(async () => (await queue.queue.getJobCounts('completed')).completed === 2);
      await queue.enqueue(request('C1'));
      await until(async () => ran.length === 3);
      expect(ran[2]).toBe('C1');
    } finally {
      await worker.close();
    }
  });
});

describe('the probe queue while Redis is away', () => {
  const workerSettings = (redisUrl: string, prefix: string) => ({
    redisUrl,
    prefix,
    concurrency: 1,
    lockDurationMs: 5000,
    stalledIntervalMs: 5000,
  });

  it('refuses a probe within its wait when Redis was never reachable, and never adds it later', async () => {
    const dir = await tempDir('mqtt-why-late-');
    const port = await freePort(); // nothing listens here yet
    const queue = new ProbeQueue(
      { redisUrl: `redis://127.0.0.1:${port}`, prefix: `test-${randomUUID()}:bull` },
      recordOutages(),
    );
    let server: ReturnType<typeof spawnRedisServer> | null = null;
    try {
      const started = Date.now();
      await expect(queue.enqueue(request('C1'))).rejects.toBeInstanceOf(QueueUnavailableError);
      // Runaway bound only: before the fix this waited for ever.
      expect(Date.now() - started).toBeLessThan(QUEUE_WAIT_MS * 5);
      // Redis comes up: the refused probe must not run after all.
      server = spawnRedisServer(port, dir);
      await queue.queue.waitUntilReady();
      await new Promise((r) => setTimeout(r, 500));
      expect(await queue.queue.count()).toBe(0);
    } finally {
      await queue.close();
      await stopProcess(server);
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('tells each outage once when Redis goes away, and once when it is back', async () => {
    const dir = await tempDir('mqtt-why-outage-');
    const port = await freePort();
    const redisUrl = `redis://127.0.0.1:${port}`;
    const prefix = `test-${randomUUID()}:bull`;
    let server = spawnRedisServer(port, dir);
    await until(async () => (await redisCli(port, 'ping')) === 'PONG');
    const outages = recordOutages();
    const queue = new ProbeQueue({ redisUrl, prefix }, outages);
    const worker = createProbeWorker(
      workerSettings(redisUrl, prefix),
      async () => ({}) as ProbeResult,
      outages,
    );
    const count = (event: string) => outages.events.filter((e) => e === event).length;
    try {
      await queue.enqueue(request('C1'));
      await worker.waitUntilReady();
      await stopProcess(server);
      await until(async () => count('down probe worker') > 0 && count('down probe queue') > 0);
      // The clients retry every 0.5 to 5 s; let several retries fail.
      await new Promise((r) => setTimeout(r, 4000));
      expect(count('down probe worker')).toBe(1);
      expect(count('down probe queue')).toBe(1);
      await expect(queue.enqueue(request('C2'))).rejects.toBeInstanceOf(QueueUnavailableError);
      server = spawnRedisServer(port, dir);
      await until(async () => count('up probe worker') > 0 && count('up probe queue') > 0, 20_000);
      await queue.enqueue(request('C3'));
      expect(count('down probe worker')).toBe(1);
      expect(count('down probe queue')).toBe(1);
    } finally {
      // A worker closes only through Redis: bring it back if an assertion failed mid-outage.
      if (!(await portOpen(port))) server = spawnRedisServer(port, dir);
      await until(async () => (await redisCli(port, 'ping')) === 'PONG');
      await worker.close();
      await queue.close();
      await stopProcess(server);
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
