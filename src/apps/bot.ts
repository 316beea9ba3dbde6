/**
 * Composition root of `npm start`: reads the configuration once, loads the KB (refusing to start
 * on a broken one), then runs Slack in Socket Mode or HTTP mode, or the console.
 */
import type { App } from '@slack/bolt';
import type { Queue, Worker } from 'bullmq';
import { Metrics } from '../metrics';
import { HttpRoute, RunningServer, serveHttp, slackEventsHandler } from './http-server';
import { opsRoutes, publicOpsRoutes, serveOpsRoutes } from './ops-routes';
import { guardProcess, loadForStart, refuse, runMain, stopWithin } from './startup';
import { BotConfig, readBotConfig } from '../config';
import { Triage } from '../core/triage';
import { Logger, createLogger } from '../log';
import { createState } from '../state';
import { REDIS_STARTUP_WAIT_MS, connectRedis } from '../state/redis';
import { SlackAppOptions, createSlackApp } from '../chat/slack/app';
import { SlackProbeReporter } from '../chat/slack/probe-reporter';
import { BrokersFile } from '../probe/brokers';
import { ProbeQueue } from '../../jobs/probe-queue';
import { createProbeGateway } from './probe-gateway';
import { bullPrefixFor, startProbeWorker } from './probe-worker';
import { startHealthChecks } from './health-wiring';
import { healthStatusFor } from './health-status';
import { HealthStore } from '../state/health-store';
import { SlackHealthNotifier } from '../chat/slack/health-notifier';
import { runConsole } from '../chat/console/console';

export interface RunningBot {
  app: App;
  /** The public port (PORT): Slack's endpoint in HTTP mode, /healthz in both modes. */
  port: number;
  /** The operator port (METRICS_PORT) for /metrics and /healthz, or null when it could not bind. */
  metricsPort: number | null;
  stop(): Promise<void>;
}

