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
import { redisProblem, redisProblemText } from '../state/redis-problem';
import { SlackAppOptions, createSlackApp } from '../chat/slack/app';
import { SlackProbeReporter } from '../chat/slack/probe-reporter';
import { BrokersFile } from '../probe/brokers';
import { ProbeQueue } from '../../jobs/probe-queue';
import { queueOutageLog } from './queue-outages';
import { createProbeGateway } from './probe-gateway';
import { bullPrefixFor, startProbeWorker } from './probe-worker';
import { startHealthChecks } from './health-wiring';
import { healthStatusFor } from './health-status';
import { HealthStore } from '../state/health-store';
import { SlackHealthNotifier } from '../chat/slack/health-notifier';
import pino from 'pino';
import { startConsoleBot } from './console-app';
import { webRoutes } from './web-routes';
import { statusImages } from './status-images';
import { notifyAll } from '../alerts/notifier';
import { routeReports } from '../probe/report';
import { logHealthNotifier, logProbeReporter } from './log-reporting';

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
  const redis = connectRedis(config.redisUrl, (err) => {
    const p = redisProblem(config.redisUrl, err, REDIS_STARTUP_WAIT_MS);
    logger.warn(
      { redis: p.address, reason: err.message, fix: p.fix },
      `${redisProblemText(p)}. Answers continue; feedback, dedupe across processes and probes wait for it`,
    );
  });
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
  const queue = probing
    ? new ProbeQueue(
        { redisUrl: config.redisUrl, prefix: bullPrefix },
        queueOutageLog(logger, config.redisUrl, 'probes wait'),
      )
    : null;
  const probes = createProbeGateway(brokers, queue, logger, metrics);
  const fileOrigins = [
    'https://files.slack.com',
    ...(config.slackApiUrl ? [new URL(config.slackApiUrl).origin] : []),
  ];
  const healthStore = new HealthStore(
    { redis: redis.redis, prefix: config.redisPrefix },
    config.healthHistoryLength,
  );
  const images = brokers.brokers.some((b) => b.health)
    ? statusImages(healthStore, brokers.brokers)
    : null;
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
      webUrl: config.web.publicUrl,
      statusImage: images,
      healthStatus: healthStatusFor(brokers.brokers, healthStore),
    },
    {
      mode: config.mode,
      slackApiUrl: config.slackApiUrl,
      ...overrides,
    },
  );
  let worker: Worker | null = null;
  if (probing && config.probes.inProcessWorker) {
    // Probes a console asked for (sharing this Redis) are only recorded and logged here.
    const reporter = routeReports(
      new SlackProbeReporter(app.client, triage.kb, logger),
      logProbeReporter(logger),
    );
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
        historyLength: config.healthHistoryLength,
        brokers: brokers.brokers,
        triage,
        notifier: notifyAll(
          new SlackHealthNotifier(
            app.client,
            triage.kb,
            images ? { source: images, logger } : null,
          ),
          [logHealthNotifier(logger, triage.kb)],
          (err) => logger.warn({ reason: err.message }, 'health notice not logged'),
        ),
        logger,
        settings: config.probes,
        runWorker: config.probes.inProcessWorker,
        metrics,
      }).catch((err: Error) => {
        const p = redisProblem(config.redisUrl, err, REDIS_STARTUP_WAIT_MS);
        logger.warn(
          { redis: p.address, reason: err.message, fix: p.fix },
          `health checks not scheduled: ${redisProblemText(p)}; restart once Redis is up`,
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
  // The web UI hangs on the same server, after Slack's endpoint (its '/' matches any path).
  routes.push(
    ...webRoutes({
      triage,
      brokers: brokers.brokers,
      health: brokers.brokers.some((b) => b.health) ? healthStore : null,
      token: config.web.token,
      triagePerMinute: config.limits.webTriagePerAddressPerMinute,
    }),
  );
  const server: RunningServer = await serveHttp({
    port: config.mode.port,
    host: config.web.host,
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
  const webUrl = config.web.publicUrl ?? `http://localhost:${port}`;
  logger.info(
    { mode: config.mode.kind, port, metricsPort: metricsServer?.port ?? null, web: webUrl },
    config.mode.kind === 'http'
      ? `mqtt-why bot in HTTP mode on port ${port}, Slack requests at /slack/events, web UI at ${webUrl}/`
      : `mqtt-why bot in Socket Mode; web UI and /healthz at ${webUrl}/`,
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
  const { triage } = loaded;
  if (config.mode.kind === 'console') {
    // The terminal is the console's: logs go to standard error, and only warnings unless asked.
    const logger = createLogger(
      config.logLevel === 'info' ? 'warn' : config.logLevel,
      pino.destination(2),
    );
    guardProcess(logger);
    const bot = await startConsoleBot(
      { ...config, mode: config.mode },
      loaded,
      {
        input: process.stdin,
        output: process.stdout,
        notes: process.stderr,
        colour: Boolean(process.stdout.isTTY),
      },
      logger,
    );
    await Promise.race([bot.inputDone, signalled()]);
    await stopWithin(config.probes.shutdownGraceMs, logger, () => bot.stop());
    return 0;
  }
  const logger = createLogger(config.logLevel);
  guardProcess(logger);
  const bot = await startSlackBot({ ...config, mode: config.mode }, triage, logger, {
    brokers: loaded.brokers,
  });
  const signal = await signalled();
  logger.info({ signal }, 'shutting down');
  await stopWithin(config.probes.shutdownGraceMs, logger, () => bot.stop());
  return 0;
}

/** Resolves with the name of the first SIGTERM or SIGINT. */
function signalled(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

if (require.main === module) runMain('mqtt-why', main);
