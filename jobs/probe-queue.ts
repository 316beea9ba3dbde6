/**
 * The probe queue and its workers, with BullMQ settings chosen on purpose:
 * - retries with exponential backoff, for infrastructure faults only (a broken broker is a
 *   result; a malformed job or unknown broker is an UnrecoverableError);
 * - a probe asked for while the same one (target and thread) is queued or running is not
 *   queued again (BullMQ deduplication); once it has finished, asking again probes again;
 * - finished jobs kept for a bounded time and count;
 * - stalled-job recovery so another worker finishes a killed worker's probe;
 * - `close()` lets in-flight jobs finish (or hands them back when the lock expires).
 */
import { Job, JobsOptions, Queue, QueueEvents, Worker } from 'bullmq';
import { withDeadline } from '../src/common/deadline';
import { PROBE_QUEUE, ProbeJobData, probeDedupId, probeJobId } from './probe-job';
import { ProbeResult } from '../src/probe/types';
import {
  OutageReport,
  OwnedQueue,
  QueueSettings,
  WorkerSettings,
  connection,
  createQueueWorker,
  isConnectionError,
  reportOutages,
} from './queue-connection';

export type { QueueSettings, WorkerSettings } from './queue-connection';

/**
 * How long asking for a probe may wait for the queue: with Redis down the client retries for
 * ever, and the person who asked must hear "unavailable" instead of waiting with it.
 */
export const QUEUE_WAIT_MS = 3000;

/** The queue could not take or answer for a job in time: Redis is down or too slow. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

export const PROBE_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 24 * 3600, count: 5000 },
};

export class ProbeQueue {
  readonly queue: Queue;
  /** Job completions, for askers that wait for a result themselves (the console). */
  private events: { events: QueueEvents; release(): Promise<void> } | null = null;

  constructor(settings: QueueSettings, outage: OutageReport, opts: { results?: boolean } = {}) {
    this.queue = new OwnedQueue(PROBE_QUEUE, connection(settings.redisUrl, false), {
      prefix: settings.prefix,
      defaultJobOptions: PROBE_JOB_OPTIONS,
    });
    reportOutages('probe queue', this.queue, outage);
    if (opts.results) {
      // A blocking reader of its own: it listens before any job is added, so no result is missed.
      const conn = connection(settings.redisUrl, true);
      const events = new QueueEvents(PROBE_QUEUE, {
        connection: conn.options,
        prefix: settings.prefix,
      });
      reportOutages('probe results listener', events, outage);
      this.events = { events, release: conn.release };
    }
  }

  /**
   * The result of a job, once a worker (any worker) has finished it; rejects when it failed for
   * good or `ms` passed. Needs the queue built with `results: true`.
   */
  async result(job: Job, ms: number): Promise<ProbeResult> {
    if (!this.events) throw new Error('this ProbeQueue was built without results');
    const ready = await withDeadline(this.events.events.waitUntilReady(), QUEUE_WAIT_MS);
    if (!ready.ok)
      throw new QueueUnavailableError(
        `the probe queue's Redis did not answer within ${ready.ms} ms`,
      );
    return (await job.waitUntilFinished(this.events.events, ms)) as ProbeResult;
  }

  /**
   * Enqueues a probe; resolves the job (an existing one when the same probe is already queued).
   * Rejects with QueueUnavailableError when Redis is not ready within QUEUE_WAIT_MS: the job is
   * then never added (a probe nobody waits for must not run when Redis comes back).
   */
  async enqueue(data: ProbeJobData): Promise<Job> {
    const ready = await withDeadline(this.queue.waitUntilReady(), QUEUE_WAIT_MS);
    if (!ready.ok)
      throw new QueueUnavailableError(
        `the probe queue's Redis did not answer within ${ready.ms} ms`,
      );
    const added = await withDeadline(
      this.queue.add('probe', data, {
        jobId: probeJobId(data),
        deduplication: { id: probeDedupId(data) },
      }),
      QUEUE_WAIT_MS,
    ).catch((err: Error) => {
      // Redis went away after the queue was ready: the producer fails fast, as it should.
      if (isConnectionError(err))
        throw new QueueUnavailableError(`the probe queue's Redis is unreachable: ${err.message}`);
      throw err;
    });
    if (!added.ok)
      throw new QueueUnavailableError(`the probe queue did not take the job within ${added.ms} ms`);
    return added.value;
  }

  /**
   * How many workers listen on the queue (BullMQ names its connections); null when Redis does not
   * say (CLIENT LIST refused, as on some managed services) or did not answer in time.
   */
  async workerCount(): Promise<number | null> {
    const counted = await withDeadline(this.queue.getWorkersCount(), QUEUE_WAIT_MS).catch(
      () => null,
    );
    return counted?.ok ? counted.value : null;
  }

  async close(): Promise<void> {
    await this.queue.close();
    if (this.events) {
      await this.events.events.close();
      await this.events.release();
    }
  }
}

/** A worker on the probe queue. */
export function createProbeWorker(
  settings: WorkerSettings,
  processor: (job: Job) => Promise<ProbeResult>,
  outage: OutageReport,
): Worker {
  return createQueueWorker(PROBE_QUEUE, settings, processor, outage);
}
