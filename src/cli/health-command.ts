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
      'mqtt-why health needs --once: mqtt-why health --once runs every configured health check now (scheduled checks run in npm start / npm run worker)',
    );
    return EXIT.usage;
  }
  const flagged = args.flags.get('--brokers') as string | undefined;
  const file = flagged ? { path: flagged, explicit: true, setBy: '--brokers' } : brokersFilePath();
  const loaded = await loadBrokersFile(file, environment());
  if (!loaded.ok) {
    write(io.stderr, `mqtt-why health: ${[...loaded.problems, loaded.help ?? ''].join('\n')}`);
    return EXIT.usage;
  }
  const checked = loaded.file.brokers.filter((b) => b.health);
  if (checked.length === 0) {
    const count = loaded.file.brokers.length;
    const why = !loaded.found
      ? `no brokers file: ${file.path} does not exist (BROKERS_FILE or --brokers names another)`
      : count === 0
        ? `${file.path} lists no brokers`
        : `none of the ${count} broker(s) in ${file.path} has a health block`;
    write(
      io.stderr,
      `mqtt-why health: nothing to check, ${why}. Give a broker a health block:\n${indent(HEALTH_EXAMPLE)}`,
    );
    return EXIT.usage;
  }
  const diagnose = (evidence: string) => triage.triage(evidence).matches.map((m) => m.id);
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

const HEALTH_EXAMPLE = `brokers:
  - name: plant-a
    url: mqtts://broker.plant-a.example.com:8883
    health:
      every: 60s            # how often npm start / npm run worker check it
      channel: C0123456789  # where alerts go (optional here)`;

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
