/**
 * Runs one probe job: post "probing..." once, probe once (the result is stored with the job, so a
 * failed Slack post is retried without probing again), report, remember the result per broker.
 * A broker that is down is a result, not a failure; only reporting and Redis faults are retried.
 */
import { Job, UnrecoverableError } from 'bullmq';
import { KnowledgeBase } from '../src/kb/load';
import { BrokerConfig, targetFromBroker, targetFromEndpoint } from '../src/probe/brokers';
import { endpointDisplay } from '../src/probe/endpoint';
import { compareResults, verdictForCard } from '../src/probe/compare';
import { Diagnoser, runProbe } from '../src/probe/probe';
import { ProbeReporter } from '../src/probe/report';
import { ProbeResult, ProbeTarget } from '../src/probe/types';
import { ProbeHistory } from '../src/state/probe-history';
import { ProbeJobData, parseProbeJob } from './probe-job';

export interface ProbeProcessorDeps {
  brokers: BrokerConfig[];
  kb: KnowledgeBase;
  diagnose: Diagnoser;
  reporter: ProbeReporter;
  history: ProbeHistory;
  timeoutMs: number;
}

function targetFor(data: ProbeJobData, brokers: BrokerConfig[]): ProbeTarget {
  if ('endpoint' in data.target)
    return targetFromEndpoint(data.target.endpoint, data.target.addresses);
  const name = data.target.broker;
  const b = brokers.find((x) => x.name === name);
  if (!b) throw new UnrecoverableError(`no broker named "${name}" in this worker's brokers.yml`);
  return targetFromBroker(b);
}

export function createProbeProcessor(deps: ProbeProcessorDeps) {
  return async (job: Job): Promise<ProbeResult> => {
    const parsed = parseProbeJob(job.data);
    if (!parsed.ok) throw new UnrecoverableError(`bad probe job: ${parsed.message}`);
    const data = parsed.data;
    const target = targetFor(data, deps.brokers);
    const shown = endpointDisplay(target.endpoint);
    const label = target.name ?? shown;

    let messageRef = data.messageRef;
    if (!messageRef) {
      messageRef = await deps.reporter.start(data.where, label);
      await job.updateData({ ...data, messageRef });
    }
    let result = data.result;
    if (!result) {
      const ref = messageRef;
      const onStep = (partial: ProbeResult) => deps.reporter.progress(data.where, ref, partial);
      result = await runProbe(
        target,
        {
          timeoutMs: deps.timeoutMs,
          takeover: data.takeover,
          onStep,
          ...(data.steps ? { steps: data.steps } : {}),
        },
        deps.diagnose,
      );
      await job.updateData({ ...data, messageRef, result });
    }
    const key = target.name ?? `url:${shown}`;
    const previous = await deps.history.last(key);
    const changes = compareResults(previous.ok ? previous.value : null, result);
    const card = data.cardEntryId ? (deps.kb.byId.get(data.cardEntryId) ?? null) : null;
    await deps.reporter.finish(data.where, messageRef, {
      result,
      changes,
      previousAt: previous.ok && previous.value ? previous.value.startedAt : null,
      verdict: card ? verdictForCard(card, result) : null,
      again: {
        broker: target.name,
        url: target.name ? null : shown,
        cardEntryId: data.cardEntryId,
      },
    });
    // History is a convenience: losing one entry to a Redis hiccup must not repeat the report.
    await deps.history.add(key, result);
    return result;
  };
}
