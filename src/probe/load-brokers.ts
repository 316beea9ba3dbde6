/** Reads brokers.yml from disk: absent at the default path means "no brokers configured". */
import { promises as fs } from 'fs';
import path from 'path';
import { fileProblem } from '../common/file-errors';
import { BrokersFile, MISSING_SECRET, parseBrokersFile } from './brokers';

/** Where the brokers file is, and what named it (BROKERS_FILE, --brokers, or the default). */
export interface BrokersFileRef {
  path: string;
  /** Named by the user: then a missing file is a problem, not "no brokers". */
  explicit: boolean;
  /** What named the path, for messages; BROKERS_FILE unless told. */
  setBy?: string;
}

/**
 * `found` is false when the default file is absent (no brokers configured); `help` is an example
 * brokers.yml when one helps (not for a file that is only unreadable).
 */
export type BrokersLoad =
  | { ok: true; file: BrokersFile; found: boolean }
  | { ok: false; problems: string[]; help: string | null };

/** A brokers.yml to copy from, for messages about a missing or broken one. */
export const BROKERS_FILE_EXAMPLE = `brokers:
  - name: plant-a
    url: mqtts://broker.plant-a.example.com:8883
    username: mqtt-why-probe
    password_env: PLANT_A_MQTT_PASSWORD   # the variable that holds the password
    health:                               # optional: scheduled checks
      every: 60s
      channel: C0123456789`;

/** What to do about a brokers file that does not load: the example, and where the full one is. */
export function brokersFileHelp(): string {
  return `A brokers.yml looks like this (brokers.example.yml has every key):\n${indent(BROKERS_FILE_EXAMPLE)}`;
}

/** Reads and parses the brokers file; a missing or unreadable file is a value that says which file and how to fix it. */
export async function loadBrokersFile(
  file: BrokersFileRef,
  env: Record<string, string | undefined>,
): Promise<BrokersLoad> {
  const setBy = file.setBy ?? 'BROKERS_FILE';
  let text: string;
  try {
    text = await fs.readFile(file.path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !file.explicit)
      return { ok: true, file: { brokers: [], allowHosts: [] }, found: false };
    const { cause, fix } = fileProblem(err, file.path, 'file');
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    const next = missing
      ? `create it (copy brokers.example.yml) or point ${setBy} at your brokers.yml`
      : fix;
    return {
      ok: false,
      problems: [`cannot read the brokers file ${file.path} (${setBy}): ${cause}; ${next}`],
      help: missing ? brokersFileHelp() : null,
    };
  }
  // The path as the user gave it; the default one relative to where mqtt-why runs.
  const shown = file.explicit ? file.path : path.relative(process.cwd(), file.path) || file.path;
  const parsed = parseBrokersFile(text, shown, env);
  if (parsed.ok) return { ...parsed, found: true };
  // An unset password variable is not a malformed file: an example file would not help.
  const secretsOnly = parsed.problems.every((p) => p.includes(MISSING_SECRET));
  return { ...parsed, help: secretsOnly ? null : brokersFileHelp() };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
