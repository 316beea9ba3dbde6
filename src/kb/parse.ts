/** Reads one entry file (format: kb/README.md) into a KbEntry, reporting every problem by line. */
import { CATEGORIES, Category, KbEntry, KbProblem, VERIFICATIONS, Verification } from './entry';
import { NumberedLine, Section, proseOf, splitDocument } from './markdown';
import {
  Report,
  parseBullets,
  parseCodes,
  parseDeadEnds,
  parseProbeChecks,
  parseReproduced,
  parseSymptoms,
  parseSeeAlso,
  parseSignals,
  parseVersions,
  parseWorkarounds,
} from './parse-sections';

/** Section headings in the order they must appear; the first five are required. */
export const SECTION_ORDER = [
  'Root Cause',
  'Version Compatibility',
  'Workarounds',
  'Dead Ends',
  'Codes',
  'Signals',
  'Symptoms',
  'Probe Checks',
  'Reproduced',
  'References',
  'See Also',
  'Refines',
  'Disambiguation',
  'Summary',
] as const;
const REQUIRED_SECTIONS = 4;

const METADATA = ['ID', 'Domain', 'Category', 'Error Code', 'Verification', 'Fix Rate'] as const;
type MetadataKey = (typeof METADATA)[number];
const META_LINE = /^-\s+\*\*([A-Za-z ]+):\*\*\s*(.*)$/;
const ID_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface ParseResult {
  entry: KbEntry | null;
  problems: KbProblem[];
}

/**
 * Parses `text` read from `file`. `expectedId` (the path below kb/ without `.md`) must equal the
 * ID bullet. Returns the entry only when there is no error-severity problem.
 */
export function parseEntry(text: string, file: string, expectedId: string): ParseResult {
  const problems: KbProblem[] = [];
  const report: Report = (line, message, severity = 'error') =>
    problems.push({ file, line, severity, message });

  // Editors on Windows save a byte order mark first; it is no part of the title.
  const doc = splitDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (doc.title === null) report(1, 'the first line must be the title: `# What went wrong`');

  const meta = parseMetadata(doc.preamble, report);
  const metaLine = doc.preamble[0]?.n ?? doc.titleLine;
  const id = unquote(meta.get('ID')?.value ?? '');
  if (!meta.has('ID')) report(metaLine, 'missing metadata bullet - **ID:** `domain/entry-id`');
  else if (!ID_SHAPE.test(id)) report(meta.get('ID')!.line, `ID "${id}" is not of the form domain/entry-id`);
  else if (id !== expectedId)
    report(meta.get('ID')!.line, `ID "${id}" does not match the file's path (expected "${expectedId}")`);

  const category = meta.get('Category')?.value ?? '';
  if (!(CATEGORIES as readonly string[]).includes(category))
    report(meta.get('Category')?.line ?? metaLine, `Category "${category}" is not one of ${CATEGORIES.join(', ')}`);
  const verification = meta.get('Verification')?.value ?? '';
  if (!(VERIFICATIONS as readonly string[]).includes(verification))
    report(
      meta.get('Verification')?.line ?? metaLine,
      `Verification "${verification}" is not one of ${VERIFICATIONS.join(', ')}`,
    );
  const errorCodes = parseErrorCodes(meta.get('Error Code'), metaLine, report);
  const fixRate = meta.get('Fix Rate')?.value ?? '';
  if (fixRate !== '—' && !/^\d{1,3}%$/.test(fixRate))
    report(meta.get('Fix Rate')?.line ?? metaLine, 'Fix Rate must be `—` or a sourced percentage like `83%`');

  const sections = checkSections(doc.sections, doc.titleLine, report);
  const body = (name: string): NumberedLine[] => sections.get(name)?.body ?? [];
  const at = (name: string): number => sections.get(name)?.line ?? doc.titleLine;

  const entry: KbEntry = {
    id: expectedId,
    file,
    title: doc.title ?? '',
    domain: meta.get('Domain')?.value ?? '',
    category: category as Category,
    errorCodes,
    verification: verification as Verification,
    fixRate,
    rootCause: proseOf(body('Root Cause')),
    versions: parseVersions(body('Version Compatibility'), at('Version Compatibility'), report),
    workarounds: parseWorkarounds(body('Workarounds'), report),
    deadEnds: parseDeadEnds(body('Dead Ends'), report),
    codes: sections.has('Codes') ? parseCodes(body('Codes'), at('Codes'), report) : [],
    signals: parseSignals(body('Signals'), report),
    symptoms: parseSymptoms(body('Symptoms'), report),
    probeChecks: parseProbeChecks(body('Probe Checks'), report),
    reproduced: parseReproduced(body('Reproduced'), report),
    references: parseBullets(body('References'), report),
    seeAlso: parseSeeAlso(body('See Also'), report),
    refines: parseSeeAlso(body('Refines'), report),
    disambiguation: proseOf(body('Disambiguation')),
    summary: proseOf(body('Summary')),
  };
  if (entry.domain && !id.startsWith(`${entry.domain}/`))
    report(meta.get('Domain')!.line, `Domain "${entry.domain}" is not the first part of the ID`);
  if (sections.has('Root Cause') && entry.rootCause === '') report(at('Root Cause'), 'Root Cause is empty');
  const hasError = problems.some((p) => p.severity === 'error');
  return { entry: hasError ? null : entry, problems };
}

