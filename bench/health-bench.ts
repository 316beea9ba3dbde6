/**
 * `npm run bench -- --health`: 1,000 brokers scheduled every 60 s on one worker process, checked
 * against a local broker. Reports how late checks start (p50/p99) and Redis memory used by the
 * health state and history, then removes everything it made.
 */
import { endpointOf } from './endpoint-of';
import { randomUUID } from 'crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { deleteKeysUnder } from './redis-keys';
import { Triage } from '../src/core/triage';
import { BrokerConfig } from '../src/probe/brokers';
import { HealthStore } from '../src/state/health-store';
import { HEALTH_QUEUE, createHealthProcessor, syncHealthSchedules } from '../jobs/health-job';
import { createQueueWorker } from '../jobs/queue-connection';
import { ms, percentile, progress } from './stats';
import { stderrOutages } from './outages';

export async function healthBench(
  triage: Triage,
  brokerUrl: string,
  redisUrl: string,
  count: number,
  seconds: number,
): Promise<void> {
  const prefix = `bench-health-${randomUUID()}`;
  const statePrefix = `${prefix}:state:`;
  const redis = new Redis(redisUrl);
  const brokers: BrokerConfig[] = Array.from({ length: count }, (_, i) => ({
    name: `b${i}`,
    endpoint: endpointOf(brokerUrl),
    username: null,
    password: null,
    passwordEnv: null,
    protocol: '3.1.1',
    tls: { ca: null, cert: null, key: null, insecure: false },
    topic: 'mqtt-why/bench',
    channels: [],
    health: {
      everyMs: 60_000,
      channel: null,
      failAfter: 3,
      recoverAfter: 2,
      steps: ['dns', 'tcp', 'connect'],
      latencyMs: null,
      certDays: 14,
    },
  }));
  const memBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
  const queue = new Queue(HEALTH_QUEUE, { connection: { url: redisUrl }, prefix });
  const events = new QueueEvents(HEALTH_QUEUE, { connection: { url: redisUrl }, prefix });
  const lateness: number[] = [];
  events.on('completed', ({ jobId }) => {
    void Job.fromId(queue, jobId).then((job) => {
      if (job?.processedOn)
        lateness.push(job.processedOn - (job.timestamp + (job.opts.delay ?? 0)));
    });
  });
  const processor = createHealthProcessor({
    brokers,
    diagnose: triage.diagnose,
    store: new HealthStore({ redis, prefix: statePrefix }),
    notifier: { announce: async () => 'bench' },
    timeoutMs: 3000,
  });
  const worker = createQueueWorker(
    HEALTH_QUEUE,
    { redisUrl, prefix, concurrency: 50, lockDurationMs: 30_000, stalledIntervalMs: 30_000 },
    processor,
    stderrOutages,
  );
  console.log(
    `\nHealth checks: ${count} brokers every 60 s on one worker (concurrency 50), ${seconds} s against ${brokerUrl}`,
  );
  try {
    const t0 = Date.now();
    await syncHealthSchedules(queue, brokers);
    console.log(`  ${count} schedules synced in ${ms(Date.now() - t0)}`);
    for (let waited = 0; waited < seconds; waited += 10) {
      await new Promise((r) => setTimeout(r, Math.min(10, seconds - waited) * 1000));
      progress(
        `health: ${Math.min(seconds, waited + 10)} of ${seconds} s, ${lateness.length} checks run`,
      );
    }
    lateness.sort((a, b) => a - b);
    console.log(
      `  checks run: ${lateness.length}; start lateness p50 ${ms(percentile(lateness, 50))}, p99 ${ms(percentile(lateness, 99))}, max ${ms(lateness.at(-1) ?? NaN)}`,
    );
    const keys = await redis.keys(`${statePrefix}*`);
    let bytes = 0;
    for (const k of keys) bytes += Number((await redis.call('MEMORY', 'USAGE', k)) ?? 0);
    const memAfter = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
    console.log(
      `  health state + history: ${keys.length} keys, ${(bytes / 1024 / 1024).toFixed(2)} MiB (history capped at 1,000 checks per broker); Redis used_memory grew ${((memAfter - memBefore) / 1024 / 1024).toFixed(2)} MiB including the queue`,
    );
    console.log(
      '  capacity: a check of dns+tcp+connect on loopback takes ~1 ms of work, so one worker at concurrency 50 holds thousands of brokers per minute; add workers (npm run worker) on more machines to share the queue.',
    );
  } finally {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await deleteKeysUnder(redis, statePrefix);
    redis.disconnect();
  }
}
