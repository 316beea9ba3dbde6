/**
 * Prometheus metrics (/metrics): answers by entry and way in, abstentions, feedback, probe
 * outcomes and latency, health state per broker, queue depth and job failures.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type WayIn = 'slash' | 'message' | 'file' | 'mention';

export class Metrics {
  readonly registry = new Registry();
  readonly answers = new Counter({
    name: 'mqtt_why_answers_total',
    help: 'Triage answers by best entry and way in',
    labelNames: ['entry', 'way'],
    registers: [this.registry],
  });
  readonly abstentions = new Counter({
    name: 'mqtt_why_abstentions_total',
    help: 'Texts a passive listener stayed quiet on, by reason',
    labelNames: ['reason', 'way'],
    registers: [this.registry],
  });
  readonly feedback = new Counter({
    name: 'mqtt_why_feedback_total',
    help: 'Helped / did not help votes by entry',
    labelNames: ['entry', 'helped'],
    registers: [this.registry],
  });
  readonly probes = new Counter({
    name: 'mqtt_why_probes_total',
    help: 'Probe results by outcome and first diagnosis',
    labelNames: ['ok', 'diagnosis'],
    registers: [this.registry],
  });
  readonly probeRefusals = new Counter({
    name: 'mqtt_why_probe_refusals_total',
    help: 'Probes asked for from chat and not queued, by refusal code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly probeSeconds = new Histogram({
    name: 'mqtt_why_probe_duration_seconds',
    help: 'Probe duration (all steps)',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30],
    registers: [this.registry],
  });
  readonly matchSeconds = new Histogram({
    name: 'mqtt_why_match_duration_seconds',
    help: 'Triage (matching) duration',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });
  readonly healthState = new Gauge({
    name: 'mqtt_why_broker_health_state',
    help: 'Broker health: 1 for the current state',
    labelNames: ['broker', 'state'],
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: 'mqtt_why_job_failures_total',
    help: 'Queue jobs that failed (infrastructure faults)',
    labelNames: ['queue'],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'mqtt_why_queue_depth',
    help: 'Jobs waiting or delayed, by queue',
    labelNames: ['queue'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mqtt_why_' });
  }

  setHealth(broker: string, state: string): void {
    for (const s of ['UP', 'DEGRADED', 'DOWN', 'UNKNOWN'])
      this.healthState.set({ broker, state: s }, s === state ? 1 : 0);
  }
}
