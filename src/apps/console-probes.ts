/**
 * Probes from the console: the operator at the terminal may probe any URL (as with the CLI) or a
 * configured broker by name. With Redis they go through the queue like chat probes (any worker may
 * run them; the console waits for the result); without it, or for a URL that carries credentials
 * (which never go into Redis), they run inline.
 */
import { Triage } from '../core/triage';
import type { Logger } from '../log';
import { ANY_ADDRESS } from '../probe/address-policy';
import { BrokerConfig, targetFromBroker, targetFromEndpoint } from '../probe/brokers';
import { parseBrokerUrl } from '../probe/endpoint';
import { overallDeadlineMs, runProbe } from '../probe/probe';
import { LOCAL_TEAM } from '../probe/report';
import { ProbeResult, ProbeTarget } from '../probe/types';
import { renderProbe } from '../render/probe-text';
import type { ProbeJobData } from '../../jobs/probe-job';
import { ProbeQueue } from '../../jobs/probe-queue';

export interface ConsoleProber {
  /** The rendered result, or why the target cannot be probed. */
  (target: string): Promise<string>;
}

type Resolved =
  | { ok: true; target: ProbeTarget; job: ProbeJobData['target'] | null }
  | { ok: false; message: string };

function resolve(what: string, brokers: BrokerConfig[]): Resolved {
  if (what.includes('://')) {
    const parsed = parseBrokerUrl(what);
    if (!parsed.ok) return { ok: false, message: `That is not a broker URL: ${parsed.message}` };
    const target = {
      ...targetFromEndpoint(parsed.endpoint),
      username: parsed.username,
      password: parsed.password,
    };
    const secret = parsed.username !== null || parsed.password !== null;
    return {
      ok: true,
      target,
      job: secret ? null : { endpoint: parsed.endpoint, addresses: ANY_ADDRESS },
    };
  }
  const broker = brokers.find((b) => b.name === what);
  if (!broker)
    return {
      ok: false,
      message: `No broker named "${what}". Configured: ${brokers.map((b) => b.name).join(', ') || 'none'}; or give a URL such as mqtt://localhost:1883.`,
    };
  return { ok: true, target: targetFromBroker(broker), job: { broker: broker.name } };
}

export function consoleProber(deps: {
  brokers: BrokerConfig[];
  triage: Triage;
  /** The probe queue (built with results), or null to probe inline. */
  queue: ProbeQueue | null;
  timeoutMs: number;
  colour: boolean;
  logger: Logger;
}): ConsoleProber {
  const diagnose = (evidence: string) => deps.triage.triage(evidence).matches.map((m) => m.id);
  const inline = (target: ProbeTarget) =>
    runProbe(target, { timeoutMs: deps.timeoutMs, takeover: false }, diagnose);

  /** The result through the queue, or why the probe runs inline instead. */
  const queued = async (
    job: ProbeJobData['target'],
  ): Promise<{ ok: true; result: ProbeResult } | { ok: false; why: string }> => {
    if (!deps.queue) return { ok: false, why: '' };
    // With no worker listening (WORKER=off and none started), a queued probe would only wait.
    if ((await deps.queue.workerCount()) === 0)
      return { ok: false, why: 'no worker listens on the queue' };
    try {
      const added = await deps.queue.enqueue({
        target: job,
        where: { team: LOCAL_TEAM, channel: 'console', threadTs: null },
        cardEntryId: null,
        takeover: false,
      });
      // The probe's own deadline, plus time for a busy queue to reach it.
      const limit = overallDeadlineMs(deps.timeoutMs) + 15_000;
      return { ok: true, result: await deps.queue.result(added, limit) };
    } catch (err) {
      deps.logger.warn({ reason: (err as Error).message }, 'queued console probe failed');
      return { ok: false, why: 'the queue did not answer' };
    }
  };

  return async (what) => {
    const r = resolve(what.trim(), deps.brokers);
    if (!r.ok) return r.message;
    const viaQueue = r.job ? await queued(r.job) : null;
    const result = viaQueue?.ok ? viaQueue.result : await inline(r.target);
    const how = viaQueue?.ok
      ? 'through the queue'
      : viaQueue?.why
        ? `inline (${viaQueue.why})`
        : 'inline';
    return `${renderProbe(result, deps.triage.kb, deps.colour, (id) => `/mqtt-why show ${id}`).trimEnd()}\n(probed ${how})`;
  };
}
