/**
 * Scheduled health checks on BullMQ: one job scheduler per broker with a `health` block, kept in
 * step with brokers.yml at every start (added, changed and removed brokers), so with any number of
 * workers each check runs once per interval. Each scheduler fires at its own stable point of the
 * interval (`scheduleOffset`), so thousands of brokers are checked evenly, not in one burst.
 */
import { createHash } from 'crypto';
import { Job, JobSchedulerJson, JobsOptions, Queue, UnrecoverableError } from 'bullmq';
import { HealthCheckDeps, HealthCheckDone, runHealthCheck } from '../src/alerts/health-check';
import { BrokerConfig } from '../src/probe/brokers';

export const HEALTH_QUEUE = 'health';
const SCHEDULER_PREFIX = 'health:';

export type { HealthCheckDone } from '../src/alerts/health-check';

export interface HealthJobData {
  broker: string;
}

const JOB_OPTS: JobsOptions = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };

/**
 * Where in each interval a broker's checks run: a stable point from its name, in [1, everyMs)
 * (BullMQ reads an offset of 0 as "none" and would start the scheduler at the moment it is made).
 * The same on every start and every process, and spread evenly over the interval by the hash.
 */
export function scheduleOffset(broker: string, everyMs: number): number {
  if (everyMs <= 1) return 0;
  const h = createHash('sha1').update(broker).digest().readUIntBE(0, 6);
  return 1 + (h % (everyMs - 1));
}

const SYNC_PARALLEL = 100;

/** The scheduler exists with this interval, offset, job and options: nothing to write. */
function upToDate(
  s: JobSchedulerJson | undefined,
  broker: string,
  every: number,
  offset: number,
): boolean {
  if (!s || s.every !== every || s.next === undefined || s.next % every !== offset) return false;
  const data = s.template?.data as Partial<HealthJobData> | undefined;
  const opts = s.template?.opts;
  return (
    s.name === 'health' &&
    data?.broker === broker &&
    JSON.stringify(opts?.removeOnComplete) === JSON.stringify(JOB_OPTS.removeOnComplete) &&
    JSON.stringify(opts?.removeOnFail) === JSON.stringify(JOB_OPTS.removeOnFail)
  );
}

/**
 * Adds, updates and removes job schedulers so they match the configured health blocks. A scheduler
 * made before offsets existed (its next run off its point in the interval) is made again. A broker
 * whose scheduler is new gets one check now, as its first scheduled one may be up to an interval away.
 */
export async function syncHealthSchedules(
  queue: Queue,
  brokers: BrokerConfig[],
): Promise<{ added: string[]; removed: string[] }> {
  const wanted = brokers.filter((b) => b.health);
  const existing = new Map(
    (await queue.getJobSchedulers(0, -1)).flatMap((s) => (s.key ? [[s.key, s] as const] : [])),
  );
  const firsts: { broker: string; every: number }[] = [];
  const sync = async (b: BrokerConfig): Promise<void> => {
    const id = `${SCHEDULER_PREFIX}${b.name}`;
    const every = b.health!.everyMs;
    const offset = scheduleOffset(b.name, every);
    const before = existing.get(id);
    if (!before) firsts.push({ broker: b.name, every });
    // A restart with brokers.yml unchanged leaves its schedulers as they are: one Redis call for
    // all of them (the list above), not one per broker.
    if (upToDate(before, b.name, every, offset)) return;
    if (before && before.every === every && before.next !== undefined)
      if (before.next % every !== offset) await queue.removeJobScheduler(id);
    await queue.upsertJobScheduler(
      id,
      { every, offset },
      { name: 'health', data: { broker: b.name } satisfies HealthJobData, opts: JOB_OPTS },
    );
  };
  // Schedulers that do need writing go out SYNC_PARALLEL at a time, not one round trip each.
  for (let i = 0; i < wanted.length; i += SYNC_PARALLEL)
    await Promise.all(wanted.slice(i, i + SYNC_PARALLEL).map(sync));
  for (let i = 0; i < firsts.length; i += 500)
    await queue.addBulk(
      firsts.slice(i, i + 500).map(({ broker, every }) => ({
        name: 'health',
        data: { broker } satisfies HealthJobData,
        // One id per broker and interval: a bot and a worker starting together add it once.
        opts: { ...JOB_OPTS, jobId: `health-first-${broker}-${Math.floor(Date.now() / every)}` },
      })),
    );
  const names = new Set(wanted.map((b) => `${SCHEDULER_PREFIX}${b.name}`));
  const removed: string[] = [];
  for (const id of existing.keys()) {
    if (id.startsWith(SCHEDULER_PREFIX) && !names.has(id)) {
      await queue.removeJobScheduler(id);
      removed.push(id.slice(SCHEDULER_PREFIX.length));
    }
  }
  return { added: wanted.map((b) => b.name), removed };
}

export type HealthProcessorDeps = HealthCheckDeps & { brokers: BrokerConfig[] };

export function createHealthProcessor(deps: HealthProcessorDeps) {
  return async (job: Job): Promise<HealthCheckDone> => {
    const name = (job.data as Partial<HealthJobData>).broker;
    const broker = deps.brokers.find((b) => b.name === name);
    // A scheduler left over from an older config: nothing to check (the next sync removes it).
    if (!broker?.health)
      throw new UnrecoverableError(`no health settings for broker "${String(name)}"`);
    return runHealthCheck(deps, { ...broker, health: broker.health });
  };
}
