/** Reading probe results side by side: what changed since last time, and what a card's diagnosis gains. */
import { KbEntry } from '../kb/entry';
import { ProbeResult, StepResult } from './types';

const stateOf = (s: StepResult | undefined): string =>
  !s ? 'not run' : s.ok ? 'ok' : `failed (${s.summary})`;

/** One line per step whose outcome or failure changed, and per notable latency change. */
export function compareResults(previous: ProbeResult | null, next: ProbeResult): string[] {
  if (!previous) return [];
  const changes: string[] = [];
  const names = [
    ...new Set([...previous.steps.map((s) => s.name), ...next.steps.map((s) => s.name)]),
  ];
  for (const name of names) {
    const a = previous.steps.find((s) => s.name === name);
    const b = next.steps.find((s) => s.name === name);
    // A step failing both times for another reason ("certificate expired", then "hostname
    // mismatch") changed too: told by the diagnosis, since a summary also holds addresses and
    // times that vary run to run.
    const otherFailure = a && b && !a.ok && !b.ok && a.kbIds.join() !== b.kbIds.join();
    if ((a?.ok ?? null) !== (b?.ok ?? null) || otherFailure)
      changes.push(`${name}: ${stateOf(a)} -> now ${stateOf(b)}`);
    else if (a && b && a.ok && b.ok && name === 'roundtrip') {
      const before = a.ms;
      const after = b.ms;
      if (after > before * 3 && after - before > 20)
        changes.push(`round trip ${before.toFixed(0)} ms -> ${after.toFixed(0)} ms`);
    }
  }
  return changes;
}

/**
 * Whether the probe confirms or rules out a triage card's diagnosis. The entry's Probe Checks name
 * the steps that would show its condition from the outside.
 */
export function verdictForCard(card: KbEntry, result: ProbeResult): string {
  if (result.diagnosis.includes(card.id))
    return `Confirms the card: the probe hit the same problem (${card.id}).`;
  const checks = card.probeChecks.map((c) => c.step);
  const ran = result.steps.filter((s) => (checks as readonly string[]).includes(s.name));
  const against = result.steps.find((s) => s.ok && s.rulesOut?.includes(card.id));
  if (against)
    return `Rules the card out for this broker: ${against.name} passed (${against.summary}), which this card's condition would have failed. If your client is still refused, it reaches another broker or listener than the one probed, or the refusal has another cause.`;
  if (!result.ok && result.diagnosis.length > 0)
    return `Points elsewhere: the probe failed with ${result.diagnosis.join(', ')}, not ${card.id}. Fix that first.`;
  if (ran.length > 0 && ran.every((s) => s.ok))
    return `The broker side looks fine for this card: ${ran.map((s) => s.name).join(', ')} passed with a fresh probe client. The problem is likely in the failing client's own settings (its client id, credentials, certificates or code).`;
  return 'The probe neither confirms nor rules out this card: none of its checks could run from here.';
}
