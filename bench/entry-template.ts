/** Builds valid entry files in the KB format: small controlled KBs for tests, large synthetic ones for benchmarks. */

export interface EntrySpec {
  id: string;
  title?: string;
  codes?: [code: string, packet: string, protocol: string, meaning: string][];
  signals?: string[];
  symptoms?: string[];
  /** `claim — \`test/file.test.ts\` (against)` bullets, without the leading dash. */
  reproduced?: string[];
  verification?: string;
  seeAlso?: string[];
  disambiguation?: string;
}

export function entryText(spec: EntrySpec): string {
  const lines = [
    `# ${spec.title ?? `Title of ${spec.id}`}`,
    '',
    `- **ID:** \`${spec.id}\``,
    `- **Domain:** ${spec.id.split('/')[0]}`,
    '- **Category:** connection_error',
    '- **Error Code:** —',
    `- **Verification:** ${spec.verification ?? 'ai_generated'}`,
    '- **Fix Rate:** —',
    '',
    '## Root Cause',
    '',
    `Why ${spec.id} happens.`,
    '',
    '## Version Compatibility',
    '',
    '| Version | Status | Introduced | Deprecated | Notes |',
    '|---------|--------|------------|------------|-------|',
    '| Mosquitto 2.x | active | 2.0.0 | — | Behaves so. |',
    '',
    '## Workarounds',
    '',
    '1. **First fix.**',
    '   ```sh',
    '   echo one',
    '   ```',
    '2. **Second fix.**',
    '   ```sh',
    '   echo two',
    '   ```',
    '',
    '## Dead Ends',
    '',
    '- **Restarting** — changes nothing.',
  ];
  if (spec.codes?.length) {
    lines.push(
      '',
      '## Codes',
      '',
      '| Code | Packet | Protocol | Meaning |',
      '|------|--------|----------|---------|',
    );
    for (const c of spec.codes) lines.push(`| ${c.join(' | ')} |`);
  }
  if (spec.signals?.length)
    lines.push(
      '',
      '## Signals',
      '',
      ...spec.signals.map((s) => `- ${s.startsWith('`') ? s : `\`${s}\` (test fixture)`}`),
    );
  if (spec.symptoms?.length)
    lines.push('', '## Symptoms', '', ...spec.symptoms.map((s) => `- ${s}`));
  if (spec.reproduced?.length)
    lines.push('', '## Reproduced', '', ...spec.reproduced.map((s) => `- ${s}`));
  lines.push(
    '',
    '## References',
    '',
    '- MQTT 5.0 §2.4 Reason Code — https://docs.oasis-open.org/mqtt/mqtt/v5.0/mqtt-v5.0.html',
  );
  if (spec.seeAlso?.length)
    lines.push('', '## See Also', '', ...spec.seeAlso.map((s) => `- \`${s}\` — related.`));
  if (spec.disambiguation) lines.push('', '## Disambiguation', '', spec.disambiguation);
  return lines.join('\n') + '\n';
}
