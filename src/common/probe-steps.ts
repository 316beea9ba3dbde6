/**
 * The names of a probe's steps, in the order they run. Here, in the leaf, because both the probe
 * (which runs them) and the KB (whose entries say which step shows a condition) name them.
 */

/** The delivery checks (issue 17), in the order they run: what no connectivity probe tests. */
export const DELIVERY_STEP_NAMES = ['retained', 'will', 'session', 'qos', 'shared'] as const;
export type DeliveryStepName = (typeof DELIVERY_STEP_NAMES)[number];

export const STEP_NAMES = [
  'dns',
  'tcp',
  'tls',
  'connect',
  'auth',
  'roundtrip',
  'takeover',
  ...DELIVERY_STEP_NAMES,
] as const;
export type StepName = (typeof STEP_NAMES)[number];
