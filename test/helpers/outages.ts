/** An OutageReport that records what a queue told it, for tests to assert on. */
import type { OutageReport } from '../../jobs/queue-connection';

export interface RecordedOutages extends OutageReport {
  events: string[];
}

export function recordOutages(): RecordedOutages {
  const events: string[] = [];
  return {
    events,
    down: (source) => void events.push(`down ${source}`),
    up: (source) => void events.push(`up ${source}`),
    problem: (source, err) => void events.push(`problem ${source}: ${err.message}`),
  };
}
