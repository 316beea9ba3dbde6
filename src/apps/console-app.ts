/**
 * `npm start` without Slack: the whole product in a terminal. Triage; probes of any URL or a
 * configured broker (through the queue when Redis is there, inline when not); status; the
 * scheduled health checks of brokers.yml with alerts and recoveries printed as they happen; and
 * the web UI on PORT. With CONSOLE=off it runs the same without reading the terminal (a container).
 */
import { Readable, Writable } from 'stream';
import type { Worker } from 'bullmq';
import { BotConfig } from '../config';
import { Triage } from '../core/triage';
import type { Logger } from '../log';
import { Metrics } from '../metrics';
import { HealthRecords } from '../alerts/health-records';
import { BrokersFile } from '../probe/brokers';
import { routeReports } from '../probe/report';
import { brokerPath } from '../render/links';
import { REDIS_STARTUP_WAIT_MS, RedisHandle, connectRedis } from '../state/redis';
import { redisProblem } from '../state/redis-problem';
import { HealthStore } from '../state/health-store';
import { MemoryHealthStore } from '../state/memory-health-store';
import { runConsole } from '../chat/console/console';
import { consoleNotifier } from '../chat/console/console-notifier';
import { ProbeQueue } from '../../jobs/probe-queue';
import { queueOutageLog } from './queue-outages';
import { HttpRoute, RunningServer, serveHttp } from './http-server';
import { opsRoutes, publicOpsRoutes, serveOpsRoutes } from './ops-routes';
import { webRoutes } from './web-routes';
import { consoleProber } from './console-probes';
import { bullPrefixFor, startProbeWorker } from './probe-worker';
import { HealthWiring, startHealthChecks } from './health-wiring';
import { LocalHealth, startLocalHealthChecks } from './local-health';
import { healthStatusFor } from './health-status';
import { logProbeReporter } from './log-reporting';

export interface ConsoleBotIo {
  input: Readable;
  output: Writable;
  /** Start-up notes (which mode, where the web UI is, Redis or not). */
  notes: Writable;
  colour: boolean;
  pasteIdleMs?: number;
}

export interface RunningConsoleBot {
  /** The web UI's port, or null when PORT could not be bound. */
  port: number | null;
  /** Whether health records and probes go through Redis. */
  redis: boolean;
  /** Where /metrics and /healthz are served (METRICS_PORT), or null: no Redis, or port taken. */
  metricsPort: number | null;
  /** Resolves when the console's input ends (Ctrl-D); never with CONSOLE=off. */
  inputDone: Promise<void>;
  stop(): Promise<void>;
}

