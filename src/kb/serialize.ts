/**
 * Writes an entry back in the canonical file format (kb/README.md). Parsing then serialising the
 * seed gives the seed back byte for byte; `kb lint` relies on that to keep the format honest.
 */
import { KbEntry } from './entry';

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((h) => '-'.repeat(h.length + 2)).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : ['', `## ${title}`, '', ...lines];
}

/** Writes an entry in the canonical format; parse then serialise gives the file back. */
export function serializeEntry(e: KbEntry): string {
  const out: string[] = [
    `# ${e.title}`,
    '',
    `- **ID:** \`${e.id}\``,
    `- **Domain:** ${e.domain}`,
    `- **Category:** ${e.category}`,
    `- **Error Code:** ${e.errorCodes.length > 0 ? e.errorCodes.map((c) => `\`${c}\``).join(', ') : '—'}`,
    `- **Verification:** ${e.verification}`,
    `- **Fix Rate:** ${e.fixRate}`,
  ];
  out.push(...section('Root Cause', e.rootCause.split('\n')));

  const withNotes = e.versions.some((v) => v.notes !== '');
  const header = ['Version', 'Status', 'Introduced', 'Deprecated', ...(withNotes ? ['Notes'] : [])];
  const versionRows = e.versions.map((v) => [
    v.version,
    v.status,
    v.introduced,
    v.deprecated,
    ...(withNotes ? [v.notes] : []),
  ]);
  out.push(...section('Version Compatibility', table(header, versionRows)));

  out.push(
    ...section(
      'Workarounds',
      e.workarounds.flatMap((w, i) => [
        `${i + 1}. **${w.summary}**${w.successPercent !== undefined ? ` (${w.successPercent}% success)` : ''}`,
        ...w.codeBlocks.flatMap((b) => [
          `   \`\`\`${b.lang}`,
          ...b.body.split('\n').map((l) => (l === '' ? '' : `   ${l}`)),
          '   ```',
        ]),
        ...(w.details ? [`   ${w.details}`] : []),
      ]),
    ),
  );
  out.push(
    ...section(
      'Dead Ends',
      e.deadEnds.map(
        (d) => `- **${d.attempt}** — ${d.why}${d.failPercent !== undefined ? ` (${d.failPercent}% fail)` : ''}`,
      ),
    ),
  );
  out.push(
    ...section(
      'Codes',
      e.codes.length === 0
        ? []
        : table(
            ['Code', 'Packet', 'Protocol', 'Meaning'],
            e.codes.map((c) => [c.code, c.packet, c.protocol, c.meaning]),
          ),
    ),
  );
  out.push(...section('Signals', e.signals.map((s) => `- \`${s.phrase}\`${s.note ? ` ${s.note}` : ''}`)));
  out.push(...section('Symptoms', e.symptoms.map((s) => `- ${s}`)));
  out.push(
    ...section(
      'Probe Checks',
      e.probeChecks.map((p) => `- \`${p.step}\`${p.description ? ` — ${p.description}` : ''}`),
    ),
  );
  out.push(
    ...section(
      'Reproduced',
      e.reproduced.map((r) => `- ${r.claim} — \`${r.testFile}\`${r.against ? ` (${r.against})` : ''}`),
    ),
  );
  out.push(...section('References', e.references.map((r) => `- ${r}`)));
  out.push(...section('See Also', e.seeAlso.map((s) => `- \`${s.id}\`${s.why ? ` — ${s.why}` : ''}`)));
  out.push(...section('Refines', e.refines.map((s) => `- \`${s.id}\`${s.why ? ` — ${s.why}` : ''}`)));
  out.push(...section('Disambiguation', e.disambiguation ? e.disambiguation.split('\n') : []));
  out.push(...section('Summary', e.summary ? e.summary.split('\n') : []));
  return out.join('\n') + '\n';
}
