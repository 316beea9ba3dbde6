/**
 * The only reader of process.env. Each app reads and validates its configuration once at start;
 * every problem is listed at once with what the variable should look like.
 */
import path from 'path';
import { keyPrefixFor, parseRedisUrl } from './state/redis-url';
// Constants only: config is read by every start, the CLI's included.
import { HISTORY_LENGTH, OVERVIEW_CHECKS } from './alerts/health-records';

/** The KB shipped with the package: <package root>/kb, from dist/src or src alike. */
export const PACKAGE_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);
export const DEFAULT_KB_DIR = path.join(PACKAGE_ROOT, 'kb');

export interface CliConfig {
  kbDir: string;
  /** The variable that chose kbDir, for messages; null for the packaged KB. */
  kbDirSetBy: 'MQTT_WHY_KB_DIR' | null;
  /** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
  colour: boolean;
  /** WEB_URL: the web UI's public address (no trailing slash), for links to entry pages; null: unknown. */
  webUrl: string | null;
}

export type ConfigResult<T> = { ok: true; config: T } | { ok: false; problems: string[] };

export function readCliConfig(
  env: NodeJS.ProcessEnv = process.env,
  isTty = Boolean(process.stdout.isTTY),
): ConfigResult<CliConfig> {
  const problems: string[] = [];
  const kbDir = env.MQTT_WHY_KB_DIR?.trim() || DEFAULT_KB_DIR;
  if (env.MQTT_WHY_KB_DIR !== undefined && env.MQTT_WHY_KB_DIR.trim() === '')
    problems.push(
      'MQTT_WHY_KB_DIR is set but empty: unset it, or give the path of a KB directory (e.g. ./kb)',
    );
  const colour = isTty && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  const webUrl = readWebUrl(env, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      kbDir: path.resolve(kbDir),
      kbDirSetBy: env.MQTT_WHY_KB_DIR ? 'MQTT_WHY_KB_DIR' : null,
      colour,
      webUrl,
    },
  };
}

function readWebUrl(env: NodeJS.ProcessEnv, problems: string[]): string | null {
  const raw = env.WEB_URL?.trim();
  if (!raw) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search) {
    problems.push(
      `WEB_URL="${raw.replace(/\/\/[^/@]*@/, '//…@')}" must be the web UI's http(s) address without credentials or query, e.g. https://mqtt-why.example.com`,
    );
    return null;
  }
  return url.href.replace(/\/+$/, '');
}

/** How the bot talks to Slack, chosen from which variables are set. */
export type SlackMode =
  | { kind: 'socket'; botToken: string; appToken: string; port: number }
  | { kind: 'http'; botToken: string; signingSecret: string; port: number }
  | { kind: 'console'; port: number };

export interface BotConfig {
  mode: SlackMode;
  /** Web API base URL override (tests, the console's fake Slack), e.g. http://127.0.0.1:4000/api/. */
  slackApiUrl: string | null;
  redisUrl: string;
  /** Every Redis key the bot writes starts with this, so deployments and test runs never collide. */
  redisPrefix: string;
  /** Slash-command answers: visible in the channel (so the thread can collect probes) or only to the asker. */
  answerVisibility: 'channel' | 'ephemeral';
  /** Passive answers (pasted logs) per channel per minute at most. */
  passiveAnswersPerMinute: number;
  /**
   * LIMIT_COMMANDS_PER_USER_PER_MINUTE, LIMIT_PROBES_PER_USER_PER_HOUR,
   * LIMIT_PROBES_PER_CHANNEL_PER_HOUR, LIMIT_WEB_TRIAGE_PER_MINUTE (per client address).
   */
  limits: {
    commandsPerUserPerMinute: number;
    probesPerUserPerHour: number;
    probesPerChannelPerHour: number;
    webTriagePerAddressPerMinute: number;
  };
  /** Shared text/log files larger than this are read only up to it. */
  maxFileBytes: number;
  /** Days an answer's redacted text and matches are kept for its buttons (ANSWER_TTL_DAYS). */
  answerTtlDays: number;
  /**
   * HEALTH_HISTORY_LENGTH: checks kept per health-checked broker (default 1,000, about 212 bytes
   * each in Redis), the bound to size Redis by; the overview reads the last 60.
   */
  healthHistoryLength: number;
  /** /metrics: its own port (loopback by default), and on PORT only behind METRICS_TOKEN. */
  metrics: { port: number; host: string; token: string | null };
  kbDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  probes: ProbeSettings;
  web: WebSettings;
  /** Console mode only: chat in the terminal (on), or run headless until SIGTERM (off). */
  consoleInput: boolean;
}

export interface WebSettings {
  /** WEB_TOKEN: when set, every web page and /api route needs it (Bearer, or Basic auth's password). */
  token: string | null;
  /** WEB_URL: the address people reach the web UI at, for links in Slack and the terminal. */
  publicUrl: string | null;
  /**
   * HOST: the address PORT binds. The console is a tool on one's own machine (loopback); Slack's
   * HTTP mode must be reachable (every address). A container sets 0.0.0.0 and publishes the port.
   */
  host: string;
}

