/**
 * Scheduled health checks on BullMQ: one job scheduler per broker with a `health` block, kept in
 * step with brokers.yml at every start (added, changed and removed brokers), so with any number of
 * workers each check runs once per interval.
 */
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { HealthCheckDeps, HealthCheckDone, runHealthCheck } from '../src/alerts/health-check';
import { BrokerConfig } from '../src/probe/brokers';

export const HEALTH_QUEUE = 'health';
const SCHEDULER_PREFIX = 'health:';

export type { HealthCheckDone } from '../src/alerts/health-check';

export interface HealthJobData {
  broker: string;
}

/** Adds, updates and removes job schedulers so they match the configured health blocks. */
export async function syncHealthSchedules(
  queue: Queue,
  brokers: BrokerConfig[],
): Promise<{ added: string[]; removed: string[] }> {
  const wanted = brokers.filter((b) => b.health);
  for (const b of wanted)
    await queue.upsertJobScheduler(
      `${SCHEDULER_PREFIX}${b.name}`,
      { every: b.health!.everyMs },
      {
        name: 'health',
        data: { broker: b.name } satisfies HealthJobData,
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
  const names = new Set(wanted.map((b) => `${SCHEDULER_PREFIX}${b.name}`));
  const existing = await queue.getJobSchedulers(0, -1);
  const removed: string[] = [];
  for (const s of existing) {
    const id = s.key;
    if (id && id.startsWith(SCHEDULER_PREFIX) && !names.has(id)) {
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
