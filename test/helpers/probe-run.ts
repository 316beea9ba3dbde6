/** Runs the real probe against a URL with the real KB as diagnoser, as `mqtt-why probe` does. */
import { DEFAULT_KB_DIR } from '../../src/config';
import { Triage } from '../../src/core/triage';
import { loadKnowledgeBase } from '../../src/kb/load';
import { runProbe } from '../../src/probe/probe';
import {
  ProbeOptions,
  ProbeResult,
  ProbeTarget,
  StepName,
  StepOf,
  stepOf as findStep,
} from '../../src/probe/types';
import { urlTarget } from './broker-config';

let triage: Promise<Triage> | null = null;

async function diagnoser(): Promise<(evidence: string) => string[]> {
  triage ??= loadKnowledgeBase(DEFAULT_KB_DIR).then((loaded) => {
    if (!loaded.ok) throw new Error('KB does not load');
    return new Triage(loaded.kb);
  });
  const t = await triage;
  return (evidence) => t.triage(evidence).matches.map((m) => m.id);
}

export async function probe(
  url: string,
  opts: Partial<ProbeOptions> = {},
  target: Partial<ProbeTarget> = {},
): Promise<ProbeResult> {
  return runProbe(
    { ...urlTarget(url), clientIdPrefix: 'mqtt-why-probe-test', ...target },
    { timeoutMs: 3000, takeover: false, ...opts },
    await diagnoser(),
  );
}

/** Step `name` of a probe, typed with that step's details; a test fails if it did not run. */
export function stepOf<N extends StepName>(r: ProbeResult, name: N): StepOf<N> {
  const s = findStep(r, name);
  if (!s) throw new Error(`no ${name} step in ${r.steps.map((x) => x.name).join(', ')}`);
  return s;
}

export const verdicts = (r: ProbeResult): string[] =>
  r.steps.map((s) => `${s.name}:${s.ok ? 'ok' : 'fail'}`);
