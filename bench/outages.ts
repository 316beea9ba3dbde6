/** Queue outages during a bench, on stderr: the bench's output stays the measurement. */
import type { OutageReport } from '../jobs/queue-connection';

export const stderrOutages: OutageReport = {
  down: (source, err) => process.stderr.write(`${source}: Redis unreachable (${err.message})\n`),
  up: (source) => process.stderr.write(`${source}: Redis reachable again\n`),
  problem: (source, err) => process.stderr.write(`${source}: ${err.message}\n`),
};
