/**
 * `npm run bench -- --health`: 10,000 brokers (`--brokers`) scheduled every 60 s on one worker
 * process (the real processor of jobs/health-job.ts, real BullMQ job schedulers, real Redis under a
 * prefix of its own), checked against a few local listeners: the `--broker` list (comma-separated)
 * plus `--listeners` Mosquitto processes the bench starts and stops itself. Reports how late checks
 * start (when the processor starts a job minus when it was due) over the steady state, checks per
 * second needed and achieved, Redis memory (per broker, per stored check, and at the history cap)
 * and the worker's RSS; progress every 10 s on standard error. Removes everything it made.
 */
import { endpointOf } from './endpoint-of';
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import net from 'net';
import os from 'os';
import { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { deleteKeysUnder } from './redis-keys';
import { Triage } from '../src/core/triage';
import { BrokerConfig } from '../src/probe/brokers';
import { HealthStore, HISTORY_LENGTH } from '../src/state/health-store';
import { EVENTS_LENGTH } from '../src/alerts/health-records';
import { HEALTH_QUEUE, createHealthProcessor, syncHealthSchedules } from '../jobs/health-job';
import { createQueueWorker } from '../jobs/queue-connection';
import { stderrOutages } from './outages';
import { ms, percentile, progress } from './stats';
import { freePort } from './free-port';

const EVERY_MS = 60_000;
const SAMPLE_BROKERS = 200;

export interface HealthBenchOptions {
  brokerUrls: string[];
  redisUrl: string;
  count: number;
  seconds: number;
  concurrency: number;
  /** Extra `mosquitto -p <port>` processes to start and spread the brokers over. */
  listeners: number;
}

interface Sample {
  /** When the processor started the job (ms since the epoch). */
  at: number;
  /** How late: start minus when it was due (job.timestamp + job.delay). */
  late: number;
  /** How long the check took (probe + store), ms. */
  took: number;
}

const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const usedMemory = async (redis: Redis): Promise<number> =>
  Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);

/** CPU seconds used so far by this process and by the Redis server. */
interface CpuMark {
  t: number;
  self: number;
  redis: number;
}
async function cpuMark(redis: Redis): Promise<CpuMark> {
  const info = await redis.info('cpu');
  const sec = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  const u = process.cpuUsage();
  return {
    t: Date.now(),
    self: (u.user + u.system) / 1e6,
    redis: sec('used_cpu_user') + sec('used_cpu_sys'),
  };
}

