/**
 * Health checks started while Redis is away: start-up goes on (triage must answer without Redis)
 * instead of waiting on the queue for ever, says so once, and the schedules are put in step with
 * brokers.yml as soon as Redis is back.
 */
import { promises as fs } from 'fs';
import { Writable } from 'stream';
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { Queue } from 'bullmq';
import { startHealthChecks } from '../../../src/apps/health-wiring';
import { bullPrefixFor } from '../../../src/apps/probe-worker';
import { Triage } from '../../../src/core/triage';
import { Logger, createLogger } from '../../../src/log';
import { HEALTH_QUEUE } from '../../../jobs/health-job';
import { QUEUE_WAIT_MS } from '../../../jobs/probe-queue';
import { brokerConfig } from '../../helpers/broker-config';
import { freePort, tempDir } from '../../helpers/brokers';
import { redisCli, spawnRedisServer, stopProcess, until } from '../../helpers/redis-servers';
import { smallKb } from '../../helpers/small-kb';

/** One broker with a health check every minute, and a worker left to another process. */
const PLANT = brokerConfig('plant', 1883, {
  health: {
    everyMs: 60_000,
    channel: 'CALERT',
    failAfter: 2,
    recoverAfter: 2,
    steps: ['dns', 'tcp'],
    latencyMs: null,
    certDays: 14,
  },
});
const SETTINGS = {
  inProcessWorker: false,
  workerConcurrency: 1,
  timeoutMs: 1000,
  brokersFile: { path: '', explicit: false },
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  shutdownGraceMs: 1000,
};

const startPlantChecks = (redisUrl: string, prefix: string, stateRedis: Redis, logger: Logger) =>
  startHealthChecks({
    redisUrl,
    bullPrefix: bullPrefixFor(prefix),
    stateRedis,
    statePrefix: prefix,
    brokers: [PLANT],
    triage: new Triage(smallKb()),
    notifier: { announce: async () => null },
    logger,
    settings: SETTINGS,
    runWorker: false,
  });

it('starts without Redis, and schedules the checks once Redis is back', async () => {
  const dir = await tempDir('mqtt-why-health-away-');
  const port = await freePort(); // nothing listens here yet
  const redisUrl = `redis://127.0.0.1:${port}`;
  const prefix = `test-${randomUUID()}:`;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const stateRedis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  stateRedis.on('error', () => undefined);
  let server: ReturnType<typeof spawnRedisServer> | null = null;
  const started = Date.now();
  const wiring = await startPlantChecks(redisUrl, prefix, stateRedis, createLogger('debug', sink));
  const check = new Queue(HEALTH_QUEUE, {
    connection: { host: '127.0.0.1', port },
    prefix: bullPrefixFor(prefix),
  });
  check.on('error', () => undefined);
  try {
    // Runaway bound only: before the fix this never returned.
    expect(Date.now() - started).toBeLessThan(QUEUE_WAIT_MS * 5);
    expect(lines.join('')).toMatch(/health checks are not scheduled yet: Redis is unreachable/);
    server = spawnRedisServer(port, dir);
    await until(async () => (await redisCli(port, 'ping')) === 'PONG');
    await until(async () => lines.join('').includes('health check schedules in step'), 20_000);
    expect((await check.getJobSchedulers(0, -1)).map((j) => j.key)).toEqual([
      expect.stringContaining('plant'),
    ]);
  } finally {
    await check.close();
    await wiring.close();
    stateRedis.disconnect();
    await stopProcess(server);
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 60_000);

it('puts the schedules back when Redis comes back empty (restarted without its data)', async () => {
  const dir = await tempDir('mqtt-why-health-empty-');
  const port = await freePort();
  const redisUrl = `redis://127.0.0.1:${port}`;
  const prefix = `test-${randomUUID()}:`;
  let server: ReturnType<typeof spawnRedisServer> | null = spawnRedisServer(port, dir);
  await until(async () => (await redisCli(port, 'ping')) === 'PONG');
  const stateRedis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  stateRedis.on('error', () => undefined);
  const wiring = await startPlantChecks(
    redisUrl,
    prefix,
    stateRedis,
    createLogger('warn', new Writable({ write: (_c, _e, done) => done() })),
  );
  const schedulers = async (): Promise<number> => {
    const check = new Queue(HEALTH_QUEUE, {
      connection: { host: '127.0.0.1', port },
      prefix: bullPrefixFor(prefix),
    });
    check.on('error', () => undefined);
    try {
      return (await check.getJobSchedulers(0, -1)).length;
    } finally {
      await check.close();
    }
  };
  try {
    await until(async () => (await schedulers()) === 1);
    await stopProcess(server);
    server = spawnRedisServer(port, dir); // no persistence: it comes back empty
    await until(async () => (await redisCli(port, 'ping')) === 'PONG');
    await until(async () => (await schedulers()) === 1, 20_000);
  } finally {
    await wiring.close();
    stateRedis.disconnect();
    await stopProcess(server);
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 60_000);
