/** Wires scheduled health checks: schedules synced with brokers.yml, a worker, the notifier. */
import type { Queue, Worker } from 'bullmq';
import type { RedisClient } from '../state/redis';
import { HealthNotifier } from '../alerts/notifier';
import { Triage } from '../core/triage';
import type { Logger } from '../log';
import { BrokerConfig } from '../probe/brokers';
import { ProbeSettings } from '../config';
import { HealthStore } from '../state/health-store';
import {
  HEALTH_QUEUE,
  HealthCheckDone,
  createHealthProcessor,
  syncHealthSchedules,
} from '../../jobs/health-job';
import { Metrics } from '../metrics';
import { createQueue, createQueueWorker, jobLogContext } from '../../jobs/queue-connection';
import { queueOutageLog } from './queue-outages';
import { withDeadline } from '../common/deadline';
import { redisAddressOf } from '../state/redis-problem';
import { QUEUE_WAIT_MS } from '../../jobs/probe-queue';

const RESYNC_ATTEMPTS = 20;
const RESYNC_PAUSE_MS = 1000;

export interface HealthWiring {
  queue: Queue;
  worker: Worker | null;
  close(): Promise<void>;
}

export async function startHealthChecks(deps: {
  redisUrl: string;
  bullPrefix: string;
  stateRedis: RedisClient;
  statePrefix: string;
  /** Checks kept per broker (HEALTH_HISTORY_LENGTH; 1,000 when not given). */
  historyLength?: number;
  brokers: BrokerConfig[];
  triage: Triage;
  notifier: HealthNotifier;
  logger: Logger;
  settings: ProbeSettings;
  runWorker: boolean;
  metrics?: Metrics;
}): Promise<HealthWiring> {
  const outages = queueOutageLog(deps.logger, deps.redisUrl, 'health checks wait');
  const queue = createQueue(
    HEALTH_QUEUE,
    { redisUrl: deps.redisUrl, prefix: deps.bullPrefix },
    outages,
  );
  const sync = async (): Promise<void> => {
    const synced = await syncHealthSchedules(queue, deps.brokers);
    deps.logger.info(
      { scheduled: synced.added, removed: synced.removed },
      'health check schedules in step with brokers.yml',
    );
  };
  // A Redis that comes back empty (restarted without persistence, failed over to an empty
  // replica) has lost the schedules: each reconnection of the state client (same Redis) puts
  // them in step again, one call when nothing is missing; else the checks stopped for good.
  let closing = false;
  let connectedBefore = deps.stateRedis.status === 'ready';
  const onReady = (): void => {
    if (closing) return;
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    void resync(RESYNC_ATTEMPTS);
  };
  // The queue's own connection may come back a little after the state client's: a few tries.
  const resync = async (attempts: number): Promise<void> => {
    for (let left = attempts; left > 0 && !closing; left--) {
      try {
        return await sync();
      } catch (err) {
        if (left === 1)
          deps.logger.warn(
            { reason: (err as Error).message },
            'health check schedules not synced after Redis came back',
          );
        else await new Promise((r) => setTimeout(r, RESYNC_PAUSE_MS).unref());
      }
    }
  };
  deps.stateRedis.on('ready', onReady);
  // Start-up never waits on Redis for long (triage must answer without it): with Redis away,
  // the schedules are put in step when it comes back.
  const ready = await withDeadline(queue.waitUntilReady(), QUEUE_WAIT_MS);
  if (ready.ok) await sync();
  else {
    deps.logger.warn(
      { redis: redisAddressOf(deps.redisUrl) },
      'health checks are not scheduled yet: Redis is unreachable; they will be when it is back',
    );
    void queue
      .waitUntilReady()
      .then(sync)
      .catch((err: Error) =>
        deps.logger.warn({ reason: err.message }, 'health check schedules not synced'),
      );
  }
  let worker: Worker | null = null;
  if (deps.runWorker) {
    const processor = createHealthProcessor({
      brokers: deps.brokers,
      diagnose: deps.triage.diagnose,
      store: new HealthStore(
        { redis: deps.stateRedis, prefix: deps.statePrefix },
        deps.historyLength,
      ),
      notifier: deps.notifier,
      timeoutMs: deps.settings.timeoutMs,
    });
    worker = createQueueWorker(
      HEALTH_QUEUE,
      {
        redisUrl: deps.redisUrl,
        prefix: deps.bullPrefix,
        concurrency: deps.settings.workerConcurrency,
        lockDurationMs: deps.settings.lockDurationMs,
        stalledIntervalMs: deps.settings.stalledIntervalMs,
      },
      processor,
      outages,
    );
    worker.on('completed', (_job, done: HealthCheckDone) =>
      deps.metrics?.setHealth(done.broker, done.state),
    );
    worker.on('failed', () => deps.metrics?.jobFailures.inc({ queue: 'health' }));
    worker.on('failed', (job, err) =>
      deps.logger.warn(
        { ...jobLogContext(job), reason: err.message },
        'health check failed to run',
      ),
    );
  }
  return {
    queue,
    worker,
    async close() {
      closing = true;
      deps.stateRedis.off('ready', onReady);
      await worker?.close();
      await queue.close();
    },
  };
}
