/**
 * The probe job: plain JSON naming what to probe (a configured broker's name, or an admin-allowed
 * URL without credentials) and where to report. Never a password or a token.
 */
import { AddressRule, addressRuleFromJson } from '../src/probe/address-policy';
import { BrokerEndpoint, endpointDisplay, endpointFromJson } from '../src/probe/endpoint';
import { ThreadRef } from '../src/probe/report';
import { ProbeResult, STEP_NAMES, StepName } from '../src/probe/types';

export const PROBE_QUEUE = 'probe';

export interface ProbeJobData {
  /** A configured broker by name, or an endpoint the gateway read and checked (never a URL string). */
  target: { broker: string } | { endpoint: BrokerEndpoint; addresses: AddressRule };
  where: ThreadRef;
  /** The triage card the probe was started from, to say whether it confirms it. */
  cardEntryId: string | null;
  takeover: boolean;
  /** The Slack request that asked for the probe, so the worker's log lines can be traced to it. */
  requestId?: string;
  /** Steps to run at most (health checks stop before the round trip when asked); default all. */
  steps?: StepName[];
  /** Filled in by the worker as it goes, so a retry posts without probing again. */
  messageRef?: string;
  result?: ProbeResult;
}

export type ParsedJob = { ok: true; data: ProbeJobData } | { ok: false; message: string };

const isString = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 500;

/** Validates job data read back from Redis: a malformed job fails once, without retries. */
export function parseProbeJob(raw: unknown): ParsedJob {
  const d = raw as Partial<ProbeJobData> | null;
  if (!d || typeof d !== 'object') return { ok: false, message: 'job data is not an object' };
  const t = d.target as { broker?: unknown; endpoint?: unknown; addresses?: unknown } | undefined;
  const endpoint = t?.endpoint === undefined ? null : endpointFromJson(t.endpoint);
  const addresses = t?.addresses === undefined ? null : addressRuleFromJson(t.addresses);
  if (!t || (!isString(t.broker) && (endpoint === null || addresses === null)))
    return {
      ok: false,
      message: 'target needs a broker name, or a valid endpoint and address rule',
    };
  const w = d.where as Partial<ThreadRef> | undefined;
  if (
    !w ||
    !isString(w.channel) ||
    typeof w.team !== 'string' ||
    !(w.threadTs === null || isString(w.threadTs))
  )
    return { ok: false, message: 'where needs team, channel and threadTs' };
  // A list with a name this version does not know must not widen into "every step".
  if (
    d.steps !== undefined &&
    !(Array.isArray(d.steps) && d.steps.every((x) => (STEP_NAMES as readonly string[]).includes(x)))
  )
    return { ok: false, message: `steps must be probe step names (${STEP_NAMES.join(', ')})` };
  return {
    ok: true,
    data: {
      target: isString(t.broker)
        ? { broker: t.broker }
        : { endpoint: endpoint!, addresses: addresses! },
      where: { team: w.team, channel: w.channel, threadTs: w.threadTs ?? null },
      cardEntryId: isString(d.cardEntryId) ? d.cardEntryId : null,
      takeover: d.takeover === true,
      ...(Array.isArray(d.steps) ? { steps: d.steps as StepName[] } : {}),
      ...(isString(d.messageRef) ? { messageRef: d.messageRef } : {}),
      ...(isString(d.requestId) ? { requestId: d.requestId } : {}),
      ...(d.result ? { result: d.result } : {}),
    },
  };
}

/**
 * Same target, same thread: while one such probe is queued or running, asking again (a double
 * click, two people in the thread) adds nothing; once it has finished, asking again probes again.
 */
export function probeDedupId(data: ProbeJobData): string {
  const target =
    'broker' in data.target
      ? `b-${data.target.broker}`
      : `u-${endpointDisplay(data.target.endpoint)}`;
  return `probe-${target}-${data.where.channel}-${data.where.threadTs ?? 'new'}`.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  );
}

/** Readable in logs and unique per request: what it probes, where, and when it was asked. */
export function probeJobId(data: ProbeJobData, now = Date.now()): string {
  return `${probeDedupId(data)}-${now}`;
}
