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

/**
 * Where a queue's connection problems are told: once when Redis goes away, once when it is back,
 * never on each of the client's retries (every 0.5 to 5 s for as long as the outage lasts).
 */
export interface OutageReport {
  down(source: string, err: Error): void;
  up(source: string): void;
  /** An error that is not about the connection (told each time: each is news). */
  problem(source: string, err: Error): void;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** Is this error about reaching Redis (as ioredis and BullMQ word it), rather than a command? */
export function isConnectionError(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  return /connection is closed|stream isn't writeable|max retries|connect etimedout|getaddrinfo|all sentinels are unreachable|failed to refresh slots cache/i.test(
    err.message,
  );
}

/** What a queue, worker or event listener offers: errors, and its backend's (re)connections. */
interface Watched {
  on(event: 'error', listener: (err: Error) => void): unknown;
  backend: { on(event: 'ready', listener: () => void): unknown };
}

/** Tells `report` when `what`'s connection goes down and comes back: the changes only. */
export function reportOutages(source: string, what: Watched, report: OutageReport): void {
  let down = false;
  what.on('error', (err: Error) => {
    if (!isConnectionError(err)) return report.problem(source, err);
    if (down) return;
    down = true;
    report.down(source, err);
  });
  what.backend.on('ready', () => {
    if (!down) return;
    down = false;
    report.up(source);
  });
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
  outage: OutageReport,
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
  reportOutages(`${queueName} worker`, worker, outage);
  return worker;
}

/** A producer-side queue (fails fast while Redis is down) for any of the project's queues. */
export function createQueue(
  queueName: string,
  settings: QueueSettings,
  outage: OutageReport,
): Queue {
  const queue = new OwnedQueue(queueName, connection(settings.redisUrl, false), {
    prefix: settings.prefix,
  });
  reportOutages(`${queueName} queue`, queue, outage);
  return queue;
}
