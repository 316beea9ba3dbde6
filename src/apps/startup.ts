/**
 * What `npm start` and `npm run worker` both do before anything else: load the KB and brokers.yml,
 * and refuse to start, with every problem listed, when either is broken (no half start).
 */
import { DEFAULT_KB_DIR, environment } from '../config';
import { withDeadline } from '../common/deadline';
import type { Logger } from '../log';
import { formatProblem } from '../kb/entry';
import { KnowledgeBase, loadKnowledgeBase } from '../kb/load';
import { Triage } from '../core/triage';
import { BrokersFile } from '../probe/brokers';
import { loadBrokersFile } from '../probe/load-brokers';

export interface Loaded {
  kb: KnowledgeBase;
  triage: Triage;
  brokers: BrokersFile;
}

export function refuse(who: string, what: string, problems: string[]): null {
  process.stderr.write(
    `${who}: cannot start, ${what}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  return null;
}

export async function loadForStart(
  who: string,
  kbDir: string,
  brokersFile: { path: string; explicit: boolean },
): Promise<Loaded | null> {
  const loaded = await loadKnowledgeBase(kbDir);
  if (!loaded.ok)
    return refuse(
      who,
      `the knowledge base in ${kbDir}${kbDir === DEFAULT_KB_DIR ? '' : ' (MQTT_WHY_KB_DIR)'} does not load`,
      loaded.problems.filter((p) => p.severity === 'error').map(formatProblem),
    );
  const brokers = await loadBrokersFile(brokersFile, environment());
  if (!brokers.ok) {
    refuse(who, `the brokers file ${brokersFile.path} does not load`, brokers.problems);
    if (brokers.help) process.stderr.write(`${brokers.help}\n`);
    return null;
  }
  return { kb: loaded.kb, triage: new Triage(loaded.kb), brokers: brokers.file };
}

/** Runs an app's main, exiting with its code; an unexpected error is reported in one line. */
/**
 * Runs a shutdown, but no longer than `graceMs`: a probe stuck on a broker must not keep a
 * SIGTERM from finishing. Whatever is still running then is left to the process exit (a queued
 * job's lock expires and another worker takes it over).
 */
export async function stopWithin(
  graceMs: number,
  logger: Logger,
  stop: () => Promise<void>,
): Promise<void> {
  const stopped = await withDeadline(
    stop().catch((err: Error) => logger.warn({ reason: err.message }, 'shutdown step failed')),
    graceMs,
  );
  if (!stopped.ok)
    logger.warn(
      { graceMs },
      'shutdown grace over: exiting with work in flight (other workers take it over)',
    );
}

/**
 * One bad request must not take the process down: a promise some library forgot to handle is
 * logged and the bot goes on (Bolt's receiver rejects unhandled on a signed body of `null`). A
 * thrown exception nobody caught leaves the process in an unknown state: logged, then exit.
 */
export function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error(
      { reason: reason instanceof Error ? reason.message : String(reason) },
      'unhandled promise rejection (ignored)',
    );
  });
  process.on('uncaughtException', (err: Error) => {
    logger.fatal({ reason: err.message }, 'uncaught exception: exiting');
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  });
}

export function runMain(who: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${who}: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
