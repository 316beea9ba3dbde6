/**
 * How the probe-*.test.ts files run the probe in-process on a target they build, with the real
 * KB as diagnoser: target(url, extra), probe(target, takeover) at 2 s a step, probeWith(target,
 * options), names(result) and step(result, name).
 */
import { ProbeResult, ProbeTarget } from '../../src/probe/types';
import { probeWith } from './probe-run';

export { stepOf as step } from '../../src/probe/types';
export { probeTarget as target, probeWith, verdicts as names } from './probe-run';

/** Probes a target at 2 s a step, with the takeover check when asked. */
export const probe = (target: ProbeTarget, takeover = false): Promise<ProbeResult> =>
  probeWith(target, { timeoutMs: 2000, takeover });
