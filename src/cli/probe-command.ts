/**
 * `mqtt-why probe <url | broker name> [--json]`: probe a broker inline, no Redis needed.
 * Exit 0 when every step passed, 1 when one failed, 2 on a usage error (a contract).
 */
import { promises as fs } from 'fs';
import { brokersFilePath, envValue, environment } from '../config';
import { fileProblem } from '../common/file-errors';
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
      message:
        'probe what? Give a broker URL or a name from brokers.yml, e.g. mqtt-why probe mqtt://127.0.0.1:1883 or mqtt-why probe plant-a',
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
    const brokersPath = flag('--brokers');
    const file = brokersPath
      ? { path: brokersPath, explicit: true, setBy: '--brokers' }
      : brokersFilePath();
    const loaded = await loadBrokersFile(file, environment());
    if (!loaded.ok)
      return { ok: false, message: [...loaded.problems, loaded.help ?? ''].join('\n') };
    const broker = loaded.file.brokers.find((b) => b.name === what);
    if (!broker) {
      const names = loaded.file.brokers.map((b) => b.name);
      return {
        ok: false,
        message: `no broker named "${what}"${names.length ? ` (configured: ${names.join(', ')}) in ${file.path}` : loaded.found ? `: ${file.path} lists none` : `: ${file.path} does not exist (set BROKERS_FILE or --brokers)`}; give a configured name, or a URL such as mqtt://${/^(?:\[[^\]]*\]|[^:]+):\d+$/.test(what) ? what : `${what.replace(/:$/, '')}:1883`}`,
      };
    }
    base = targetFromBroker(broker);
  }
  const protocol = flag('--protocol') ?? base.protocol;
  if (!['3.1.1', '5', 'auto'].includes(protocol))
    return {
      ok: false,
      message: `--protocol "${protocol}" is not an MQTT version: use 3.1.1, 5 or auto, e.g. mqtt-why probe mqtt://broker:1883 --protocol 5`,
    };
  for (const name of ['--ca', '--cert', '--key']) {
    const unreadable = await unreadableFile(flag(name));
    if (unreadable) return { ok: false, message: `${name}: ${unreadable}` };
  }
  let password = flag('--password') ?? base.password;
  const passwordEnv = flag('--password-env');
  if (passwordEnv) {
    const value = envValue(passwordEnv);
    if (value === undefined)
      return {
        ok: false,
        message: `--password-env names ${passwordEnv}, which is not set: export ${passwordEnv}=<the password> first (it keeps the password off the command line)`,
      };
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

/** Why a TLS file given on the command line cannot be read, with the fix; null when it can. */
async function unreadableFile(file: string | undefined): Promise<string | null> {
  if (!file) return null;
  try {
    await fs.readFile(file);
    return null;
  } catch (err) {
    const { cause, fix } = fileProblem(err, file, 'file');
    return `${cause}; ${fix}`;
  }
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
      `mqtt-why probe: --timeout "${timeoutFlag}" is not a duration of at least 100 ms${timeoutFlag && /^\d+$/.test(timeoutFlag) ? ` (a bare number is milliseconds: ${timeoutFlag} seconds is --timeout ${timeoutFlag}s)` : ''}: e.g. --timeout 5s, --timeout 1500 (ms)`,
    );
    return EXIT.usage;
  }
  // With a KB that does not load, no entry can be shown: the probe reports what it saw, no more.
  // The KB is opened only when a failure needs explaining (a healthy probe never reads it).
  const diagnose = Object.assign((evidence: string) => triage()?.diagnose(evidence) ?? [], {
    knows: (id: string) => triage()?.diagnose.knows(id) ?? false,
  });
  const result = await runProbe(
    resolved.target,
    { timeoutMs, takeover: args.flags.has('--takeover'), delivery: args.flags.has('--delivery') },
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