export async function startConsoleBot(
  config: BotConfig & { mode: { kind: 'console'; port: number } },
  loaded: { triage: Triage; brokers: BrokersFile },
  io: ConsoleBotIo,
  logger: Logger,
  opts: { redisWaitMs?: number } = {},
): Promise<RunningConsoleBot> {
  const { triage, brokers } = loaded;
  const note = (s: string) => void io.notes.write(`mqtt-why: ${s}\n`);
  note('console mode (no SLACK_* variables set; see the README for Slack)');

  let redisError: Error | null = null;
  let redis: RedisHandle | null = connectRedis(config.redisUrl, (err) => {
    redisError = err;
    logger.debug({ reason: err.message }, 'Redis unavailable');
  });
  const redisWaitMs = opts.redisWaitMs ?? REDIS_STARTUP_WAIT_MS;
  if (!(await redis.ready(redisWaitMs))) {
    // Decided once at start: a console without Redis keeps everything in this process.
    await redis.close();
    redis = null;
  }
  const metrics = new Metrics();
  const bullPrefix = bullPrefixFor(config.redisPrefix);
  const store: HealthRecords = redis
    ? new HealthStore(
        { redis: redis.redis, prefix: config.redisPrefix },
        config.healthHistoryLength,
      )
    : new MemoryHealthStore(config.healthHistoryLength);
  const queue = redis
    ? new ProbeQueue(
        { redisUrl: config.redisUrl, prefix: bullPrefix },
        queueOutageLog(logger, config.redisUrl, 'queued probes wait'),
        { results: true },
      )
    : null;
  let worker: Worker | null = null;
  if (redis && config.probes.inProcessWorker)
    worker = startProbeWorker({
      redisUrl: config.redisUrl,
      bullPrefix,
      stateRedis: redis.redis,
      statePrefix: config.redisPrefix,
      brokers: brokers.brokers,
      triage,
      // The console waits for its own probes' results; the worker only records and logs them.
      reporter: routeReports(null, logProbeReporter(logger)),
      logger,
      settings: config.probes,
      metrics,
    });

  const checked = brokers.brokers.filter((b) => b.health);
  let healthQueued: HealthWiring | null = null;
  let healthLocal: LocalHealth | null = null;
  const routes: HttpRoute[] = [];
  let ops: ReturnType<typeof opsRoutes> | null = null;
  if (redis) {
    ops = opsRoutes({
      redis: redis.redis,
      metrics,
      queues: () => [queue?.queue, healthQueued?.queue].filter((q) => q !== undefined),
    });
    routes.push(...publicOpsRoutes(ops, config.metrics));
  } else
    routes.push({
      method: 'GET',
      path: '/healthz',
      handler: (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'ok', redis: 'not used' })),
    });
  routes.push(
    ...webRoutes({
      triage,
      brokers: brokers.brokers,
      health: checked.length > 0 ? store : null,
      token: config.web.token,
      triagePerMinute: config.limits.webTriagePerAddressPerMinute,
    }),
  );
  const server: RunningServer | null = await serveHttp({
    port: config.mode.port,
    host: config.web.host,
    routes,
    onError: (err) => logger.error({ reason: err.message }, 'HTTP handler failed'),
  }).catch((err: Error) => {
    note(`web UI not started: port ${config.mode.port} is unavailable (${err.message}); set PORT`);
    return null;
  });
  const webUrl = config.web.publicUrl ?? (server ? `http://localhost:${server.port}` : null);
  if (server) note(`web UI at ${webUrl}/ (status: ${webUrl}/status)`);
  // /metrics and /healthz on METRICS_PORT, as in the Slack modes (they need Redis for queues).
  const metricsServer = ops
    ? await serveOpsRoutes(ops, config.metrics, (err) =>
        // Said where the console's other notes are, not as a JSON log line in their midst.
        note(
          `/metrics not served on METRICS_PORT ${config.metrics.port} (${err.message}): set METRICS_PORT, or METRICS_TOKEN to serve it on PORT`,
        ),
      )
    : null;

  // Alerts are printed where the operator looks (the log would say the same on standard error).
  const notifier = consoleNotifier({
    output: io.output,
    kb: triage.kb,
    colour: io.colour,
    brokerUrl: (name) => (webUrl ? `${webUrl}${brokerPath(name)}` : null),
  });
  const diagnose = (evidence: string) => triage.triage(evidence).matches.map((m) => m.id);
  if (checked.length > 0 && redis)
    healthQueued = await startHealthChecks({
      redisUrl: config.redisUrl,
      bullPrefix,
      stateRedis: redis.redis,
      statePrefix: config.redisPrefix,
      historyLength: config.healthHistoryLength,
      brokers: brokers.brokers,
      triage,
      notifier,
      logger,
      settings: config.probes,
      runWorker: config.probes.inProcessWorker,
      metrics,
    }).catch((err: Error) => {
      note(`health checks not scheduled: Redis failed at start (${err.message})`);
      return null;
    });
  else if (checked.length > 0)
    healthLocal = startLocalHealthChecks(
      { diagnose, store, notifier, timeoutMs: config.probes.timeoutMs },
      checked,
      (broker, err) => logger.warn({ broker, reason: err.message }, 'health check failed to run'),
    );
  note(
    redis
      ? `Redis at ${redisShown(config.redisUrl)}: probes go through the queue${checked.length ? `, ${checked.length} health check(s) scheduled on it` : ''}`
      : `no Redis at ${redisShown(config.redisUrl)}: ${redisProblem(config.redisUrl, redisError, redisWaitMs).cause}; probes run inline${checked.length ? `, ${checked.length} health check(s) run in this process (history kept in memory)` : ''}`,
  );

  const prober = consoleProber({
    brokers: brokers.brokers,
    triage,
    queue,
    timeoutMs: config.probes.timeoutMs,
    colour: io.colour,
    logger,
  });
  const services = {
    probe: prober,
    status: healthStatusFor(brokers.brokers, store),
    webUrl,
    brokers: { all: brokers.brokers.map((b) => b.name) },
  };
  let inputDone: Promise<void>;
  if (config.consoleInput)
    inputDone = runConsole(
      triage,
      {
        input: io.input,
        output: io.output,
        colour: io.colour,
        ...(io.pasteIdleMs !== undefined ? { pasteIdleMs: io.pasteIdleMs } : {}),
      },
      services,
    );
  else {
    note(
      'CONSOLE=off: not reading the terminal; web UI, probes and health checks run until SIGTERM',
    );
    inputDone = new Promise<void>(() => undefined);
  }
  return {
    port: server?.port ?? null,
    redis: redis !== null,
    metricsPort: metricsServer?.port ?? null,
    inputDone,
    async stop() {
      await server?.close();
      await metricsServer?.close();
      await healthLocal?.close();
      await worker
        ?.close()
        .catch((err: Error) =>
          logger.warn({ reason: err.message }, 'probe worker did not stop cleanly'),
        );
      await healthQueued?.close().catch(() => undefined);
      await queue?.close().catch(() => undefined);
      await redis?.close();
    },
  };
}

/** REDIS_URL as shown in notes: never its password. */
function redisShown(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//…@');
}
