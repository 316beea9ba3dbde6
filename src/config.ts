/**
 * The only reader of process.env. Each app reads and validates its configuration once at start;
 * every problem is listed at once with what the variable should look like.
 */
import path from 'path';

/** The KB shipped with the package: <package root>/kb, from dist/src or src alike. */
export const PACKAGE_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);
export const DEFAULT_KB_DIR = path.join(PACKAGE_ROOT, 'kb');

export interface CliConfig {
  kbDir: string;
  /** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
  colour: boolean;
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
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { kbDir: path.resolve(kbDir), colour } };
}
