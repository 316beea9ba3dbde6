/** Rules that need the whole entry or the whole KB, on top of what the parser checks. */
import { familyOf, hex, readingsOf } from '../common/reason-codes';
import { KbEntry, KbProblem } from './entry';

const PERCENT = /\b\d{1,3}\s?%/;

/**
 * Prose saying this project saw or checked a behaviour. Such a claim needs the test that drives the
 * real broker behind it, cited in the same paragraph, list item or table row. Linear-time patterns
 * only: alternations of literals, no nested quantifiers.
 */
// "is checked with the CA", "can be verified with `mosquitto_sub`" say how a thing works or what
// to run, and "runs on this machine" where a broker is: no claim. A block is read as one line, so a
// claim wrapped across two lines is read whole.
const CHECKED_HERE =
  /checked by running|(?<!\b(?:be|is|are) )(?:checked with|verified with|verified on|tested with)|checked here|seen here|run here|(?<!not )reproduced here|(?<!\b(?:runs|running|listens|listening|installed|is|are) )on this machine/gi;
const TEST_FILE = /\btest\/[\w./-]+\.test\.ts\b/;
const INLINE_CODE = /`[^`\n]*`/g;
const FENCE = /^\s*(?:```|~~~)/;
const ITEM_START = /^\s*(?:[-*+]|\d+\.)\s|^\s*\|/;

/**
 * The prose blocks of an entry: a paragraph, a list item with its continuation lines, or a table
 * row; fenced code is left out. Each block is its lines with their 1-based numbers.
 */
function proseBlocks(text: string): { line: number; text: string }[][] {
  const blocks: { line: number; text: string }[][] = [];
  let current: { line: number; text: string }[] = [];
  let fenced = false;
  const close = () => {
    if (current.length > 0) blocks.push(current);
    current = [];
  };
  text.split('\n').forEach((line, i) => {
    if (FENCE.test(line)) {
      fenced = !fenced;
      close();
      return;
    }
    if (fenced) return;
    if (line.trim() === '' || ITEM_START.test(line) || current.some((l) => /^\s*\|/.test(l.text)))
      close();
    if (line.trim() !== '') current.push({ line: i + 1, text: line });
  });
  close();
  return blocks;
}

/**
 * "Checked by running 2.0.11", "verified with", "seen here", "on this machine": a claim that this
 * project saw a behaviour, which the project's rule allows only with a test in `test/` behind it.
 * Quoted text (inline code, code blocks) is not prose: a log line may say "on this machine".
 */
export function lintCheckedClaims(file: string, text: string): KbProblem[] {
  const problems: KbProblem[] = [];
  for (const block of proseBlocks(text)) {
    if (block.some((l) => TEST_FILE.test(l.text))) continue;
    // The block as one line (inline code left out), and where each of its lines starts in it.
    const starts: number[] = [];
    let joined = '';
    for (const l of block) {
      starts.push(joined.length);
      joined += `${l.text.replace(INLINE_CODE, '').trim()} `;
    }
    const reported = new Set<number>();
    CHECKED_HERE.lastIndex = 0;
    for (let m = CHECKED_HERE.exec(joined); m !== null; m = CHECKED_HERE.exec(joined)) {
      let i = starts.length - 1;
      while (starts[i]! > m.index) i--;
      const l = block[i]!;
      // One problem a line, as an author fixes them.
      if (reported.has(l.line)) continue;
      reported.add(l.line);
      problems.push({
        file,
        line: l.line,
        severity: 'error',
        message: `"${m[0]}" claims this project saw it, but no test is cited: cite the test that drives the broker (\`test/...test.ts\`), the source at a tag, or say it was seen in a manual run`,
      });
    }
  }
  return problems;
}

