/**
 * `npm run support-table`: what each MQTT broker on this machine supports, as `mqtt-why probe
 * --delivery` finds it. Starts its own Mosquitto, NATS (MQTT listener) and RabbitMQ (MQTT plugin)
 * on free ports with the test helpers, probes each with protocol `auto` and the delivery checks,
 * prints a Markdown table (the README's), and stops them. `--json` prints the probe results instead.
 * It borrows the test helpers that start brokers, so it is compiled on its own
 * (tsconfig.support.json), not by `npm run build` (the Docker image has no test/).
 */
import { spawnSync } from 'child_process';
import { DEFAULT_KB_DIR } from '../src/config';
import { Triage } from '../src/core/triage';
import { loadKnowledgeBase } from '../src/kb/load';
import { parseBrokerUrl } from '../src/probe/endpoint';
import { targetFromEndpoint } from '../src/probe/brokers';
import { runProbe } from '../src/probe/probe';
import { ProbeResult, StepOf, StepResult, stepOf } from '../src/probe/types';
import { startMosquitto } from '../test/helpers/brokers';
import { startNats } from '../test/helpers/nats';
import { startRabbitMq } from '../test/helpers/rabbitmq';

interface Broker {
  label: string;
  url: string;
  stop(): Promise<void>;
}

async function startAll(): Promise<Broker[]> {
  const mosquitto = await startMosquitto(['allow_anonymous true']);
  // `mosquitto -h` prints its version and exits with status 3.
  const mosquittoVersion = /mosquitto version (\S+)/.exec(
    spawnSync('mosquitto', ['-h'], { encoding: 'utf8' }).stdout,
  )?.[1];
  const nats = await startNats({ users: [{ user: 'probe', password: 'probe-pw' }] });
  const rabbit = await startRabbitMq({ users: [{ name: 'probe', password: 'probe-pw' }] });
  return [
    {
      label: `Mosquitto ${mosquittoVersion ?? '2.0'}`,
      url: `mqtt://127.0.0.1:${mosquitto.port}`,
      stop: () => mosquitto.stop(),
    },
    {
      label: `NATS ${nats.version} (MQTT)`,
      url: `mqtt://probe:probe-pw@127.0.0.1:${nats.port}`,
      stop: () => nats.stop(),
    },
    {
      label: `RabbitMQ ${rabbit.version} (rabbitmq_mqtt)`,
      url: `mqtt://probe:probe-pw@127.0.0.1:${rabbit.port}`,
      stop: () => rabbit.stop(),
    },
  ];
}

/** A cell: "yes" with what was checked, or "no" with what the check saw, without its topic names. */
function cell(s: StepResult | undefined, yesNote: string): string {
  if (!s) return '—';
  if (s.ok) return `yes${yesNote}`;
  if (s.name === 'retained' && s.details.exact === 'delivered' && s.details.wildcard === 'missing')
    return `**no** for \`+\` wildcards (exact topic: yes, cleared: ${s.details.cleared ? 'yes' : 'no'})`;
  if (s.name === 'shared' && s.details.perMember?.every((n) => n === 0))
    return `**no**: \`$share/<group>/<topic>\` granted QoS ${(s.details.granted ?? []).join('/')}, taken as a literal topic (none of ${String(s.details.published)} messages arrived)`;
  return `**no**: ${s.summary.replace(/mqtt-why\/probe\/[\w/-]+|\$share\/\w+\//g, '…')}`;
}

function protocolCell(r: ProbeResult): string {
  const s = stepOf(r, 'auth') ?? stepOf(r, 'connect');
  if (!s) return '—';
  const refused = s.details.mqtt5;
  return typeof refused === 'string'
    ? `3.1.1 only: an MQTT 5 CONNECT gets ${refused.replace(/^refused: /, '').replace(/ \(.*\)$/, '')}`
    : String(s.details.protocol);
}

function qosCell(s: StepOf<'qos'> | undefined): string {
  if (!s) return '—';
  const levels = (['q0', 'q1', 'q2'] as const).map((key, l) => {
    const q = s.details[key];
    if (!q) return `${l}: —`;
    if (q.publish === 'closed') return `${l}: granted ${q.granted}, PUBLISH closes the connection`;
    const via = q.acknowledgedWith === 'PUBACK' ? ' (PUBACK)' : '';
    return `${l}: granted ${q.granted}, delivered ${q.delivered ?? 'never'}${via}`;
  });
  return `${s.ok ? 'yes' : '**downgraded**'}: ${levels.join('; ')}`;
}

function row(name: string, cells: string[]): string {
  return `| ${name} | ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

async function main(): Promise<void> {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  const triage = new Triage(loaded.kb);
  const diagnose = triage.diagnose;
  const brokers = await startAll();
  const results: ProbeResult[] = [];
  try {
    for (const b of brokers) {
      const parsed = parseBrokerUrl(b.url);
      if (!parsed.ok) throw new Error(parsed.message);
      const target = {
        ...targetFromEndpoint(parsed.endpoint),
        username: parsed.username,
        password: parsed.password,
        clientIdPrefix: 'mqtt-why-support',
      };
      results.push(
        await runProbe(target, { timeoutMs: 3000, takeover: false, delivery: true }, diagnose),
      );
    }
  } finally {
    for (const b of brokers) await b.stop();
  }
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const step = stepOf;
  const lines = [
    row(
      'check',
      brokers.map((b) => b.label),
    ),
    row(
      '---',
      brokers.map(() => '---'),
    ),
    row('protocol (`auto`)', results.map(protocolCell)),
    row(
      '`retained`',
      results.map((r) =>
        cell(step(r, 'retained'), ' (exact topic and `+`, cleared by an empty retained PUBLISH)'),
      ),
    ),
    row(
      '`will`',
      results.map((r) => cell(step(r, 'will'), ' (published when the socket drops)')),
    ),
    row(
      '`session`',
      results.map((r) =>
        cell(step(r, 'session'), ' (QoS 1 kept for an offline persistent session)'),
      ),
    ),
    row(
      '`qos`',
      results.map((r) => qosCell(step(r, 'qos'))),
    ),
    row(
      '`shared`',
      results.map((r) =>
        cell(step(r, 'shared'), ` (${step(r, 'shared')?.details.perMember?.join(' / ') ?? ''})`),
      ),
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
