/** Parsers for the list- and table-shaped sections of an entry. Each reports problems by line. */
import {
  CodeClaim,
  DeadEnd,
  LIBRARIES,
  Library,
  MQTT_PACKETS,
  MQTT_VERSIONS,
  MqttPacket,
  MqttVersion,
  PROBE_STEPS,
  ProbeCheck,
  ProbeStep,
  ReproducedClaim,
  SeeAlso,
  SignalPhrase,
  VersionNote,
  Workaround,
} from './entry';
import { NumberedLine, tableRows } from './markdown';

export type Report = (line: number, message: string, severity?: 'error' | 'warning') => void;

const includes = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/** The Version Compatibility table: Version | Status | Introduced | Deprecated [| Notes]. */
export function parseVersions(body: NumberedLine[], at: number, report: Report): VersionNote[] {
  const { header, rows } = tableRows(body);
  const want = ['Version', 'Status', 'Introduced', 'Deprecated'];
  if (want.some((h, i) => header[i] !== h)) {
    report(at, `Version Compatibility needs a table with columns ${want.join(' | ')} [| Notes]`);
    return [];
  }
  if (rows.length === 0) report(at, 'Version Compatibility has no rows');
  return rows.map((r) => ({
    line: r.n,
    version: r.cells[0] ?? '',
    status: r.cells[1] ?? '',
    introduced: r.cells[2] ?? '',
    deprecated: r.cells[3] ?? '',
    notes: r.cells[4] ?? '',
  }));
}

const WORKAROUND = /^(\d+)\.\s+\*\*(.+)\*\*\s*(?:\((\d{1,3})% success\))?\s*$/;

/** Numbered workarounds, each with its code blocks, details and an optional sourced success rate. */
export function parseWorkarounds(body: NumberedLine[], report: Report): Workaround[] {
  const items: Workaround[] = [];
  let fence: { lang: string; lines: string[] } | null = null;
  for (const l of body) {
    const trimmed = l.text.trim();
    const current = items[items.length - 1];
    if (fence) {
      if (trimmed.startsWith('```')) {
        current?.codeBlocks.push({ lang: fence.lang, body: fence.lines.join('\n') });
        fence = null;
      } else fence.lines.push(l.text.replace(/^ {3}/, ''));
      continue;
    }
    const m = WORKAROUND.exec(l.text);
    if (m) {
      if (Number(m[1]) !== items.length + 1)
        report(l.n, `workaround numbered ${m[1]}, expected ${items.length + 1}`);
      const item: Workaround = { line: l.n, summary: m[2]!.trim(), codeBlocks: [], details: '' };
      if (m[3] !== undefined) item.successPercent = Number(m[3]);
      items.push(item);
    } else if (trimmed.startsWith('```')) {
      if (!current) report(l.n, 'code block before the first numbered workaround');
      fence = { lang: trimmed.slice(3).trim(), lines: [] };
    } else if (trimmed !== '') {
      if (!current) report(l.n, 'expected a numbered workaround: `1. **Summary.**`');
      else current.details = current.details ? `${current.details} ${trimmed}` : trimmed;
    }
  }
  if (fence) report(body[body.length - 1]?.n ?? 0, 'code block is not closed');
  return items;
}

const DEAD_END = /^-\s+\*\*(.+?)\*\*\s*[—–-]+\s*(.+)$/;
const FAIL_RATE = /\s*\((\d{1,3})% fail\)\s*$/;

/** Dead Ends: what people try that does not help, and why (an optional sourced failure rate). */
export function parseDeadEnds(body: NumberedLine[], report: Report): DeadEnd[] {
  const items: DeadEnd[] = [];
  for (const l of body) {
    if (l.text.trim() === '') continue;
    const m = DEAD_END.exec(l.text.trim());
    if (!m) {
      if (l.text.startsWith('  ') && items.length > 0) {
        const last = items[items.length - 1]!;
        last.why = `${last.why} ${l.text.trim()}`;
      } else report(l.n, 'expected a dead end: `- **What people try** — why it fails`');
      continue;
    }
    let why = m[2]!.trim();
    const item: DeadEnd = { line: l.n, attempt: m[1]!.trim(), why };
    const rate = FAIL_RATE.exec(why);
    if (rate) {
      item.failPercent = Number(rate[1]);
      why = why.slice(0, rate.index).trim();
      item.why = why;
    }
    items.push(item);
  }
  return items;
}