interface MetaValue {
  value: string;
  line: number;
}

function parseMetadata(lines: NumberedLine[], report: Report): Map<MetadataKey, MetaValue> {
  const found = new Map<MetadataKey, MetaValue>();
  let expected = 0;
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    const m = META_LINE.exec(l.text.trim());
    const key = m?.[1] as MetadataKey | undefined;
    if (!m || !key || !(METADATA as readonly string[]).includes(key)) {
      report(l.n, `expected a metadata bullet - **${METADATA[expected] ?? 'Key'}:** value`);
      continue;
    }
    if (found.has(key)) report(l.n, `metadata "${key}" appears twice`);
    else if (METADATA.indexOf(key) !== expected)
      report(l.n, `metadata "${key}" is out of order: expected ${METADATA.join(', ')}`);
    found.set(key, { value: m[2]!.trim(), line: l.n });
    expected = METADATA.indexOf(key) + 1;
  }
  for (const key of METADATA)
    if (!found.has(key)) report(lines[0]?.n ?? 1, `missing metadata bullet - **${key}:**`);
  return found;
}

function parseErrorCodes(meta: MetaValue | undefined, fallback: number, report: Report): string[] {
  if (!meta) return [];
  if (meta.value === '—') return [];
  const codes = meta.value.split(',').map((c) => c.trim());
  const bad = codes.filter((c) => !/^`[^`]+`$/.test(c));
  if (bad.length > 0 || codes.length === 0)
    report(meta.line ?? fallback, 'Error Code must be `—` or backticked codes separated by commas');
  return codes.map(unquote);
}

function checkSections(sections: Section[], titleLine: number, report: Report): Map<string, Section> {
  const byName = new Map<string, Section>();
  let last = -1;
  for (const s of sections) {
    const index = (SECTION_ORDER as readonly string[]).indexOf(s.heading);
    if (index < 0) {
      report(s.line, `unknown section "## ${s.heading}": expected one of ${SECTION_ORDER.join(', ')}`);
      continue;
    }
    if (byName.has(s.heading)) report(s.line, `section "## ${s.heading}" appears twice`);
    else if (index < last) report(s.line, `section "## ${s.heading}" is out of order`);
    byName.set(s.heading, s);
    last = Math.max(last, index);
  }
  for (const name of SECTION_ORDER.slice(0, REQUIRED_SECTIONS))
    if (!byName.has(name)) report(titleLine, `missing required section "## ${name}"`);
  return byName;
}

function unquote(s: string): string {
  return s.replace(/^`|`$/g, '');
}
