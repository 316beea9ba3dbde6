/**
 * Scheduled health checks on BullMQ: one job scheduler per broker with a `health` block, kept in
 * step with brokers.yml at every start (added, changed and removed brokers), so with any number of
 * workers each check runs once per interval.
 */
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { FlapSettings, advance, classify } from '../src/alerts/health-state';
import { HealthNotifier } from '../src/alerts/notifier';
import { BrokerConfig, targetFromBroker } from '../src/probe/brokers';
import { Diagnoser, runProbe } from '../src/probe/probe';
import { HealthStore } from '../src/state/health-store';

export const HEALTH_QUEUE = 'health';
/** How long a worker that is sending a notice has before another may send it again. */
const CLAIM_MS = 30_000;
const SCHEDULER_PREFIX = 'health:';

export interface HealthCheckDone {
  broker: string;
  state: string;
  notice: string | null;
}

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

export interface HealthProcessorDeps {
  brokers: BrokerConfig[];
  diagnose: Diagnoser;
  store: HealthStore;
  notifier: HealthNotifier;
  timeoutMs: number;
  flap?: FlapSettings;
  now?: () => number;
}

export function createHealthProcessor(deps: HealthProcessorDeps) {
  const now = deps.now ?? Date.now;
  return async (job: Job): Promise<HealthCheckDone> => {
    const name = (job.data as Partial<HealthJobData>).broker;
    const broker = deps.brokers.find((b) => b.name === name);
    // A scheduler left over from an older config: nothing to check (the next sync removes it).
    if (!broker?.health)
      throw new UnrecoverableError(`no health settings for broker "${String(name)}"`);
    const settings = broker.health;
    const result = await runProbe(
      targetFromBroker(broker, 'mqtt-why-health'),
      { timeoutMs: deps.timeoutMs, takeover: false, steps: settings.steps },
      deps.diagnose,
    );
    const { outcome, reason } = classify(result, settings);
    const t = now();
    const flap = deps.flap ?? { count: 4, windowMs: Math.max(10 * settings.everyMs, 10 * 60_000) };
    const days = result.steps.find((s) => s.name === 'tls')?.details.daysToExpiry;
    const { next, notice } = await deps.store.record(
      broker.name,
      {
        t,
        outcome,
        ms: result.steps.reduce((a, s) => a + s.ms, 0),
        reason,
        certDays: typeof days === 'number' ? days : null,
      },
      (h) => {
        const step = advance(h, outcome, t, settings, flap);
        // A notice stays pending until delivered, so a Slack outage loses no alert; whoever sends
        // it claims it for a while, so two workers never send it twice.
        const retry = h.pending && (h.pendingClaimedUntil ?? 0) < t ? h.pending : null;
        const notice = step.notice ?? retry;
        const pending = step.notice ?? h.pending ?? null;
        const pendingClaimedUntil = notice ? t + CLAIM_MS : (h.pendingClaimedUntil ?? 0);
        return { next: { ...step.next, pending, pendingClaimedUntil }, notice };
      },
    );
    if (notice && settings.channel) {
      const ref = await deps.notifier.announce({
        broker: broker.name,
        channel: settings.channel,
        notice,
        health: next,
        result,
        reason,
      });
      const opensThread = notice.kind === 'down' || (notice.kind === 'flapping' && !next.alertRef);
      await deps.store.delivered(broker.name, opensThread ? ref : null);
    }
    return { broker: broker.name, state: next.state, notice: notice?.kind ?? null };
  };
}