/** Checks of one parsed entry: content minimums and sourced figures. */
export function lintEntry(entry: KbEntry, text: string): KbProblem[] {
  const problems: KbProblem[] = [];
  const report = (line: number, message: string, severity: KbProblem['severity'] = 'error') =>
    problems.push({ file: entry.file, line, severity, message });

  if (entry.workarounds.length < 2) report(1, 'needs at least two workarounds');
  if (entry.deadEnds.length < 1) report(1, 'needs at least one dead end');
  if (entry.references.length < 1) report(1, 'needs a References section citing the spec or docs');
  if (entry.signals.length === 0 && entry.codes.length === 0)
    report(1, 'needs at least one signal or code, or the matcher can never find it');
  if (entry.verification === 'reproduced' && entry.reproduced.length === 0)
    report(1, 'Verification "reproduced" needs a "## Reproduced" section naming the tests that prove it');
  // Issue 10: every signal names where it comes from (a product and version, or "user wording"),
  // so a reader can judge it and a reviewer can check it at its source.
  for (const s of entry.signals)
    if (s.note.replace(/needs MQTT context|\bweak\b|tells apart only|[^\p{L}\p{N}]+/giu, '') === '')
      report(
        s.line,
        `signal \`${s.phrase.slice(0, 40)}\` names no source: add a note, e.g. (Mosquitto 2.0 log) or (user wording)`,
      );
  // Such a phrase counts only beside evidence for an entry this one refines: without one, never.
  if (entry.refines.length === 0)
    for (const s of entry.signals.filter((x) => x.tellsApart))
      report(s.line, `signal \`${s.phrase.slice(0, 40)}\` only tells apart, but the entry refines nothing (add a ## Refines section)`);
  for (const w of entry.workarounds)
    if (w.codeBlocks.length === 0)
      report(w.line, `workaround "${w.summary.slice(0, 40)}" has no code block`, 'warning');

  for (const c of entry.codes) {
    if (c.kind !== 'mqtt') continue;
    const family = familyOf(c.protocol);
    const defined = readingsOf(c.value).some((r) => r.packet === c.packet && r.family === family);
    if (!defined)
      report(c.line, `MQTT ${c.protocol} defines no code ${hex(c.value)} for ${c.packet} (see the spec's reason code tables)`);
  }

  problems.push(...lintCheckedClaims(entry.file, text));

  const sourced = entry.references.some((r) => /^Figures:/.test(r));
  if (!sourced) {
    text.split('\n').forEach((line, i) => {
      if (PERCENT.test(line))
        report(
          i + 1,
          'a percentage needs a source: add a References bullet "Figures: <where the numbers come from>"',
        );
    });
  }
  return problems;
}

/**
 * Checks across entries: links resolve, shared code claims are disambiguated. `fileIds` are the
 * ids of every entry file, those with errors of their own too: a link to a file that exists is
 * no second error (its own problems are reported at its file).
 */
export function lintAcross(entries: KbEntry[], fileIds: string[] = []): KbProblem[] {
  const problems: KbProblem[] = [];
  const ids = new Set([...entries.map((e) => e.id), ...fileIds]);
  for (const e of entries)
    for (const [section, list] of [['See Also', e.seeAlso], ['Refines', e.refines]] as const)
      for (const s of list)
      if (!ids.has(s.id))
        problems.push({ file: e.file, line: s.line, severity: 'error', message: `${section} "${s.id}" is not an entry` });

  const claims = new Map<string, { entry: KbEntry; line: number }[]>();
  for (const e of entries)
    for (const c of e.codes) {
      const key = `${c.code.toLowerCase()} ${c.packet} ${c.protocol}`;
      const list = claims.get(key) ?? [];
      if (!list.some((x) => x.entry === e)) list.push({ entry: e, line: c.line });
      claims.set(key, list);
    }
  for (const [key, list] of claims) {
    if (list.length < 2) continue;
    for (const { entry, line } of list)
      if (!entry.disambiguation)
        problems.push({
          file: entry.file,
          line,
          severity: 'error',
          message: `code ${key} is also claimed by ${list
            .filter((x) => x.entry !== entry)
            .map((x) => x.entry.id)
            .join(', ')}: add a "## Disambiguation" section saying how to tell them apart`,
        });
  }
  return problems;
}

/**
 * A reproduced claim must point at a test that exists and names the entry, so the claim and its
 * proof cannot drift apart silently. `read` returns a file's text, or null when it is missing.
 */
export function lintReproduced(entries: KbEntry[], read: (testFile: string) => string | null): KbProblem[] {
  const problems: KbProblem[] = [];
  for (const e of entries)
    for (const r of e.reproduced) {
      const text = read(r.testFile);
      if (text === null)
        problems.push({ file: e.file, line: r.line, severity: 'error', message: `reproduced claim cites ${r.testFile}, which does not exist` });
      else if (!text.includes(e.id))
        problems.push({ file: e.file, line: r.line, severity: 'error', message: `${r.testFile} never names ${e.id}: the test that proves a claim names the entry it proves` });
    }
  return problems;
}
