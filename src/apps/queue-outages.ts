/**
 * Queue outages in the log: one warning when a queue's Redis goes away (address without password,
 * cause, fix), one line when it is back, whatever the number of retries in between.
 */
import type { Logger } from '../log';
import { REDIS_STARTUP_WAIT_MS } from '../state/redis';
import { redisAddressOf, redisProblem, redisProblemText } from '../state/redis-problem';
import type { OutageReport } from '../../jobs/queue-connection';

/** `what` says what waits meanwhile ("probes wait", "health checks wait"). */
export function queueOutageLog(logger: Logger, redisUrl: string, what: string): OutageReport {
  return {
    down(source, err) {
      const p = redisProblem(redisUrl, err, REDIS_STARTUP_WAIT_MS);
      logger.warn(
        { source, redis: p.address, reason: err.message, fix: p.fix },
        `${source}: ${redisProblemText(p)}; ${what} until it is back (retrying every few seconds)`,
      );
    },
    up(source) {
      logger.info(
        { source, redis: redisAddressOf(redisUrl) },
        `${source}: Redis is reachable again`,
      );
    },
    problem(source, err) {
      logger.warn({ source, reason: err.message }, `${source}: queue error`);
    },
  };
}
