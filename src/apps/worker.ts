/**
 * `npm run worker`: a standalone probe worker. Many may run, on many machines, sharing one Redis
 * queue; each reads its own brokers.yml (with the passwords its environment holds).
 */
import { environment, readWorkerConfig } from '../config';
import { formatProblem } from '../kb/entry';
import { loadKnowledgeBase } from '../kb/load';
import { Triage } from '../core/triage';
import { createLogger } from '../log';
import { loadBrokersFile } from '../probe/load-brokers';
import { connectRedis } from '../state/redis';
import { createSlackProbeReporter } from '../chat/slack/probe-reporter';
import { bullPrefixFor, startProbeWorker } from './probe-worker';
import { startHealthChecks } from './health-wiring';
import { createSlackHealthNotifier } from '../chat/slack/health-notifier';

export async function main(): Promise<number> {
  const read = readWorkerConfig();
  if (!read.ok) {
    process.stderr.write(
      `mqtt-why worker: cannot start, fix these settings:\n${read.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    return 2;
  }
  const config = read.config;
  const loaded = await loadKnowledgeBase(config.kbDir);
  if (!loaded.ok) {
    process.stderr.write(
      `mqtt-why worker: the knowledge base has errors:\n${loaded.problems
        .filter((p) => p.severity === 'error')
        .map(formatProblem)
        .join('\n')}\n`,
    );
    return 2;
  }
  const brokers = await loadBrokersFile(config.probes.brokersFile, environment());
  if (!brokers.ok) {
    process.stderr.write(
      `mqtt-why worker: brokers.yml has errors:\n${brokers.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    return 2;
  }
  const logger = createLogger(config.logLevel);
  const triage = new Triage(loaded.kb);
  const redis = connectRedis(config.redisUrl, (err) =>
    logger.warn({ reason: err.message }, 'Redis unavailable; the worker waits for it'),
  );
  const reporter = createSlackProbeReporter({
    token: config.botToken,
    slackApiUrl: config.slackApiUrl,
    kb: loaded.kb,
    logger,
  });
  const worker = startProbeWorker({
    redisUrl: config.redisUrl,
    bullPrefix: bullPrefixFor(config.redisPrefix),
    stateRedis: redis.redis,
    statePrefix: config.redisPrefix,
    brokers: brokers.file.brokers,
    triage,
    reporter,
    logger,
    settings: config.probes,
  });
  const health = brokers.file.brokers.some((b) => b.health)
    ? await startHealthChecks({
        redisUrl: config.redisUrl,
        bullPrefix: bullPrefixFor(config.redisPrefix),
        stateRedis: redis.redis,
        statePrefix: config.redisPrefix,
        brokers: brokers.file.brokers,
        triage,
        notifier: createSlackHealthNotifier({
          token: config.botToken,
          slackApiUrl: config.slackApiUrl,
          kb: loaded.kb,
        }),
        logger,
        settings: config.probes,
        runWorker: true,
      })
    : null;
  logger.info(
    {
      brokers: brokers.file.brokers.map((b) => b.name),
      concurrency: config.probes.workerConcurrency,
    },
    'mqtt-why probe worker started',
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'worker shutting down: finishing in-flight probes');
      void worker
        .close()
        .then(() => health?.close())
        .then(() => redis.close())
        .then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`mqtt-why worker: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
