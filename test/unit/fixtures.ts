/** Small hand-built values for unit tests: a KB entry, an answer, a probe result, a KB of entries. */
import { KbEntry, Workaround } from '../../src/kb/entry';
import { KnowledgeBase } from '../../src/kb/load';
import { TriageAnswer, TriageMatch } from '../../src/core/triage';
import { Evidence } from '../../src/match/result';
import { ProbeResult, StepName, StepOf, StepResult, failedStep } from '../../src/probe/types';

export function workaround(summary: string, code: string[] = [], over: Partial<Workaround> = {}) {
  return {
    line: 1,
    summary,
    codeBlocks: code.map((body) => ({ lang: 'sh', body })),
    details: '',
    ...over,
  } satisfies Workaround;
}

export function entry(over: Partial<KbEntry> = {}): KbEntry {
  const id = over.id ?? 'auth/not-authorized';
  return {
    id,
    file: `kb/${id}.md`,
    title: `Title of ${id}`,
    domain: id.split('/')[0]!,
    category: 'auth_error',
    errorCodes: [],
    verification: 'ai_generated',
    fixRate: '—',
    rootCause: 'The broker refused the client. It checked the ACL. A third sentence.',
    versions: [],
    workarounds: [workaround('Check the password file.', ['mosquitto_passwd -c pw user'])],
    deadEnds: [{ line: 1, attempt: 'Restarting', why: 'changes nothing' }],
    codes: [],
    signals: [],
    symptoms: [],
    probeChecks: [],
    reproduced: [],
    references: [],
    seeAlso: [],
    refines: [],
    disambiguation: '',
    summary: '',
    ...over,
  };
}

export function evidence(over: Partial<Evidence> = {}): Evidence {
  return {
    kind: 'phrase',
    line: 3,
    text: 'Connection Refused: not authorised',
    matched: 'not authorised',
    why: 'the broker log phrase of this entry',
    weight: 1,
    ...over,
  };
}

export function match(e: KbEntry, score: number, ev: Evidence[] = [evidence()]): TriageMatch {
  return { id: e.id, title: e.title, score, evidence: ev, entry: e };
}

export function answer(matches: TriageMatch[], over: Partial<TriageAnswer> = {}): TriageAnswer {
  return {
    matches,
    abstain: false,
    abstainReason: null,
    ambiguities: [],
    recognised: [],
    truncated: false,
    linesRead: 3,
    ...over,
  };
}

export function step<N extends StepName>(
  name: N,
  ok: boolean,
  over: Partial<Omit<StepOf<N>, 'name'>> = {},
): StepOf<N> {
  const base = failedStep(name, 1.25, ok ? `${name} fine` : `${name} broke`, {});
  return { ...base, ok, ...over };
}

export function probeResult(steps: StepResult[], over: Partial<ProbeResult> = {}): ProbeResult {
  const failed = steps.filter((s) => !s.ok);
  return {
    ok: failed.length === 0,
    target: { name: null, url: 'mqtt://broker.example.com:1883' },
    startedAt: '2026-11-20T10:30:00.000Z',
    steps,
    diagnosis: failed.flatMap((s) => s.kbIds),
    ...over,
  };
}

export function kbOf(entries: KbEntry[]): KnowledgeBase {
  return { dir: 'kb', entries, byId: new Map(entries.map((e) => [e.id, e])) };
}