/** Starts the Slack side with an already validated config and loaded engine. */
export async function startSlackBot(
  config: BotConfig & { mode: Exclude<BotConfig['mode'], { kind: 'console' }> },
  triage: Triage,
  logger: Logger,
  overrides: {
    retries?: SlackAppOptions['retries'];
    socket?: SlackAppOptions['socket'];
    brokers?: BrokersFile;
  } = {},
): Promise<RunningBot> {
  const redis = connectRedis(config.redisUrl, (err) =>
    logger.warn(
      { reason: err.message },
      'Redis unavailable: answers continue; feedback, dedupe across processes and probes wait for it',
    ),
  );
  // A Sentinel or a cluster takes a few round trips to reach: wait briefly, never for long.
  await redis.ready(REDIS_STARTUP_WAIT_MS);
  const state = createState(
    { redis: redis.redis, prefix: config.redisPrefix },
    { answerTtlDays: config.answerTtlDays },
  );
  const metrics = new Metrics();
  const brokers = overrides.brokers ?? { brokers: [], allowHosts: [] };
  const probing = brokers.brokers.length > 0 || brokers.allowHosts.length > 0;
  const bullPrefix = bullPrefixFor(config.redisPrefix);
  const queue = probing ? new ProbeQueue({ redisUrl: config.redisUrl, prefix: bullPrefix }) : null;
  const probes = createProbeGateway(brokers, queue, logger);
  const fileOrigins = [
    'https://files.slack.com',
    ...(config.slackApiUrl ? [new URL(config.slackApiUrl).origin] : []),
  ];
  const ops = opsRoutes({
    redis: redis.redis,
    metrics,
    queues: () => [queue?.queue, health?.queue].filter((q): q is Queue => Boolean(q)),
  });
  const { app, events, disconnect } = createSlackApp(
    {
      triage,
      state,
      logger,
      probes,
      metrics,
      botToken: config.mode.botToken,
      answerVisibility: config.answerVisibility,
      passiveAnswersPerMinute: config.passiveAnswersPerMinute,
      limits: config.limits,
      maxFileBytes: config.maxFileBytes,
      fileOrigins,
      healthStatus: healthStatusFor(
        brokers.brokers,
        new HealthStore({ redis: redis.redis, prefix: config.redisPrefix }),
      ),
    },
    {
      mode: config.mode,
      slackApiUrl: config.slackApiUrl,
      ...overrides,
    },
  );
  let worker: Worker | null = null;
  if (probing && config.probes.inProcessWorker) {
    const reporter = new SlackProbeReporter(app.client, triage.kb, logger);
    worker = startProbeWorker({
      redisUrl: config.redisUrl,
      bullPrefix,
      stateRedis: redis.redis,
      statePrefix: config.redisPrefix,
      brokers: brokers.brokers,
      triage,
      reporter,
      logger,
      settings: config.probes,
      metrics,
    });
  }
  const health = brokers.brokers.some((b) => b.health)
    ? await startHealthChecks({
        redisUrl: config.redisUrl,
        bullPrefix,
        stateRedis: redis.redis,
        statePrefix: config.redisPrefix,
        brokers: brokers.brokers,
        triage,
        notifier: new SlackHealthNotifier(app.client, triage.kb),
        logger,
        settings: config.probes,
        runWorker: config.probes.inProcessWorker,
        metrics,
      }).catch((err: Error) => {
        logger.warn(
          { reason: err.message },
          'health checks not scheduled: Redis unavailable at start',
        );
        return null;
      })
    : null;
  // One server of the bot's own on PORT in both modes: Slack's endpoint (HTTP mode, behind the
  // timestamp window and request deadlines) and /healthz; /metrics has a loopback port of its own.
  const routes: HttpRoute[] = [...publicOpsRoutes(ops, config.metrics)];
  if (events)
    routes.push({ method: 'POST', path: '/slack/events', handler: slackEventsHandler(events) });
  else await app.start();
  const server: RunningServer = await serveHttp({
    port: config.mode.port,
    routes,
    onError: (err) => logger.error({ reason: err.message }, 'HTTP handler failed'),
  });
  const metricsServer = await serveOpsRoutes(ops, config.metrics, (err) =>
    logger.error(
      { reason: err.message, port: config.metrics.port },
      '/metrics port unavailable: metrics are served only with METRICS_TOKEN on PORT',
    ),
  );
  const port = server.port;
  logger.info(
    { mode: config.mode.kind, port, metricsPort: metricsServer?.port ?? null },
    config.mode.kind === 'http'
      ? `mqtt-why bot in HTTP mode on port ${port}, Slack requests at /slack/events`
      : `mqtt-why bot in Socket Mode; /healthz on port ${port}`,
  );
  return {
    app,
    port,
    metricsPort: metricsServer?.port ?? null,
    async stop() {
      // Stop taking work first, then let in-flight probes finish, then close connections.
      await server.close();
      await disconnect?.().catch((err: Error) =>
        logger.warn({ reason: err.message }, 'Slack app did not stop cleanly'),
      );
      await worker
        ?.close()
        .catch((err: Error) =>
          logger.warn({ reason: err.message }, 'probe worker did not stop cleanly'),
        );
      await health?.close().catch(() => undefined);
      await queue?.close().catch(() => undefined);
      await metricsServer?.close();
      await redis.close();
    },
  };
}

export async function main(): Promise<number> {
  const read = readBotConfig();
  if (!read.ok) return refuse('mqtt-why', 'fix these settings', read.problems) ?? 2;
  const config = read.config;
  const loaded = await loadForStart('mqtt-why', config.kbDir, config.probes.brokersFile);
  if (!loaded) return 2;
  const { triage, brokers } = loaded;
  if (config.mode.kind === 'console') {
    process.stderr.write(
      'mqtt-why: console mode (no SLACK_* variables set; see the README for Slack)\n',
    );
    await runConsole(triage, {
      input: process.stdin,
      output: process.stdout,
      colour: Boolean(process.stdout.isTTY),
    });
    return 0;
  }
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  const bot = await startSlackBot({ ...config, mode: config.mode }, triage, logger, {
    brokers,
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      void stopWithin(config.probes.shutdownGraceMs, logger, () => bot.stop()).then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

if (require.main === module) runMain('mqtt-why', main);
