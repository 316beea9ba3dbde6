/**
 * Probe speed: raw mqtt.connect + CONNACK, the same as an inline probe, the same through the
 * BullMQ queue (enqueue -> result stored), and jobs per second for 1,000 probes at concurrency 50.
 */
import { endpointOf } from './endpoint-of';
import { ANY_ADDRESS } from '../src/probe/address-policy';
import { randomUUID } from 'crypto';
import mqtt from 'mqtt';
import { Job, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { deleteKeysUnder } from './redis-keys';
import { Triage } from '../src/core/triage';
import { runProbe } from '../src/probe/probe';
import { ProbeReporter } from '../src/probe/report';
import { ProbeTarget, StepName } from '../src/probe/types';
import { ProbeHistory } from '../src/state/probe-history';
import { createProbeProcessor } from '../jobs/probe-processor';
import { ProbeQueue, createProbeWorker } from '../jobs/probe-queue';
import { ProbeJobData } from '../jobs/probe-job';
import { ms, percentile } from './stats';
import { stderrOutages } from './outages';

const STEPS: StepName[] = ['dns', 'tcp', 'connect'];

/** Results go nowhere: the bench measures the queue and the probe, not Slack. */
const nullReporter: ProbeReporter = {
  start: async () => 'bench',
  progress: async () => undefined,
  finish: async () => undefined,
  failed: async () => undefined,
};

async function timeAsync(
  runs: number,
  fn: () => Promise<void>,
): Promise<{ median: number; p99: number }> {
  for (let i = 0; i < Math.min(10, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p99: percentile(samples, 99) };
}

function rawConnect(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, {
      reconnectPeriod: 0,
      connectTimeout: 3000,
      clientId: `bench-${randomUUID().slice(0, 8)}`,
    });
    c.once('connect', () => c.end(true, {}, () => resolve()));
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
  });
}

export async function probeBench(
  triage: Triage,
  brokerUrl: string,
  redisUrl: string,
): Promise<void> {
  const target: ProbeTarget = {
    name: 'bench',
    endpoint: endpointOf(brokerUrl),
    addresses: ANY_ADDRESS,
    username: null,
    password: null,
    protocol: '3.1.1',
    tls: { ca: null, cert: null, key: null, insecure: false },
    topic: 'mqtt-why/bench',
    clientIdPrefix: 'mqtt-why-bench',
  };
  const diagnose = triage.diagnose;
  console.log(`\nProbes against ${brokerUrl} (steps ${STEPS.join(', ')})`);
  const raw = await timeAsync(200, () => rawConnect(brokerUrl));
  console.log(
    `  raw mqtt.connect + CONNACK   median ${ms(raw.median).padEnd(9)} p99 ${ms(raw.p99)}`,
  );
  const inline = await timeAsync(200, async () => {
    const r = await runProbe(target, { timeoutMs: 3000, takeover: false, steps: STEPS }, diagnose);
    if (!r.ok)
      throw new Error(`bench broker unhealthy: ${r.steps.map((s) => s.summary).join('; ')}`);
  });
  console.log(
    `  inline probe                 median ${ms(inline.median).padEnd(9)} p99 ${ms(inline.p99)}`,
  );

  const prefix = `bench-${randomUUID()}`;
  const redis = new Redis(redisUrl);
  const queue = new ProbeQueue({ redisUrl, prefix }, stderrOutages);
  const events = new QueueEvents(queue.queue.name, { connection: { url: redisUrl }, prefix });
  await events.waitUntilReady();
  const processor = createProbeProcessor({
    brokers: [{ ...target, name: 'bench', passwordEnv: null, channels: [], health: null }],
    kb: triage.kb,
    diagnose,
    reporter: nullReporter,
    history: new ProbeHistory({ redis, prefix: `${prefix}:state:` }),
    timeoutMs: 3000,
  });
  const settings = {
    redisUrl,
    prefix,
    concurrency: 1,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
  };
  let worker = createProbeWorker(settings, processor, stderrOutages);
  let n = 0;
  const data = (): ProbeJobData => ({
    target: { broker: 'bench' },
    where: { team: 'T', channel: 'C', threadTs: `${Date.now()}.${++n}` },
    cardEntryId: null,
    takeover: false,
    steps: STEPS,
  });
  try {
    const queued = await timeAsync(200, async () => {
      const job: Job = await queue.enqueue(data());
      await job.waitUntilFinished(events, 10_000);
    });
    console.log(
      `  queued probe (enqueue->done) median ${ms(queued.median).padEnd(9)} p99 ${ms(queued.p99)}`,
    );
    const overhead = queued.median - inline.median;
    console.log(
      `  queue overhead over inline   median ${ms(overhead)} (target < 10 ms over the raw connect: ${ms(queued.median - raw.median)})`,
    );

    await worker.close();
    worker = createProbeWorker({ ...settings, concurrency: 50 }, processor, stderrOutages);
    const start = process.hrtime.bigint();
    const jobs = await queue.queue.addBulk(
      Array.from({ length: 1000 }, () => ({ name: 'probe', data: data() })),
    );
    // Each waiting job listens for the queue closing: 1,000 listeners here are expected.
    queue.queue.setMaxListeners(jobs.length + 10);
    await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 60_000)));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `  1,000 probes, 1 worker, concurrency 50: ${seconds.toFixed(2)} s, ${(1000 / seconds).toFixed(0)} jobs/s`,
    );
  } finally {
    await worker.close();
    await events.close();
    await queue.queue.obliterate({ force: true });
    await queue.close();
    await deleteKeysUnder(redis, `${prefix}:state:`);
    redis.disconnect();
  }
}
