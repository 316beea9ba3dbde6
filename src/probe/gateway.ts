/**
 * Asking for a probe from chat: the contract between the chat adapters (which ask) and the app
 * that checks and queues (which answers). Its home is here, below both.
 */
import type { Refusal } from '../common/coded-error';
import type { ThreadRef } from './report';

/** What a person asked to probe: a configured broker's name, or a URL they typed. */
export type ProbeRequestTarget = { broker: string } | { url: string };

/** Probes from chat: only what an admin configured or allowed, queued for a worker. */
export interface ProbeGateway {
  /** Why probes cannot run from chat at all (none configured, no queue), or null when they can. */
  unavailable(): ProbeRefusal<'probes_not_configured' | 'queue_unavailable'> | null;
  /** Broker names this channel may probe. */
  brokersFor(channel: string): string[];
  /**
   * Checks the target (configured, allowed here) and queues the probe; the worker reports in
   * `where`. `admit` (the asker's rate limits) is asked only for a probe that would run, so a
   * refused target costs no one their quota.
   */
  request(req: {
    target: ProbeRequestTarget;
    where: ThreadRef;
    cardEntryId: string | null;
    admit?: () => Promise<string | null>;
  }): Promise<{ ok: true } | ProbeRefusal>;
}

/** Why a probe asked for from chat was not queued. */
export type ProbeRefusal<C extends ProbeRefusalCode = ProbeRefusalCode> = Refusal<C>;
export type ProbeRefusalCode =
  | 'unknown_broker'
  | 'not_allowed'
  | 'bad_url'
  | 'credentials_in_url'
  | 'probes_not_configured'
  | 'queue_unavailable'
  | 'rate_limited';
