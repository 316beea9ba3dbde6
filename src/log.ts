/**
 * Structured logs (pino) that never carry a secret: known secret fields are censored and every
 * string that reaches a log line goes through the same redaction as chat output.
 */
import pino, { Logger } from 'pino';
import { redactSecrets } from './core/redact';

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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'mqtt-why' },
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
