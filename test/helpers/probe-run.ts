/** Runs the real probe against a URL with the real KB as diagnoser, as `mqtt-why probe` does. */
import { DEFAULT_KB_DIR } from '../../src/config';
import { Triage } from '../../src/core/triage';
import { KbEntry } from '../../src/kb/entry';
import { KnowledgeBase, loadKnowledgeBase } from '../../src/kb/load';
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

let kb: Promise<KnowledgeBase> | null = null;
let triage: Promise<Triage> | null = null;

const realKb = (): Promise<KnowledgeBase> =>
  (kb ??= loadKnowledgeBase(DEFAULT_KB_DIR).then((loaded) => {
    if (!loaded.ok) throw new Error('KB does not load');
    return loaded.kb;
  }));

/** The real KB's triage as a probe's diagnoser: the ids that explain an evidence line. */
export async function diagnoser(): Promise<(evidence: string) => string[]> {
  triage ??= realKb().then((k) => new Triage(k));
  const t = await triage;
  return (evidence) => t.triage(evidence).matches.map((m) => m.id);
}

/** An entry of the real KB; a test fails if it is missing. */
export async function kbEntry(id: string): Promise<KbEntry> {
  const e = (await realKb()).byId.get(id);
  if (!e) throw new Error(`no KB entry ${id}`);
  return e;
}

/** The target a test probes: `url` with the test client id prefix and `extra` over it. */
export function probeTarget(url: string, extra: Partial<ProbeTarget> = {}): ProbeTarget {
  return { ...urlTarget(url), clientIdPrefix: 'mqtt-why-probe-test', ...extra };
}

/** Probes a target as given, 3 s a step and no takeover unless `opts` says otherwise. */
export async function probeWith(
  target: ProbeTarget,
  opts: Partial<ProbeOptions> = {},
): Promise<ProbeResult> {
  return runProbe(target, { timeoutMs: 3000, takeover: false, ...opts }, await diagnoser());
}

export async function probe(
  url: string,
  opts: Partial<ProbeOptions> = {},
  target: Partial<ProbeTarget> = {},
): Promise<ProbeResult> {
  return probeWith(probeTarget(url, target), opts);
}

/** Step `name` of a probe, typed with that step's details; a test fails if it did not run. */
export function stepOf<N extends StepName>(r: ProbeResult, name: N): StepOf<N> {
  const s = findStep(r, name);
  if (!s) throw new Error(`no ${name} step in ${r.steps.map((x) => x.name).join(', ')}`);
  return s;
}

export const verdicts = (r: ProbeResult): string[] =>
  r.steps.map((s) => `${s.name}:${s.ok ? 'ok' : 'fail'}`);
