/**
 * Scheduled health checks without Redis (the console on a laptop): one timer per broker in this
 * process, the same check as the queued one, records kept in memory. A check still running when
 * its next turn comes is not started twice.
 */
import { HealthCheckDeps, runHealthCheck } from '../alerts/health-check';
import { BrokerConfig } from '../probe/brokers';
import { withDeadline } from '../common/deadline';

export interface LocalHealth {
  close(graceMs?: number): Promise<void>;
}

export function startLocalHealthChecks(
  deps: HealthCheckDeps,
  brokers: BrokerConfig[],
  onError: (broker: string, err: Error) => void,
): LocalHealth {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  let closed = false;
  for (const b of brokers) {
    const health = b.health;
    if (!health) continue;
    const check = () => {
      if (closed || running.has(b.name)) return;
      const run = runHealthCheck(deps, { ...b, health })
        .catch((err: Error) => onError(b.name, err))
        .finally(() => running.delete(b.name));
      running.set(b.name, run);
    };
    // The first check at once, as a BullMQ job scheduler does, then every interval.
    check();
    timers.push(setInterval(check, health.everyMs));
  }
  return {
    async close(graceMs = 10_000) {
      closed = true;
      for (const t of timers) clearInterval(t);
      await withDeadline(Promise.all(running.values()), graceMs);
    },
  };
}
