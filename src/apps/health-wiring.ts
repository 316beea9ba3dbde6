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
  const synced = await syncHealthSchedules(queue, deps.brokers);
  deps.logger.info(
    { scheduled: synced.added, removed: synced.removed },
    'health check schedules in step with brokers.yml',
  );
  let worker: Worker | null = null;
  if (deps.runWorker) {
    const processor = createHealthProcessor({
      brokers: deps.brokers,
      diagnose: deps.triage.diagnose,
      store: new HealthStore({ redis: deps.stateRedis, prefix: deps.statePrefix }),
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
      await worker?.close();
      await queue.close();
    },
  };
}
