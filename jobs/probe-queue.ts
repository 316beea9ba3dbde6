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
import {
  ConnectionOptions,
  Job,
  JobsOptions,
  Queue,
  QueueEvents,
  QueueOptions,
  Worker,
  WorkerOptions,
} from 'bullmq';
import { PROBE_QUEUE, ProbeJobData, probeDedupId, probeJobId } from './probe-job';
import { ProbeResult } from '../src/probe/types';
import { LogContext, withLogContext } from '../src/log';
import { createRedisClient, redisTarget, serverOptions } from '../src/state/redis';

export interface QueueSettings {
  redisUrl: string;
  /** BullMQ key prefix: per deployment, per test run. */
  prefix: string;
}

export interface WorkerSettings extends QueueSettings {
  concurrency: number;
  /** How long a job's lock lasts without renewal; a dead worker's job is picked up after it. */
  lockDurationMs: number;
  /** How often workers look for stalled jobs. */
  stalledIntervalMs: number;
}

export const PROBE_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 24 * 3600, count: 5000 },
};

interface Connection {
  options: ConnectionOptions;
  /** Closes what BullMQ does not: a cluster client handed to it ready-made. */
  release(): Promise<void>;
}

function connection(url: string, worker: boolean): Connection {
  // Workers block on Redis and must never give up a command; producers fail fast instead.
  const base = {
    maxRetriesPerRequest: worker ? null : 1,
    enableOfflineQueue: worker,
    connectTimeout: 3000,
    // BullMQ's own backoff grows to 20 s: after a Redis restart or a Sentinel failover, workers
    // would sit idle that long. Retry at least every 5 s.
    retryStrategy: (times: number) => Math.min(times * 500, 5000),
  };
  const target = redisTarget(url);
  if (target.kind !== 'cluster')
    return { options: serverOptions(target, base), release: async () => undefined };
  // BullMQ builds single-server clients from options, but takes a cluster only as a client.
  const client = createRedisClient(target, base);
  return {
    options: client,
    release: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** A queue that also closes the connection it was given. */
class OwnedQueue extends Queue {
  private readonly release: () => Promise<void>;

  constructor(name: string, conn: Connection, opts: Omit<QueueOptions, 'connection'>) {
    super(name, { ...opts, connection: conn.options });
    this.release = conn.release;
  }

  override async close(): Promise<void> {
    await super.close();
    await this.release();
  }
}

/** A worker that also closes the connection it was given, after its jobs are handed back. */
class OwnedWorker<R> extends Worker<unknown, R> {
  private readonly release: () => Promise<void>;

  constructor(
    name: string,
    processor: (job: Job) => Promise<R>,
    conn: Connection,
    opts: Omit<WorkerOptions, 'connection'>,
  ) {
    super(name, processor, { ...opts, connection: conn.options });
    this.release = conn.release;
  }

  override async close(force = false): Promise<void> {
    await super.close(force);
    await this.release();
  }
}

export class ProbeQueue {
  readonly queue: Queue;
  /** Job completions, for askers that wait for a result themselves (the console). */
  private events: { events: QueueEvents; release(): Promise<void> } | null = null;

  constructor(settings: QueueSettings, opts: { results?: boolean } = {}) {
    this.queue = new OwnedQueue(PROBE_QUEUE, connection(settings.redisUrl, false), {
      prefix: settings.prefix,
      defaultJobOptions: PROBE_JOB_OPTIONS,
    });
    this.queue.on('error', () => undefined);
    if (opts.results) {
      // A blocking reader of its own: it listens before any job is added, so no result is missed.
      const conn = connection(settings.redisUrl, true);
      const events = new QueueEvents(PROBE_QUEUE, {
        connection: conn.options,
        prefix: settings.prefix,
      });
      events.on('error', () => undefined);
      this.events = { events, release: conn.release };
    }
  }

  /**
   * The result of a job, once a worker (any worker) has finished it; rejects when it failed for
   * good or `ms` passed. Needs the queue built with `results: true`.
   */
  async result(job: Job, ms: number): Promise<ProbeResult> {
    if (!this.events) throw new Error('this ProbeQueue was built without results');
    await this.events.events.waitUntilReady();
    return (await job.waitUntilFinished(this.events.events, ms)) as ProbeResult;
  }

  /** Enqueues a probe; resolves the job (an existing one when the same probe is already queued). */
  async enqueue(data: ProbeJobData): Promise<Job> {
    return this.queue.add('probe', data, {
      jobId: probeJobId(data),
      deduplication: { id: probeDedupId(data) },
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
    if (this.events) {
      await this.events.events.close();
      await this.events.release();
    }
  }
}

export function createProbeWorker(
  settings: WorkerSettings,
  processor: (job: Job) => Promise<ProbeResult>,
  onError: (err: Error) => void,
): Worker {
  return createQueueWorker(PROBE_QUEUE, settings, processor, onError);
}

/** What every log line about a job carries: its id, queue, and the Slack request that queued it. */
export function jobLogContext(job: Job | undefined): LogContext {
  if (!job) return {};
  const reqId = (job.data as { requestId?: unknown } | null)?.requestId;
  return {
    jobId: job.id ?? 'unknown',
    queue: job.queueName,
    ...(typeof reqId === 'string' ? { reqId } : {}),
  };
}

/** A worker on any of the project's queues, with the same lock and stalled-job settings. */
export function createQueueWorker<R>(
  queueName: string,
  settings: WorkerSettings,
  processor: (job: Job) => Promise<R>,
  onError: (err: Error) => void,
): Worker {
  const inContext = (job: Job): Promise<R> =>
    withLogContext(jobLogContext(job), () => processor(job));
  const conn = connection(settings.redisUrl, true);
  const worker = new OwnedWorker(queueName, inContext, conn, {
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: 2,
  });
  worker.on('error', onError);
  return worker;
}

/** A producer-side queue (fails fast while Redis is down) for any of the project's queues. */
export function createQueue(queueName: string, settings: QueueSettings): Queue {
  const queue = new OwnedQueue(queueName, connection(settings.redisUrl, false), {
    prefix: settings.prefix,
  });
  queue.on('error', () => undefined);
  return queue;
}
