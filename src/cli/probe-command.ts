/**
 * `mqtt-why probe <url | broker name> [--json]`: probe a broker inline, no Redis needed.
 * Exit 0 when every step passed, 1 when one failed, 2 on a usage error (a contract).
 */
import { brokersFilePath, envValue, environment } from '../config';
import type { Triage } from '../core/triage';
import { loadBrokersFile } from '../probe/load-brokers';
import { runProbe } from '../probe/probe';
import { ProbeTarget, ProtocolChoice } from '../probe/types';
import { parseBrokerUrl } from '../probe/endpoint';
import { renderProbe } from '../render/probe-text';
import { ParsedArgs } from './args';
import { CliIo, EXIT, ExitCode, write } from './io';
import { parseDuration, targetFromBroker, targetFromEndpoint } from '../probe/brokers';

export const DEFAULT_PROBE_TIMEOUT_MS = 5000;

type TargetResult = { ok: true; target: ProbeTarget } | { ok: false; message: string };

async function resolveTarget(args: ParsedArgs): Promise<TargetResult> {
  const [, what] = args.words;
  const flag = (name: string) => args.flags.get(name) as string | undefined;
  if (!what || args.words.length > 2)
    return {
      ok: false,
      message: 'probe what? mqtt-why probe <mqtt://host:port | broker name> [--json]',
    };
  let base: ProbeTarget;
  if (what.includes('://')) {
    const parsed = parseBrokerUrl(what);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    // The operator at a terminal may probe any address, loopback included.
    base = {
      ...targetFromEndpoint(parsed.endpoint),
      username: parsed.username,
      password: parsed.password,
    };
  } else {
    const file = brokersFilePath();
    const brokersPath = flag('--brokers');
    const loaded = await loadBrokersFile(
      brokersPath ? { path: brokersPath, explicit: true } : file,
      environment(),
    );
    if (!loaded.ok) return { ok: false, message: loaded.problems.join('\n') };
    const broker = loaded.file.brokers.find((b) => b.name === what);
    if (!broker) {
      const names = loaded.file.brokers.map((b) => b.name);
      return {
        ok: false,
        message: `no broker named "${what}"${names.length ? ` (configured: ${names.join(', ')})` : ' (no brokers.yml, or it lists none)'}; or give a URL such as mqtt://host:1883`,
      };
    }
    base = targetFromBroker(broker);
  }
  const protocol = flag('--protocol') ?? base.protocol;
  if (!['3.1.1', '5', 'auto'].includes(protocol))
    return { ok: false, message: `--protocol must be 3.1.1, 5 or auto` };
  let password = flag('--password') ?? base.password;
  const passwordEnv = flag('--password-env');
  if (passwordEnv) {
    const value = envValue(passwordEnv);
    if (value === undefined)
      return { ok: false, message: `--password-env names ${passwordEnv}, which is not set` };
    password = value;
  }
  return {
    ok: true,
    target: {
      ...base,
      username: flag('--username') ?? base.username,
      password,
      protocol: protocol as ProtocolChoice,
      clientIdPrefix: flag('--client-id') ?? base.clientIdPrefix,
      tls: {
        ca: flag('--ca') ?? base.tls.ca,
        cert: flag('--cert') ?? base.tls.cert,
        key: flag('--key') ?? base.tls.key,
        insecure: args.flags.has('--insecure') || base.tls.insecure,
      },
    },
  };
}

export async function probeCommand(
  io: CliIo,
  args: ParsedArgs,
  /** Opened only to explain a failure; null when the KB does not load (the caller says so). */
  triage: () => Triage | null,
  colour: boolean,
): Promise<ExitCode> {
  const resolved = await resolveTarget(args);
  if (!resolved.ok) {
    write(io.stderr, `mqtt-why probe: ${resolved.message}`);
    return EXIT.usage;
  }
  const timeoutFlag = args.flags.get('--timeout') as string | undefined;
  const timeoutMs = timeoutFlag
    ? parseDuration(/^\d+$/.test(timeoutFlag) ? `${timeoutFlag}ms` : timeoutFlag)
    : DEFAULT_PROBE_TIMEOUT_MS;
  if (timeoutMs === null || timeoutMs < 100) {
    write(
      io.stderr,
      'mqtt-why probe: --timeout takes a duration such as 5s or 1500 (ms), at least 100 ms',
    );
    return EXIT.usage;
  }
  const diagnose = (evidence: string) =>
    triage()
      ?.triage(evidence)
      .matches.map((m) => m.id) ?? [];
  const result = await runProbe(
    resolved.target,
    { timeoutMs, takeover: args.flags.has('--takeover') },
    diagnose,
  );
  if (args.flags.has('--json')) write(io.stdout, JSON.stringify(result, null, 2));
  else
    write(
      io.stdout,
      renderProbe(result, result.diagnosis.length > 0 ? (triage()?.kb ?? null) : null, colour),
    );
  return result.ok ? EXIT.answered : EXIT.nothing;
}
