/**
 * `npm run worker`: a standalone probe worker. Many may run, on many machines, sharing one Redis
 * queue; each reads its own brokers.yml (with the passwords its environment holds). With Slack
 * settings it posts results and alerts there; without, it records them and logs them.
 */
import { readWorkerConfig } from '../config';
import { createLogger } from '../log';
import { REDIS_STARTUP_WAIT_MS, connectRedis } from '../state/redis';
import { redisProblem, redisProblemText } from '../state/redis-problem';
import { createSlackProbeReporter } from '../chat/slack/probe-reporter';
import { bullPrefixFor, startProbeWorker } from './probe-worker';
import { guardProcess, loadForStart, refuse, runMain, stopWithin } from './startup';
import { opsRoutes, serveOpsRoutes } from './ops-routes';
import { Metrics } from '../metrics';
import { startHealthChecks } from './health-wiring';
import { createSlackHealthNotifier } from '../chat/slack/health-notifier';
import { notifyAll } from '../alerts/notifier';
import { HealthStore } from '../state/health-store';
import { statusImages } from './status-images';
import { routeReports } from '../probe/report';
import { logHealthNotifier, logProbeReporter } from './log-reporting';

export async function main(): Promise<number> {
  const read = readWorkerConfig();
  if (!read.ok) return refuse('mqtt-why worker', 'fix these settings', read.problems) ?? 2;
  const config = read.config;
  const startup = await loadForStart('mqtt-why worker', config.kbDir, config.probes.brokersFile);
  if (!startup) return 2;
  const { kb, triage, brokers } = startup;
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  const metrics = new Metrics();
  const redis = connectRedis(config.redisUrl, (err) => {
    const p = redisProblem(config.redisUrl, err, REDIS_STARTUP_WAIT_MS);
    logger.warn(
      { redis: p.address, reason: err.message, fix: p.fix },
      `${redisProblemText(p)}. The worker waits for it`,
    );
  });
  await redis.ready(REDIS_STARTUP_WAIT_MS);
  // Without Slack the worker records results (probe history, health state: the web UI reads
  // them) and logs them; probes asked for from a console are always reported that way.
  const slack = config.botToken;
  const reporter = routeReports(
    slack
      ? createSlackProbeReporter({ token: slack, slackApiUrl: config.slackApiUrl, kb, logger })
      : null,
    logProbeReporter(logger),
  );
  const logNotifier = logHealthNotifier(logger, kb);
  const notifier = slack
    ? notifyAll(
        createSlackHealthNotifier({
          token: slack,
          slackApiUrl: config.slackApiUrl,
          kb,
          image: {
            source: statusImages(
              new HealthStore(
                { redis: redis.redis, prefix: config.redisPrefix },
                config.healthHistoryLength,
              ),
              brokers.brokers,
            ),
            logger,
          },
        }),
        [logNotifier],
        (err) => logger.warn({ reason: err.message }, 'health notice not logged'),
      )
    : logNotifier;
  const worker = startProbeWorker({
    redisUrl: config.redisUrl,
    bullPrefix: bullPrefixFor(config.redisPrefix),
    stateRedis: redis.redis,
    statePrefix: config.redisPrefix,
    brokers: brokers.brokers,
    triage,
    reporter,
    logger,
    settings: config.probes,
    metrics,
  });
  const health = brokers.brokers.some((b) => b.health)
    ? await startHealthChecks({
        redisUrl: config.redisUrl,
        bullPrefix: bullPrefixFor(config.redisPrefix),
        stateRedis: redis.redis,
        statePrefix: config.redisPrefix,
        historyLength: config.healthHistoryLength,
        brokers: brokers.brokers,
        triage,
        notifier,
        logger,
        settings: config.probes,
        runWorker: true,
        metrics,
      })
    : null;
  // The worker's own /healthz and /metrics, when WORKER_PORT says where (on METRICS_HOST).
  const ops =
    config.opsPort === null
      ? null
      : await serveOpsRoutes(
          opsRoutes({ redis: redis.redis, metrics, queues: () => (health ? [health.queue] : []) }),
          { port: config.opsPort, host: config.metricsHost },
          (err) => logger.error({ reason: err.message }, 'WORKER_PORT unavailable: no /healthz'),
        );
  logger.info(
    {
      ops: ops?.port ?? null,
      brokers: brokers.brokers.map((b) => b.name),
      concurrency: config.probes.workerConcurrency,
      slack: Boolean(slack),
    },
    slack
      ? 'mqtt-why probe worker started'
      : 'mqtt-why probe worker started without Slack: results are recorded and alerts logged',
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'worker shutting down: finishing in-flight probes');
      void stopWithin(config.probes.shutdownGraceMs, logger, async () => {
        await worker.close();
        await health?.close();
        await ops?.close();
        await redis.close();
      }).then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

if (require.main === module) runMain('mqtt-why worker', main);
