/**
 * One scheduled health check of one broker: probe it, classify, advance the state machine in the
 * store, announce a transition. The same whoever schedules it (a BullMQ job scheduler, or the
 * console's own timers when there is no Redis).
 */
import { stepOf, totalMs } from '../probe/types';
import { FlapSettings, advance, classify } from './health-state';
import { CheckRecord, HealthRecords } from './health-records';
import { HealthNotifier } from './notifier';
import { BrokerConfig, HealthSettings, targetFromBroker } from '../probe/brokers';
import { Diagnoser, runProbe } from '../probe/probe';

/** How long a worker that is sending a notice has before another may send it again. */
const CLAIM_MS = 30_000;

export interface HealthCheckDone {
  broker: string;
  state: string;
  notice: string | null;
}

export interface HealthCheckDeps {
  diagnose: Diagnoser;
  store: HealthRecords;
  notifier: HealthNotifier;
  timeoutMs: number;
  flap?: FlapSettings;
  now?: () => number;
}

const round1 = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * One scheduled health check of one broker: probe it (only the steps its health block names),
 * classify the result against its latency thresholds, record the check with the state machine's
 * transition (`advance`), and hand a transition, if any, to the notifier. Never throws for the
 * broker's behaviour; a store that cannot be reached rejects (the job retries).
 */
export async function runHealthCheck(
  deps: HealthCheckDeps,
  broker: BrokerConfig & { health: HealthSettings },
): Promise<HealthCheckDone> {
  const now = deps.now ?? Date.now;
  const settings = broker.health;
  const result = await runProbe(
    targetFromBroker(broker, 'mqtt-why-health'),
    { timeoutMs: deps.timeoutMs, takeover: false, steps: settings.steps },
    deps.diagnose,
  );
  const { outcome, reason } = classify(result, settings);
  const t = now();
  const flap = deps.flap ?? { count: 4, windowMs: Math.max(10 * settings.everyMs, 10 * 60_000) };
  const days = stepOf(result, 'tls')?.details.daysToExpiry;
  const check: CheckRecord = {
    t,
    outcome,
    ms: round1(totalMs(result)),
    reason,
    certDays: typeof days === 'number' ? days : null,
    steps: result.steps
      .filter((s) => !s.skipped)
      .map((s) => ({ name: s.name, ms: round1(s.ms), ok: s.ok })),
    // Only failures have explanations; an empty list is left out (history is kept per check).
    ...(result.diagnosis.length > 0 ? { kbIds: result.diagnosis.slice(0, 3) } : {}),
  };
  const { next, notice } = await deps.store.record(broker.name, check, (h) => {
    const step = advance(h, outcome, t, settings, flap);
    // A notice stays pending until delivered, so a Slack outage loses no alert; whoever sends
    // it claims it for a while, so two workers never send it twice.
    const retry = h.pending && (h.pendingClaimedUntil ?? 0) < t ? h.pending : null;
    const notice = step.notice ?? retry;
    const pending = step.notice ?? h.pending ?? null;
    const pendingClaimedUntil = notice ? t + CLAIM_MS : (h.pendingClaimedUntil ?? 0);
    return { next: { ...step.next, pending, pendingClaimedUntil }, notice };
  });
  if (notice) {
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
}
