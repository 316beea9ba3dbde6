/**
 * Structured logs (pino) that never carry a secret: known secret fields are censored and every
 * string that reaches a log line goes through the same redaction as chat output. Every line
 * written while a Slack request or a queued job is handled carries its id (`reqId`, `jobId`).
 */
import { AsyncLocalStorage } from 'async_hooks';
import pino, { Logger } from 'pino';
import { redactSecrets } from './common/redact';

export type { Logger } from 'pino';

const SECRET_PATHS = [
  'token',
  'password',
  'secret',
  'signingSecret',
  'botToken',
  'appToken',
  '*.token',
  '*.password',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  'headers.authorization',
  'req.headers.authorization',
];

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error)
    return {
      type: value.name,
      message: redactSecrets(value.message),
      code: (value as { code?: unknown }).code,
    };
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}

/** What ties a log line to the work it belongs to. */
export interface LogContext {
  /** A Slack request: its event id or trigger id (Slack's own, so its retries share it). */
  reqId?: string;
  jobId?: string;
  queue?: string;
}

const logContext = new AsyncLocalStorage<LogContext>();

/** Runs `fn` so that every line logged inside it, however deep, carries `context`. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...context }, fn);
}

/** The context of the work in progress, e.g. to hand a request's id on to the job it queues. */
export function currentLogContext(): LogContext {
  return logContext.getStore() ?? {};
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'mqtt-why' },
      mixin: () => ({ ...logContext.getStore() }),
      redact: { paths: SECRET_PATHS, censor: '****' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => scrub(a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