function sorted(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

function lateLine(late: number[]): string {
  const s = sorted(late);
  return `p50 ${ms(percentile(s, 50))}, p99 ${ms(percentile(s, 99))}, max ${ms(s.at(-1) ?? NaN)}`;
}

async function listening(port: number, ms = 5000): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** `mosquitto -p <port>` (no config: loopback only, anonymous), stopped by the caller. */
async function startListener(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('mosquitto', ['-p', String(port)], { stdio: 'ignore' });
  if (!(await listening(port))) {
    child.kill('SIGKILL');
    throw new Error(`mosquitto -p ${port} did not start listening`);
  }
  return { url: `mqtt://127.0.0.1:${port}`, child };
}

function brokerConfigs(count: number, urls: string[]): BrokerConfig[] {
  const endpoints = urls.map(endpointOf);
  return Array.from({ length: count }, (_, i) => ({
    name: `b${i}`,
    endpoint: endpoints[i % endpoints.length]!,
    username: null,
    password: null,
    passwordEnv: null,
    protocol: '3.1.1',
    tls: { ca: null, cert: null, key: null, insecure: false },
    topic: 'mqtt-why/bench',
    channels: [],
    health: {
      everyMs: EVERY_MS,
      channel: null,
      failAfter: 3,
      recoverAfter: 2,
      steps: ['dns', 'tcp', 'connect'],
      latencyMs: null,
      certDays: 14,
    },
  }));
}

/** MEMORY USAGE (exact, SAMPLES 0) of each key, pipelined. */
async function usage(redis: Redis, keys: string[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const pipe = redis.pipeline();
    for (const k of keys.slice(i, i + 500)) pipe.call('MEMORY', 'USAGE', k, 'SAMPLES', '0');
    for (const [err, v] of (await pipe.exec()) ?? []) out.push(err ? 0 : Number(v ?? 0));
  }
  return out;
}

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

export async function healthBench(triage: Triage, o: HealthBenchOptions): Promise<void> {
  const prefix = `bench-health-${randomUUID()}`;
  const statePrefix = `${prefix}:state:`;
  const redis = new Redis(o.redisUrl);
  const started: ChildProcess[] = [];
  const samples: Sample[] = [];
  let failed = 0;
  let dueMismatch = 0;
  let worker: ReturnType<typeof createQueueWorker> | null = null;
  let queue: Queue | null = null;
  try {
    for (let i = 0; i < o.listeners; i++) {
      const l = await startListener();
      started.push(l.child);
      o.brokerUrls.push(l.url);
    }
    for (const url of o.brokerUrls) {
      const { host, port } = endpointOf(url);
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, host);
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      if (!up) throw new Error(`nothing listens at ${url}: start it or pass --broker <url>`);
    }
    const brokers = brokerConfigs(o.count, o.brokerUrls);
    const checksNeeded = (o.count * 1000) / EVERY_MS;
    const memBefore = await usedMemory(redis);
    queue = new Queue(HEALTH_QUEUE, { connection: { url: o.redisUrl }, prefix });
    const processor = createHealthProcessor({
      brokers,
      diagnose: triage.diagnose,
      store: new HealthStore({ redis, prefix: statePrefix }),
      notifier: { announce: async () => 'bench' },
      timeoutMs: 3000,
    });
    // Measured around the product's processor, not inside it.
    const timed = async (job: Job) => {
      const at = Date.now();
      // job.delay is reset to 0 when BullMQ promotes a delayed job to waiting; the job's options
      // keep the delay it was created with. A scheduler's job id ends with the same due time.
      const due = job.timestamp + (job.opts.delay ?? 0);
      const idDue = /^repeat:.*:(\d+)$/.exec(job.id ?? '')?.[1];
      if (idDue && Math.abs(Number(idDue) - due) > 1) dueMismatch++;
      try {
        return await processor(job);
      } finally {
        samples.push({ at, late: at - due, took: Date.now() - at });
      }
    };
    worker = createQueueWorker(
      HEALTH_QUEUE,
      {
        redisUrl: o.redisUrl,
        prefix,
        concurrency: o.concurrency,
        lockDurationMs: 30_000,
        stalledIntervalMs: 30_000,
      },
      timed,
      stderrOutages,
    );
    worker.on('failed', () => failed++);
    console.log(
      `\nHealth checks: ${o.count} brokers every ${EVERY_MS / 1000} s on one worker (concurrency ${o.concurrency}), ${o.seconds} s against ${o.brokerUrls.join(', ')} (${checksNeeded.toFixed(0)} checks/s needed)`,
    );
    let peakRss = process.memoryUsage().rss;
    const t0 = Date.now();
    let shown = 0;
    let syncing = true;
    const marks: CpuMark[] = [await cpuMark(redis)];
    // Progress every 10 s, also while the schedulers are being created.
    const ticker = setInterval(() => {
      void cpuMark(redis).then((m) => marks.push(m));
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const recent = samples.slice(shown).map((s) => s.late);
      shown = samples.length;
      progress(
        `health: ${((Date.now() - t0) / 1000).toFixed(0)} of ${o.seconds} s${syncing ? ' (still creating schedulers)' : ''}, ${samples.length} checks (${failed} failed); last 10 s: ${recent.length} checks, late ${recent.length ? lateLine(recent) : '-'}; worker RSS ${mib(process.memoryUsage().rss)}`,
      );
    }, 10_000);
    let syncedAt: number;
    try {
      await syncHealthSchedules(queue, brokers);
      syncedAt = Date.now();
      syncing = false;
      console.log(`  ${o.count} schedulers synced in ${ms(syncedAt - t0)}`);
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + o.seconds * 1000 - Date.now())));
    } finally {
      clearInterval(ticker);
    }
    const end = Date.now();
    const endMark = await cpuMark(redis);
    // Steady state: after the first round (one interval from the start, schedulers all made), or
    // the second half of a run shorter than two intervals.
    const steadyFrom = Math.max(syncedAt, t0 + Math.min(EVERY_MS, (end - t0) / 2));
    const steady = samples.filter((s) => s.at >= steadyFrom);
    const first = samples.filter((s) => s.at < steadyFrom);
    const steadySeconds = (end - steadyFrom) / 1000;
    console.log(
      `  checks started: ${samples.length} (${failed} failed, ${dueMismatch} whose due time disagreed with their scheduler job id); first ${((steadyFrom - t0) / 1000).toFixed(0)} s: ${first.length}, late ${lateLine(first.map((s) => s.late))}`,
    );
    console.log(
      `  steady state (last ${steadySeconds.toFixed(0)} s): ${steady.length} checks, ${(steady.length / steadySeconds).toFixed(1)} checks/s achieved of ${checksNeeded.toFixed(1)} needed; start lateness ${lateLine(steady.map((s) => s.late))}; min ${ms(Math.min(...steady.map((s) => s.late)))}`,
    );
    const last = samples.filter((s) => s.at >= end - EVERY_MS);
    if (end - EVERY_MS > steadyFrom)
      console.log(
        `  last ${EVERY_MS / 1000} s: ${last.length} checks, ${((1000 * last.length) / EVERY_MS).toFixed(1)} checks/s; start lateness ${lateLine(last.map((s) => s.late))}`,
      );
    const fromMark = marks.find((m) => m.t >= steadyFrom) ?? marks.at(-1)!;
    const span = (endMark.t - fromMark.t) / 1000;
    console.log(
      `  CPU over the steady state: this process (worker, producer, bench) ${((100 * (endMark.self - fromMark.self)) / span).toFixed(0)}% of a core, Redis ${((100 * (endMark.redis - fromMark.redis)) / span).toFixed(0)}% (2 cores shared with the Mosquittos; load average ${os.loadavg()[0]!.toFixed(2)})`,
    );
    const took = sorted(steady.map((s) => s.took));
    console.log(
      `  a check (probe + store) took p50 ${ms(percentile(took, 50))}, p99 ${ms(percentile(took, 99))}`,
    );

    // Redis: the health records of a sample of brokers, and the queue's own keys.
    const memAfter = await usedMemory(redis);
    const sample = brokers.slice(0, Math.min(SAMPLE_BROKERS, brokers.length));
    let stateBytes = 0;
    let historyBytes = 0;
    let historyLen = 0;
    let eventsBytes = 0;
    let dayBytes = 0;
    let dayKeys = 0;
    const records: string[] = [];
    const eventRecords: string[] = [];
    for (const b of sample) {
      const base = `${statePrefix}health:`;
      // HealthStore's day keys (`…:day:<broker>:<UTC date>`) for the days this run spanned.
      const dates = new Set([t0, end].map((t) => new Date(t).toISOString().slice(0, 10)));
      const days: string[] = [];
      for (const d of dates)
        if (await redis.exists(`${base}day:${b.name}:${d}`)) days.push(`${base}day:${b.name}:${d}`);
      const [state, history, events, ...dayUse] = await usage(redis, [
        `${base}state:${b.name}`,
        `${base}history:${b.name}`,
        `${base}events:${b.name}`,
        ...days,
      ]);
      stateBytes += state ?? 0;
      historyBytes += history ?? 0;
      eventsBytes += events ?? 0;
      dayBytes += dayUse.reduce((a, n) => a + n, 0);
      dayKeys += days.length;
      const h = await redis.lrange(`${base}history:${b.name}`, 0, -1);
      historyLen += h.length;
      records.push(...h);
      eventRecords.push(...(await redis.lrange(`${base}events:${b.name}`, 0, -1)));
    }
    const perBroker = (stateBytes + historyBytes + eventsBytes + dayBytes) / sample.length;
    const recordChars = records.reduce((a, r) => a + r.length, 0) / Math.max(1, records.length);
    console.log(
      `  Redis used_memory ${mib(memBefore)} before, ${mib(memAfter)} after (+${mib(memAfter - memBefore)}, queue included)`,
    );
    console.log(
      `  health records, ${sample.length} brokers sampled: ${perBroker.toFixed(0)} bytes per broker now (state ${(stateBytes / sample.length).toFixed(0)}, history ${(historyBytes / sample.length).toFixed(0)} for ${(historyLen / sample.length).toFixed(1)} checks, events ${(eventsBytes / sample.length).toFixed(0)}, day counts ${(dayBytes / Math.max(1, dayKeys)).toFixed(0)} per day key); a stored check is ${recordChars.toFixed(0)} characters of JSON`,
    );
    // Lists at their caps, made of this run's own records, stored as HealthStore stores them.
    const capped = async (items: string[], length: number): Promise<number> => {
      if (items.length === 0) return NaN;
      const key = `${statePrefix}bench-cap`;
      for (let i = 0; i < length; i += 100)
        await redis.lpush(
          key,
          ...Array.from(
            { length: Math.min(100, length - i) },
            (_, j) => items[(i + j) % items.length]!,
          ),
        );
      const [bytes] = await usage(redis, [key]);
      await redis.del(key);
      return bytes ?? NaN;
    };
    // A day of hourly counts with every hour and outcome counted, as HealthStore writes them.
    const fullDay = `${statePrefix}bench-day`;
    await redis.hset(
      fullDay,
      Object.fromEntries(
        Array.from({ length: 24 }, (_, h) =>
          ['ok', 'degraded', 'fail'].map((outcome) => [`${h}:${outcome}`, '60']),
        ).flat(),
      ),
    );
    const [dayFull] = await usage(redis, [fullDay]);
    await redis.del(fullDay);
    const historyCap = await capped(records, HISTORY_LENGTH);
    const eventsCap = await capped(eventRecords, EVENTS_LENGTH);
    const dayKey = Math.max(dayFull ?? 0, dayBytes / Math.max(1, dayKeys));
    const atCap = historyCap + eventsCap + stateBytes / sample.length + dayKey * 32;
    console.log(
      `  at the caps: history of ${HISTORY_LENGTH} checks ${historyCap.toLocaleString('en')} bytes (${(historyCap / HISTORY_LENGTH).toFixed(0)} bytes per stored check), ${EVENTS_LENGTH} state changes ${eventsCap.toLocaleString('en')} bytes, 32 days of hourly counts at ${dayKey.toFixed(0)} bytes a full day; ${Math.round(atCap).toLocaleString('en')} bytes per broker, ${mib(atCap * o.count)} for ${o.count} brokers`,
    );
    const queueKeys = (await keysUnder(redis, `${prefix}:${HEALTH_QUEUE}:`)).filter(
      (k) => !k.startsWith(statePrefix),
    );
    const queueBytes = (await usage(redis, queueKeys)).reduce((a, n) => a + n, 0);
    console.log(
      `  BullMQ queue: ${queueKeys.length} keys, ${mib(queueBytes)} (${(queueBytes / o.count).toFixed(0)} bytes per broker: its scheduler, its next job, the shared sets and the last 100 completed)`,
    );
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(
      `  worker process RSS ${mib(process.memoryUsage().rss)} at the end, ${mib(peakRss)} peak (heap ${mib(process.memoryUsage().heapUsed)})`,
    );
  } finally {
    await worker?.close();
    await queue?.close();
    await deleteKeysUnder(redis, `${prefix}:`);
    const left = await usedMemory(redis).catch(() => NaN);
    progress(`health: removed ${prefix}:*, Redis used_memory now ${mib(left)}`);
    redis.disconnect();
    for (const child of started) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
