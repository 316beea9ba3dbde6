/** Where probe results go (a Slack thread, a terminal): the jobs call it, adapters implement it. */
import { ProbeResult } from './types';

/**
 * The `team` of probes asked for outside chat (the console): the asker waits for the job's result
 * itself, so whichever worker runs it only records it (and logs it).
 */
export const LOCAL_TEAM = 'local';

export interface ThreadRef {
  team: string;
  channel: string;
  /** The thread to post in; null to start a new message that becomes the thread. */
  threadTs: string | null;
}

export interface ProbeReporter {
  /** Posts "probing <name>..." and returns a reference to update in place. */
  start(where: ThreadRef, label: string): Promise<string>;
  /** Updates the message as steps finish. */
  progress(where: ThreadRef, ref: string, partial: ProbeResult): Promise<void>;
  /** The full result, its diagnosis, what changed since the last run, and how it bears on the card. */
  finish(where: ThreadRef, ref: string, report: FinishedProbe): Promise<void>;
  /**
   * The probe could not run at all (a bad job, a fault that outlasted its retries): replaces the
   * "probing…" message, or posts one when none was posted, so nothing is left waiting.
   */
  failed(
    where: ThreadRef,
    ref: string | null,
    reason: string,
    requestId: string | null,
  ): Promise<void>;
}

export interface FinishedProbe {
  result: ProbeResult;
  /** Changes since the previous run of this broker ("TLS ok -> CONNACK 0x87"), empty if none or first. */
  changes: string[];
  /** When the previous probe of this broker started (ISO 8601), null for the first: with no changes, "unchanged since". */
  previousAt: string | null;
  /** How the result bears on the triage card the probe was started from, if any. */
  verdict: string | null;
  /** What a Re-probe button needs to run the same probe again. */
  again: { broker: string | null; url: string | null; cardEntryId: string | null };
}

/** Reports chat probes through `chat` (when this worker has one) and every other one through `local`. */
export function routeReports(chat: ProbeReporter | null, local: ProbeReporter): ProbeReporter {
  const pick = (where: ThreadRef) => (chat && where.team !== LOCAL_TEAM ? chat : local);
  return {
    start: (where, label) => pick(where).start(where, label),
    progress: (where, ref, partial) => pick(where).progress(where, ref, partial),
    finish: (where, ref, report) => pick(where).finish(where, ref, report),
    failed: (where, ref, reason, requestId) => pick(where).failed(where, ref, reason, requestId),
  };
}
