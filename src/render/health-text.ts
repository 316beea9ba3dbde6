/** Health announcements as one line of text: the console prints it, the log records it. */
import { duration } from '../alerts/status';
import { HealthAnnouncement } from '../alerts/notifier';
import { KnowledgeBase } from '../kb/load';

export function noticeLine(a: HealthAnnouncement, kb: KnowledgeBase | null): string {
  switch (a.notice.kind) {
    case 'down': {
      const failed = a.result.steps.find((s) => !s.ok);
      const [id] = a.result.diagnosis;
      const title = id ? kb?.byId.get(id)?.title : undefined;
      const why = failed ? `${failed.name} failed: ${failed.summary}` : a.reason;
      return `${a.broker} is DOWN — ${why}${id ? ` — likely: ${title ? `${title} (${id})` : id}` : ''}`;
    }
    case 'recovered':
      return `${a.broker} is ${a.notice.to} again after ${duration(a.notice.downForMs ?? 0)} down`;
    case 'degraded':
      return `${a.broker} is DEGRADED — ${a.reason}`;
    case 'normal':
      return `${a.broker} is UP again (${a.reason})`;
    case 'flapping':
      return `${a.broker} keeps changing state (now ${a.notice.to}): one more line when it settles`;
    case 'stable':
      return `${a.broker} has settled: ${a.notice.to}`;
  }
}
