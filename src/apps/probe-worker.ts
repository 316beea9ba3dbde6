/** Wires a BullMQ probe worker: brokers, the matcher as diagnoser, a reporter and history. */
import type { Worker } from 'bullmq';
import type { RedisClient } from '../state/redis';
import { Triage } from '../core/triage';
import type { Logger } from '../log';
import { BrokerConfig } from '../probe/brokers';
import { ProbeReporter, ThreadRef } from '../probe/report';
import { ProbeSettings } from '../config';
import { Metrics } from '../metrics';
import { ProbeResult, totalMs } from '../probe/types';
import { ProbeHistory } from '../state/probe-history';
import { createProbeProcessor } from '../../jobs/probe-processor';
import { createProbeWorker } from '../../jobs/probe-queue';
import { jobLogContext } from '../../jobs/queue-connection';
import { queueOutageLog } from './queue-outages';

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
    diagnose: deps.triage.diagnose,
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
    queueOutageLog(deps.logger, deps.redisUrl, 'probes wait'),
  );
  worker.on('failed', (job, err) => {
    deps.logger.warn(
      { ...jobLogContext(job), attempt: job?.attemptsMade, reason: err.message },
      'probe job failed',
    );
    // The last attempt (or a job that must not be retried): say so in the thread, in place of
    // "Probing…", so nobody waits for a result that will not come.
    const final =
      job && (err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1));
    const where = job ? whereOf(job.data) : null;
    if (!final || !where) return;
    const data = job.data as { messageRef?: unknown; requestId?: unknown };
    void deps.reporter
      .failed(
        where,
        typeof data.messageRef === 'string' ? data.messageRef : null,
        err.message.replace(/^bad probe job: /, 'the request was malformed: '),
        typeof data.requestId === 'string' ? data.requestId : (job.id ?? null),
      )
      .catch((e: Error) =>
        deps.logger.error(
          { ...jobLogContext(job), reason: e.message },
          'could not report a failed probe',
        ),
      );
  });
  worker.on('completed', (job, result: ProbeResult) => {
    deps.logger.info(jobLogContext(job), 'probe job done');
    deps.metrics?.probes.inc({ ok: String(result.ok), diagnosis: result.diagnosis[0] ?? 'none' });
    deps.metrics?.probeSeconds.observe(totalMs(result) / 1000);
  });
  worker.on('failed', () => deps.metrics?.jobFailures.inc({ queue: 'probe' }));
  return worker;
}

/** The thread a job reports to, when its data still says (a malformed job may not). */
function whereOf(data: unknown): ThreadRef | null {
  const w = (data as { where?: Partial<ThreadRef> } | null)?.where;
  return w && typeof w.channel === 'string' && typeof w.team === 'string'
    ? {
        team: w.team,
        channel: w.channel,
        threadTs: typeof w.threadTs === 'string' ? w.threadTs : null,
      }
    : null;
}

export const bullPrefixFor = (statePrefix: string): string => `${statePrefix}bull`;
