/**
 * The probe queue on real Redis and BullMQ: the same probe asked for twice while it waits is
 * queued once, and asked for again after it finished, it runs again.
 */
import { randomUUID } from 'crypto';
import type { Job } from 'bullmq';
import { ProbeQueue, createProbeWorker } from '../../../jobs/probe-queue';
import { ProbeJobData } from '../../../jobs/probe-job';
import { ProbeResult } from '../../../src/probe/types';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { until } from '../../helpers/redis-servers';

const request = (channel: string): ProbeJobData => ({
  target: { broker: 'plant' },
  where: { team: 'T1', channel, threadTs: '1700000000.000100' },
  cardEntryId: null,
  takeover: false,
});

describe('the probe queue', () => {
  const prefix = `test-${randomUUID()}:bull`;
  const queue = new ProbeQueue({ redisUrl: REDIS_URL, prefix });
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
      () => undefined,
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
