/** Terminal rendering of a probe result: one line per step, then the diagnosis. */
import { KnowledgeBase } from '../kb/load';
import { ProbeResult } from '../probe/types';
import { printable } from '../common/printable';

export function renderProbe(
  result: ProbeResult,
  kb: KnowledgeBase | null,
  colour: boolean,
  /** How to ask for a whole entry where the result is read (`/mqtt-why show` in the console). */
  showCommand: (id: string) => string = (id) => `mqtt-why show ${id}`,
): string {
  const paint = (code: string) => (s: string) => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const green = paint('32');
  const red = paint('31');
  const dim = paint('2');
  const lines = [
    `Probe ${result.target.name ? `${result.target.name} (${result.target.url})` : result.target.url}`,
  ];
  for (const s of result.steps) {
    const mark = s.ok ? green('ok  ') : red('FAIL');
    lines.push(
      `  ${mark} ${s.name.padEnd(9)} ${dim(`${s.ms.toFixed(1).padStart(7)} ms`)}  ${printable(s.summary)}`,
    );
    if (!s.ok) for (const id of s.kbIds) lines.push(`       ${' '.repeat(9)} ${dim('->')} ${id}`);
  }
  if (result.ok) lines.push('', green('Healthy: every step passed.'));
  else {
    lines.push('', red('Diagnosis:'));
    if (result.diagnosis.length === 0)
      lines.push('  no KB entry is about this failure: the failed step above says what it saw');
    for (const id of result.diagnosis)
      lines.push(
        `  ${id}${kb?.byId.get(id) ? ` — ${kb.byId.get(id)!.title}` : ''}`,
        dim(`    ${showCommand(id)}`),
      );
  }
  return lines.join('\n') + '\n';
}