export interface ProbeSettings {
  /** Run a probe worker inside `npm start` (WORKER=off leaves it to `npm run worker`). */
  inProcessWorker: boolean;
  workerConcurrency: number;
  /** Per probe step. */
  timeoutMs: number;
  brokersFile: { path: string; explicit: boolean };
  /** A probe whose worker died is taken over by another after about this long. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** SIGTERM waits this long for in-flight probes, then exits (their jobs go to other workers). */
  shutdownGraceMs: number;
}

function readProbeSettings(env: NodeJS.ProcessEnv, problems: string[]): ProbeSettings {
  const worker = env.WORKER?.trim().toLowerCase() || 'on';
  if (worker !== 'on' && worker !== 'off')
    problems.push(`WORKER="${env.WORKER}" must be on (default) or off`);
  return {
    inProcessWorker: worker !== 'off',
    workerConcurrency: intVar(env, 'WORKER_CONCURRENCY', 10, [1, 500], problems),
    timeoutMs: intVar(env, 'PROBE_TIMEOUT_MS', 5000, [100, 120_000], problems),
    brokersFile: brokersFilePath(env),
    lockDurationMs: intVar(env, 'WORKER_LOCK_MS', 30_000, [1000, 600_000], problems),
    stalledIntervalMs: intVar(env, 'WORKER_STALLED_CHECK_MS', 30_000, [500, 600_000], problems),
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 8000, [0, 600_000], problems),
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function intVar(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: [number, number],
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < range[0] || n > range[1]) {
    problems.push(
      `${name}="${raw}" must be a whole number from ${range[0]} to ${range[1]} (default ${fallback})`,
    );
    return fallback;
  }
  return n;
}

function slackMode(env: NodeJS.ProcessEnv, problems: string[]): SlackMode {
  const botToken = env.SLACK_BOT_TOKEN?.trim() || '';
  const appToken = env.SLACK_APP_TOKEN?.trim() || '';
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || '';
  if (botToken && !botToken.startsWith('xoxb-'))
    problems.push(
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions page of your app)',
    );
  if (appToken && !appToken.startsWith('xapp-'))
    problems.push(
      'SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope connections:write)',
    );
  const port = intVar(env, 'PORT', 3000, [0, 65535], problems);
  if (appToken && botToken) return { kind: 'socket', botToken, appToken, port };
  if (signingSecret && botToken) return { kind: 'http', botToken, signingSecret, port };
  if (appToken || signingSecret)
    problems.push(
      'SLACK_BOT_TOKEN is missing: Socket Mode needs it with SLACK_APP_TOKEN, HTTP mode with SLACK_SIGNING_SECRET',
    );
  else if (botToken)
    problems.push(
      'SLACK_BOT_TOKEN is set alone: add SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode), or unset it for the console',
    );
  return { kind: 'console', port };
}

export interface RedisSettings {
  redisUrl: string;
  redisPrefix: string;
}

function readRedisSettings(env: NodeJS.ProcessEnv, problems: string[]): RedisSettings {
  const redisUrl = env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  const parsed = parseRedisUrl(redisUrl);
  if (!parsed.ok) problems.push(parsed.message);
  const prefix = env.REDIS_PREFIX?.trim() || 'mqtt-why:';
  // In a cluster the prefix becomes a hash tag: all of a deployment's keys share one slot.
  const redisPrefix = parsed.ok ? keyPrefixFor(parsed.target, prefix) : prefix;
  return { redisUrl, redisPrefix };
}

/** Where the bot's state lives, for commands that read it (feedback export). */
export function readRedisConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult<RedisSettings> {
  const problems: string[] = [];
  const settings = readRedisSettings(env, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: settings };
}