const HEX_CODE = /^0x[0-9A-Fa-f]{2}$/;
const DEC_CODE = /^-?\d{1,6}$/;

/** The Codes table: packet, code and protocol version an entry claims (checked against the specs). */
export function parseCodes(body: NumberedLine[], at: number, report: Report): CodeClaim[] {
  const { header, rows } = tableRows(body);
  const want = ['Code', 'Packet', 'Protocol', 'Meaning'];
  if (want.some((h, i) => header[i] !== h)) {
    report(at, `Codes needs a table with columns ${want.join(' | ')}`);
    return [];
  }
  const claims: CodeClaim[] = [];
  for (const r of rows) {
    const [code = '', packet = '', protocol = '', meaning = ''] = r.cells.map((c) =>
      c.replace(/^`|`$/g, ''),
    );
    if (!meaning) report(r.n, `code ${code} has no meaning`);
    if (includes(MQTT_VERSIONS, protocol)) {
      if (!HEX_CODE.test(code)) {
        report(r.n, `MQTT code "${code}" must be written 0xNN (two hex digits)`);
        continue;
      }
      if (!includes(MQTT_PACKETS, packet)) {
        report(r.n, `packet "${packet}" is not one of ${MQTT_PACKETS.join(', ')}`);
        continue;
      }
      claims.push(mqttClaim(r.n, code, packet, protocol, meaning));
    } else if (includes(LIBRARIES, protocol)) {
      if (!DEC_CODE.test(code) && !HEX_CODE.test(code)) {
        report(r.n, `library code "${code}" must be a decimal integer`);
        continue;
      }
      claims.push({
        line: r.n,
        code,
        value: Number(code),
        meaning,
        kind: 'library',
        packet,
        protocol: protocol as Library,
      });
    } else {
      report(
        r.n,
        `protocol "${protocol}" is neither an MQTT version (${MQTT_VERSIONS.join(', ')}) nor a known library (${LIBRARIES.join(', ')})`,
      );
    }
  }
  return claims;
}

function mqttClaim(
  line: number,
  code: string,
  packet: MqttPacket,
  protocol: MqttVersion,
  meaning: string,
): CodeClaim {
  return { line, code, value: parseInt(code, 16), meaning, kind: 'mqtt', packet, protocol };
}

