/** Wires a BullMQ probe worker: brokers, the matcher as diagnoser, a reporter and history. */
import type { Worker } from 'bullmq';
import type { RedisClient } from '../state/redis';
import { Triage } from '../core/triage';
import type { Logger } from '../log';
import { BrokerConfig } from '../probe/brokers';
import { ProbeReporter } from '../probe/report';
import { ProbeSettings } from '../config';
import { Metrics } from '../metrics';
import { ProbeResult } from '../probe/types';
import { ProbeHistory } from '../state/probe-history';
import { createProbeProcessor } from '../../jobs/probe-processor';
import { createProbeWorker, jobLogContext } from '../../jobs/probe-queue';

export interface ProbeWorkerDeps {
  redisUrl: string;
  bullPrefix: string;
  stateRedis: RedisClient;
  statePrefix: string;
  brokers: BrokerConfig[];
  triage: Triage;
  reporter: ProbeReporter;
  logger: Logger;
  settings: ProbeSettings;
  metrics?: Metrics;
}

export function startProbeWorker(deps: ProbeWorkerDeps): Worker {
  const processor = createProbeProcessor({
    brokers: deps.brokers,
    kb: deps.triage.kb,
    diagnose: (evidence) => deps.triage.triage(evidence).matches.map((m) => m.id),
    reporter: deps.reporter,
    history: new ProbeHistory({ redis: deps.stateRedis, prefix: deps.statePrefix }),
    timeoutMs: deps.settings.timeoutMs,
  });
  const worker = createProbeWorker(
    {
      redisUrl: deps.redisUrl,
      prefix: deps.bullPrefix,
      concurrency: deps.settings.workerConcurrency,
      lockDurationMs: deps.settings.lockDurationMs,
      stalledIntervalMs: deps.settings.stalledIntervalMs,
    },
    processor,
    (err) => deps.logger.warn({ reason: err.message }, 'probe worker: Redis trouble, retrying'),
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { ...jobLogContext(job), attempt: job?.attemptsMade, reason: err.message },
      'probe job failed',
    ),
  );
  worker.on('completed', (job, result: ProbeResult) => {
    deps.logger.info(jobLogContext(job), 'probe job done');
    deps.metrics?.probes.inc({ ok: String(result.ok), diagnosis: result.diagnosis[0] ?? 'none' });
    deps.metrics?.probeSeconds.observe(result.steps.reduce((a, s) => a + s.ms, 0) / 1000);
  });
  worker.on('failed', () => deps.metrics?.jobFailures.inc({ queue: 'probe' }));
  return worker;
}

export const bullPrefixFor = (statePrefix: string): string => `${statePrefix}bull`;