export function readBotConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult<BotConfig> {
  const problems: string[] = [];
  const mode = slackMode(env, problems);

  let slackApiUrl: string | null = env.SLACK_API_URL?.trim() || null;
  if (slackApiUrl) {
    if (!/^https?:\/\/[^\s/]+/.test(slackApiUrl))
      problems.push(
        `SLACK_API_URL="${slackApiUrl}" must be an http(s) URL such as http://127.0.0.1:4000/api/`,
      );
    else if (!slackApiUrl.endsWith('/')) slackApiUrl += '/';
  }
  const { redisUrl, redisPrefix } = readRedisSettings(env, problems);
  const visibility = env.ANSWER_VISIBILITY?.trim() || 'channel';
  if (visibility !== 'channel' && visibility !== 'ephemeral')
    problems.push(`ANSWER_VISIBILITY="${visibility}" must be channel (default) or ephemeral`);
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`LOG_LEVEL="${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);
  const passiveAnswersPerMinute = intVar(env, 'PASSIVE_ANSWERS_PER_MINUTE', 6, [0, 1000], problems);
  const maxFileBytes = intVar(
    env,
    'MAX_FILE_BYTES',
    1024 * 1024,
    [1024, 64 * 1024 * 1024],
    problems,
  );
  const answerTtlDays = intVar(env, 'ANSWER_TTL_DAYS', 30, [1, 365], problems);
  const healthHistoryLength = intVar(
    env,
    'HEALTH_HISTORY_LENGTH',
    HISTORY_LENGTH,
    [OVERVIEW_CHECKS, 100_000],
    problems,
  );
  const limits = {
    commandsPerUserPerMinute: intVar(
      env,
      'LIMIT_COMMANDS_PER_USER_PER_MINUTE',
      20,
      [1, 10_000],
      problems,
    ),
    probesPerUserPerHour: intVar(env, 'LIMIT_PROBES_PER_USER_PER_HOUR', 20, [1, 10_000], problems),
    probesPerChannelPerHour: intVar(
      env,
      'LIMIT_PROBES_PER_CHANNEL_PER_HOUR',
      60,
      [1, 100_000],
      problems,
    ),
    webTriagePerAddressPerMinute: intVar(
      env,
      'LIMIT_WEB_TRIAGE_PER_MINUTE',
      30,
      [1, 100_000],
      problems,
    ),
  };
  const metrics = {
    port: intVar(env, 'METRICS_PORT', 9464, [0, 65535], problems),
    host: env.METRICS_HOST?.trim() || '127.0.0.1',
    token: env.METRICS_TOKEN?.trim() || null,
  };
  if (metrics.token !== null && metrics.token.length < 16)
    problems.push(
      'METRICS_TOKEN must be at least 16 characters (or unset: /metrics then stays on METRICS_PORT)',
    );
  const cli = readCliConfig(env, false);
  if (!cli.ok) problems.push(...cli.problems);
  const probes = readProbeSettings(env, problems);
  const webToken = env.WEB_TOKEN?.trim() || null;
  if (webToken !== null && webToken.length < 16)
    problems.push('WEB_TOKEN must be at least 16 characters (or unset: the web UI is then open)');
  const host = env.HOST?.trim() || (mode.kind === 'console' ? '127.0.0.1' : '0.0.0.0');
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host))
    problems.push(
      `HOST="${env.HOST}" must be an address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every address) or a host name`,
    );
  const consoleSetting = env.CONSOLE?.trim().toLowerCase() || 'on';
  if (consoleSetting !== 'on' && consoleSetting !== 'off')
    problems.push(
      `CONSOLE="${env.CONSOLE}" must be on (default: chat in the terminal) or off (headless: web UI, probes and health checks only)`,
    );

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      mode,
      slackApiUrl,
      redisUrl,
      redisPrefix,
      answerVisibility: visibility as BotConfig['answerVisibility'],
      passiveAnswersPerMinute,
      maxFileBytes,
      answerTtlDays,
      healthHistoryLength,
      metrics,
      limits,
      kbDir: cli.ok ? cli.config.kbDir : DEFAULT_KB_DIR,
      logLevel: logLevel as BotConfig['logLevel'],
      probes,
      web: { token: webToken, publicUrl: cli.ok ? cli.config.webUrl : null, host },
      consoleInput: consoleSetting !== 'off',
    },
  };
}

export interface WorkerConfig extends RedisSettings {
  /** WORKER_PORT: where the worker serves /healthz and /metrics; null: not served. */
  opsPort: number | null;
  /** METRICS_HOST: the address WORKER_PORT binds (loopback by default). */
  metricsHost: string;
  /** Null without Slack settings: the worker then records results, and alerts go to the log. */
  botToken: string | null;
  slackApiUrl: string | null;
  kbDir: string;
  logLevel: BotConfig['logLevel'];
  probes: ProbeSettings;
  healthHistoryLength: number;
}

/** `npm run worker`: Redis, where results go (Slack, or only the records and the log), and the probe settings. */
export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult<WorkerConfig> {
  const bot = readBotConfig(env);
  const problems = bot.ok ? [] : [...bot.problems];
  const opsPort = env.WORKER_PORT?.trim()
    ? intVar(env, 'WORKER_PORT', 0, [0, 65535], problems)
    : null;
  if (!bot.ok || problems.length > 0) return { ok: false, problems };
  const c = bot.config;
  return {
    ok: true,
    config: {
      opsPort,
      metricsHost: c.metrics.host,
      redisUrl: c.redisUrl,
      redisPrefix: c.redisPrefix,
      botToken: c.mode.kind === 'console' ? null : c.mode.botToken,
      slackApiUrl: c.slackApiUrl,
      kbDir: c.kbDir,
      logLevel: c.logLevel,
      probes: c.probes,
      healthHistoryLength: c.healthHistoryLength,
    },
  };
}

/** A single variable by name, for options that name one (`--password-env`, `password_env`). */
export function envValue(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[name];
}

/** The whole environment, handed to parsers of files that refer to variables by name (brokers.yml). */
export function environment(): Record<string, string | undefined> {
  return { ...process.env };
}

/** Where brokers.yml is: BROKERS_FILE, or ./brokers.yml (which may be absent: no brokers then). */
export function brokersFilePath(env: NodeJS.ProcessEnv = process.env): {
  path: string;
  explicit: boolean;
} {
  const set = env.BROKERS_FILE?.trim();
  return { path: path.resolve(set || 'brokers.yml'), explicit: Boolean(set) };
}
