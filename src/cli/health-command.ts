/** `mqtt-why health --once`: run every configured health check now and print the table. */
import { totalMs } from '../probe/types';
import { brokersFilePath, environment } from '../config';
import { Triage } from '../core/triage';
import { classify } from '../alerts/health-state';
import { loadBrokersFile } from '../probe/load-brokers';
import { runProbe } from '../probe/probe';
import { Column, renderTable } from '../render/table';
import { CommandContext } from './commands';
import { EXIT, ExitCode, tableWidth, write } from './io';
import { targetFromBroker } from '../probe/brokers';
import { DEFAULT_PROBE_TIMEOUT_MS } from './probe-command';

export async function healthCommand(ctx: CommandContext, triage: Triage): Promise<ExitCode> {
  const { io, args } = ctx;
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
  const diagnose = triage.diagnose;
  const rows = await Promise.all(
    checked.map(async (b) => {
      const result = await runProbe(
        targetFromBroker(b),
        { timeoutMs: DEFAULT_PROBE_TIMEOUT_MS, takeover: false, steps: b.health!.steps },
        diagnose,
      );
      const { outcome, reason } = classify(result, b.health!);
      const ms = totalMs(result);
      return { name: b.name, outcome, ms, reason, diagnosis: result.diagnosis };
    }),
  );
  const columns: Column[] = [
    { header: 'BROKER', shrink: 2, min: 12 },
    { header: 'STATE' },
    { header: 'MS', align: 'right' },
    { header: 'WHY', shrink: 1, min: 16 },
    { header: 'KB ENTRY', shrink: 3, min: 24 },
  ];
  const cells = rows.map((r) => [
    r.name,
    STATE[r.outcome].label,
    r.ms.toFixed(0),
    r.reason,
    r.diagnosis[0] ?? '',
  ]);
  const paint = (cell: string, row: number, column: number) =>
    ctx.colour && column === 1 ? `\x1b[${STATE[rows[row]!.outcome].colour}m${cell}\x1b[0m` : cell;
  write(io.stdout, renderTable(columns, cells, { maxWidth: tableWidth(io), paint }).join('\n'));
  return rows.every((r) => r.outcome !== 'fail') ? EXIT.answered : EXIT.nothing;
}

/** How each outcome reads in the table, and its colour on a terminal (green, yellow, red). */
const STATE = {
  ok: { label: 'UP', colour: '32' },
  degraded: { label: 'DEGRADED', colour: '33' },
  fail: { label: 'DOWN', colour: '31' },
} as const;

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