const SIGNAL = /^-\s+`([^`]+)`\s*(.*)$/;

/** Signals: exact phrases and patterns from client and broker output, with their context flags. */
export function parseSignals(body: NumberedLine[], report: Report): SignalPhrase[] {
  const items: SignalPhrase[] = [];
  for (const l of body) {
    if (l.text.trim() === '') continue;
    const m = SIGNAL.exec(l.text.trim());
    if (!m) {
      report(l.n, 'expected a signal: - `phrase as it appears` (optional note)');
      continue;
    }
    const phrase = m[1]!;
    const note = m[2]!.trim();
    if (phrase.trim().length < 4 || phrase.length > 120)
      report(l.n, `signal "${phrase}" must be 4 to 120 characters long`);
    else if (/^\s*\*|\*\s*$/.test(phrase))
      report(l.n, `signal "${phrase}" must not start or end with a wildcard`);
    else
      items.push({ line: l.n, phrase, note, needsContext: /needs MQTT context/i.test(note), weak: /\(.*\bweak\b.*\)/i.test(note), tellsApart: /\btells apart only\b/i.test(note), setting: namesSetting(note) });
  }
  return items;
}

/**
 * Whether a signal's note calls it a setting: one of the note's clauses (split at ";", citations
 * in brackets left out) ends in "option", "configuration", "setting" or "call", perhaps with a
 * comma-led or "that"/"which" remark after it ("Mosquitto 1.x-2.1 option, deprecated in 2.1").
 */
function namesSetting(note: string): boolean {
  return note
    .replace(/^\(|\)$/g, '')
    .split(';')
    .some((clause) =>
      /\b(?:options?|configuration|configuration line|build setting|setting|call)(?:,[^,]*| (?:that|which) .*)?$/i.test(
        clause.replace(/\s*\[[^\]]*\]/g, '').trim(),
      ),
    );
}

const BULLET_ID = /^-\s+`([^`]+)`\s*(?:[—–-]+\s*(.*))?$/;

/** Probe: which probe step shows the condition, and what it shows. */
export function parseProbeChecks(body: NumberedLine[], report: Report): ProbeCheck[] {
  const items: ProbeCheck[] = [];
  for (const l of body) {
    if (l.text.trim() === '') continue;
    const m = BULLET_ID.exec(l.text.trim());
    if (!m || !includes(PROBE_STEPS, m[1]!)) {
      report(l.n, `expected - \`step\` — what it shows, with step one of ${PROBE_STEPS.join(', ')}`);
      continue;
    }
    items.push({ line: l.n, step: m[1] as ProbeStep, description: (m[2] ?? '').trim() });
  }
  return items;
}

/** See Also: ids of related entries, each with why it is related. */
export function parseSeeAlso(body: NumberedLine[], report: Report): SeeAlso[] {
  const items: SeeAlso[] = [];
  for (const l of body) {
    if (l.text.trim() === '') continue;
    const m = BULLET_ID.exec(l.text.trim());
    if (!m) {
      report(l.n, 'expected - `domain/entry-id` — why');
      continue;
    }
    items.push({ line: l.n, id: m[1]!, why: (m[2] ?? '').trim() });
  }
  return items;
}

/** A plain bullet list (symptoms, references, reproduced claims). */
export function parseBullets(body: NumberedLine[], report: Report): string[] {
  const items: string[] = [];
  for (const l of body) {
    const t = l.text.trim();
    if (t === '') continue;
    if (t.startsWith('- ')) items.push(t.slice(2).trim());
    else if (l.text.startsWith('  ') && items.length > 0)
      items[items.length - 1] = `${items[items.length - 1]} ${t}`;
    else report(l.n, 'expected a bullet: - text');
  }
  return items;
}

/** One plain-language description per bullet: how a person tells the problem with no error text. */
export function parseSymptoms(body: NumberedLine[], report: Report): string[] {
  const items: string[] = [];
  for (const l of body) {
    const t = l.text.trim();
    if (t === '') continue;
    if (!t.startsWith('- ')) {
      report(l.n, 'expected a symptom: - how people describe it, in their words');
      continue;
    }
    const symptom = t.slice(2).trim();
    if (symptom.length < 8 || symptom.length > 200)
      report(l.n, `symptom "${symptom.slice(0, 40)}" must be 8 to 200 characters long`);
    else items.push(symptom);
  }
  return items;
}

const REPRODUCED = /^-\s+(.+?)\s+[—–]\s+`([^`]+)`\s*(?:\(([^)]*)\))?\s*$/;

/** `- claim — \`test/…/file.test.ts\` (what it ran against)`. */
export function parseReproduced(body: NumberedLine[], report: Report): ReproducedClaim[] {
  const items: ReproducedClaim[] = [];
  for (const l of body) {
    if (l.text.trim() === '') continue;
    const m = REPRODUCED.exec(l.text.trim());
    if (!m || !/^test\/.+\.test\.ts$/.test(m[2]!)) {
      report(l.n, 'expected - claim — `test/<path>.test.ts` (broker and version it ran against)');
      continue;
    }
    items.push({ line: l.n, claim: m[1]!.trim(), testFile: m[2]!, against: (m[3] ?? '').trim() });
  }
  return items;
}
