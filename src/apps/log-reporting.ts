/**
 * Where results go when there is no chat to post them in (`npm run worker` without Slack, probes
 * asked for from the console): the log. Health state is recorded by the health check itself, so
 * the web UI shows it whoever announced it.
 */
import { randomUUID } from 'crypto';
import { HealthNotifier } from '../alerts/notifier';
import { KnowledgeBase } from '../kb/load';
import type { Logger } from '../log';
import { ProbeReporter } from '../probe/report';
import { noticeLine } from '../render/health-text';

export function logProbeReporter(logger: Logger): ProbeReporter {
  return {
    async start() {
      return randomUUID();
    },
    async progress() {},
    async finish(_where, ref, report) {
      const failed = report.result.steps.find((s) => !s.ok);
      logger.info(
        {
          ref,
          target: report.result.target,
          ok: report.result.ok,
          failedStep: failed?.name ?? null,
          diagnosis: report.result.diagnosis,
          changes: report.changes,
        },
        report.result.ok ? 'probe done: healthy' : `probe done: ${failed?.name ?? 'a step'} failed`,
      );
    },
    async failed(_where, ref, reason, requestId) {
      logger.warn({ ref, requestId, reason }, 'probe could not run');
    },
  };
}

export function logHealthNotifier(logger: Logger, kb: KnowledgeBase | null): HealthNotifier {
  return {
    async announce(a) {
      const line = noticeLine(a, kb);
      const context = { broker: a.broker, notice: a.notice.kind, state: a.health.state };
      if (a.notice.kind === 'down' || a.notice.kind === 'flapping') logger.warn(context, line);
      else logger.info(context, line);
      return null;
    },
  };
}
