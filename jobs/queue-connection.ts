/**
 * The project's queues on Redis: one connection policy for every queue and worker (workers never
 * give up a command, producers fail fast; retries at least every 5 s after a failover), connections
 * closed with what they serve, and every job's log lines tied to it. The probe queue and the health
 * checks both build on this.
 */
import { ConnectionOptions, Job, Queue, QueueOptions, Worker, WorkerOptions } from 'bullmq';
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

export interface Connection {
  options: ConnectionOptions;
  /** Closes what BullMQ does not: a cluster client handed to it ready-made. */
  release(): Promise<void>;
}

export function connection(url: string, worker: boolean): Connection {
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
export class OwnedQueue extends Queue {
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
