/** `mqtt-why health --once`: run every configured health check now and print the table. */
import { brokersFilePath, environment } from '../config';
import { Triage } from '../core/triage';
import { classify } from '../alerts/health-state';
import { loadBrokersFile } from '../probe/load-brokers';
import { runProbe } from '../probe/probe';
import { ParsedArgs } from './args';
import { CliIo, EXIT, ExitCode, write } from './io';
import { targetFromBroker } from '../probe/brokers';
import { DEFAULT_PROBE_TIMEOUT_MS } from './probe-command';

export async function healthCommand(
  io: CliIo,
  args: ParsedArgs,
  triage: Triage,
): Promise<ExitCode> {
  if (!args.flags.has('--once') || args.words.length !== 1) {
    write(
      io.stderr,
      'mqtt-why health --once: run every configured health check now (scheduled checks run in npm start / npm run worker)',
    );
    return EXIT.usage;
  }
  const file = args.flags.get('--brokers') as string | undefined;
  const loaded = await loadBrokersFile(
    file ? { path: file, explicit: true } : brokersFilePath(),
    environment(),
  );
  if (!loaded.ok) {
    write(io.stderr, `mqtt-why health: ${loaded.problems.join('\n')}`);
    return EXIT.usage;
  }
  const checked = loaded.file.brokers.filter((b) => b.health);
  if (checked.length === 0) {
    write(io.stderr, 'mqtt-why health: no broker in brokers.yml has a health block');
    return EXIT.usage;
  }
  const diagnose = triage.diagnose;
  const rows = await Promise.all(
    checked.map(async (b) => {
      const result = await runProbe(
        targetFromBroker(b),
        { timeoutMs: DEFAULT_PROBE_TIMEOUT_MS, takeover: false, steps: b.health!.steps },
        diagnose,
      );
      const { outcome, reason } = classify(result, b.health!);
      const ms = result.steps.reduce((a, s) => a + s.ms, 0);
      return { name: b.name, outcome, ms, reason, diagnosis: result.diagnosis };
    }),
  );
  const width = Math.max(6, ...rows.map((r) => r.name.length));
  write(io.stdout, `${'BROKER'.padEnd(width)}  STATE     MS      WHY`);
  for (const r of rows) {
    const state = r.outcome === 'ok' ? 'UP' : r.outcome === 'degraded' ? 'DEGRADED' : 'DOWN';
    write(
      io.stdout,
      `${r.name.padEnd(width)}  ${state.padEnd(8)}  ${r.ms.toFixed(0).padStart(6)}  ${r.reason}${r.diagnosis.length ? ` -> ${r.diagnosis[0]}` : ''}`,
    );
  }
  return rows.every((r) => r.outcome !== 'fail') ? EXIT.answered : EXIT.nothing;
}
