/** The CLI's commands: each takes parsed args and the engine, writes to the given streams. */
import { redactSecrets } from '../common/redact';
import type { OpenedKb } from '../core/kb-index';
import { formatProblem } from '../kb/entry';
import type { LoadResult } from '../kb/load';
import { promises as fs } from 'fs';
import { FileProblem, fileProblem } from '../common/file-errors';
import { Triage } from '../core/triage';
import { answerJson, batchLine } from '../render/json';
import { renderTable } from '../render/table';
import { renderAnswer, renderEntry } from '../render/text';
import { entryUrlFor } from '../render/links';
import { ParsedArgs } from './args';
import { CliIo, EXIT, ExitCode, readAll, tableWidth, write } from './io';

export interface CommandContext {
  io: CliIo;
  args: ParsedArgs;
  colour: boolean;
  /** WEB_URL: where the web UI is, for a link to the entry's page. */
  webUrl?: string | null;
}

export async function triageCommand(ctx: CommandContext, triage: Triage): Promise<ExitCode> {
  const { io, args } = ctx;
  let text = args.words.join(' ');
  let linesBefore = 0;
  const file = await namedLogFile(args);
  const dash = stdinAt(args);
  if (file === false) {
    write(
      io.stderr,
      `mqtt-why: no file ${args.words[0]} (put -- before it to triage the words as text)`,
    );
    return EXIT.usage;
  }
  if (file) {
    // `mqtt-why /var/log/mosquitto/mosquitto.log` means the file, not its name as error text.
    const read = await readLogFile(file);
    if (!read.ok) {
      write(io.stderr, `mqtt-why: cannot read ${file}: ${read.problem.cause}; ${read.problem.fix}`);
      return EXIT.usage;
    }
    write(
      io.stderr,
      `mqtt-why: reading the file ${file} (put -- before a path to triage it as text)`,
    );
    ({ text, linesBefore } = read);
  } else if (dash >= 0) {
    // The log first, so its line numbers stay those of the log; the words the person added say
    // what they saw, as the last line of a paste often does.
    const words = args.words.filter((_, i) => i !== dash).join(' ');
    // At a terminal the wait for input would otherwise look like a hang.
    if (io.stdinIsTty)
      write(io.stderr, 'mqtt-why: reading standard input for -; end it with Ctrl-D');
    const read = await readAll(io.stdin);
    ({ linesBefore } = read);
    text = words.trim() === '' ? read.text : `${read.text.replace(/\n+$/, '')}\n${words}`;
  } else if (text.trim() === '') {
    if (io.stdinIsTty) {
      write(io.stderr, 'Give a code or error text, or pipe a log in: mqtt-why --help');
      return EXIT.usage;
    }
    ({ text, linesBefore } = await readAll(io.stdin));
  }
  if (text.trim() === '') {
    write(
      io.stderr,
      'The input is empty: paste an error message, a reason code or broker log lines.',
    );
    return EXIT.usage;
  }
  const answer = triage.triage(text, linesBefore);
  if (answer.abstainReason === 'binary-input') {
    write(
      io.stderr,
      'The input looks like binary data, not text: give the error message or log lines.',
    );
    return EXIT.usage;
  }
  if (args.flags.has('--json')) write(io.stdout, JSON.stringify(answerJson(answer), null, 2));
  else
    write(
      io.stdout,
      renderAnswer(
        answer,
        { colour: ctx.colour },
        { full: args.flags.has('--full'), entryUrl: entryUrlFor(ctx.webUrl ?? null) },
      ),
    );
  return answer.matches.length > 0 && !answer.abstain ? EXIT.answered : EXIT.nothing;
}

/** `match --jsonl`: one answer line per input line, in order; a bad line gets an error line. */
export async function matchCommand(ctx: CommandContext, triage: Triage): Promise<ExitCode> {
  const { io, args } = ctx;
  if (!args.flags.has('--jsonl')) {
    write(io.stderr, 'match reads JSON lines: mqtt-why match --jsonl < cases.jsonl');
    return EXIT.usage;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only this command reads lines
  const readline = require('readline') as typeof import('readline');
  const lines = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    // A blank line gets its own (empty) answer: output line N always answers input line N.
    const out =
      line.trim() === '' ? JSON.stringify({ matches: [], abstain: true }) : matchLine(line, triage);
    if (!io.stdout.write(`${out}\n`))
      await new Promise((resolve) => io.stdout.once('drain', resolve));
  }
  return EXIT.answered;
}

function matchLine(line: string, triage: Triage): string {
  let input: unknown;
  try {
    input = JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
  } catch (err) {
    // Node's message quotes the input, which may hold a password.
    return JSON.stringify({ error: `not valid JSON: ${redactSecrets((err as Error).message)}` });
  }
  const text = (input as { text?: unknown } | null)?.text;
  if (typeof input !== 'object' || input === null || typeof text !== 'string')
    return JSON.stringify({ error: 'expected an object with a "text" string: {"text": "..."}' });
  return batchLine(triage.triage(text));
}

export function showCommand(ctx: CommandContext, triage: Triage): ExitCode {
  const [, id] = ctx.args.words;
  if (!id) {
    write(ctx.io.stderr, 'Which entry? mqtt-why show <id>   (mqtt-why kb list shows the ids)');
    return EXIT.usage;
  }
  const entry = triage.find(id);
  if (!entry) {
    write(ctx.io.stderr, `No entry "${id}". mqtt-why kb list shows the ids.`);
    return EXIT.nothing;
  }
  write(
    ctx.io.stdout,
    ctx.args.flags.has('--json')
      ? JSON.stringify(entry, null, 2)
      : renderEntry(entry, { colour: ctx.colour }),
  );
  return EXIT.answered;
}

/** `kb list`: id, codes and title of every entry, aligned; fitted to a terminal, whole when piped. */
export function kbListCommand(ctx: CommandContext, triage: Triage): ExitCode {
  const rows = triage.kb.entries.map((e) => [
    e.id,
    e.errorCodes.length > 0 ? e.errorCodes.join(', ') : '—',
    e.title,
  ]);
  // On a terminal too narrow for all: long code lists give way first, then titles, then ids.
  const columns = [
    { header: 'ID', shrink: 3, min: 24 },
    { header: 'CODES', shrink: 1, min: 12 },
    { header: 'TITLE', shrink: 2, min: 24 },
  ];
  write(ctx.io.stdout, renderTable(columns, rows, { maxWidth: tableWidth(ctx.io) }).join('\n'));
  return EXIT.answered;
}

/** `kb lint`: every problem with file and line; exit 1 when any is an error. */
export function kbLintCommand(ctx: CommandContext, loaded: LoadResult): ExitCode {
  const problems = loaded.ok ? loaded.warnings : loaded.problems;
  for (const p of problems) write(ctx.io.stdout, formatProblem(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const count = loaded.ok ? `${loaded.kb.entries.length} entries` : 'KB not loaded';
  write(ctx.io.stdout, `${count}: ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? EXIT.nothing : EXIT.answered;
}

/**
 * `kb index`: make sure the KB's index is current (`npm run build` runs it for the packaged KB);
 * exit 1 when it is stale and cannot be written (every run then parses the KB).
 */
export function kbIndexCommand(ctx: CommandContext, opened: OpenedKb & { ok: true }): ExitCode {
  const count = `${opened.kb().entries.length} entries`;
  if (opened.from === 'index') {
    write(ctx.io.stdout, `kb index: ${opened.indexPath} is current (${count})`);
    return EXIT.answered;
  }
  if (opened.written?.ok) {
    write(ctx.io.stdout, `kb index: wrote ${opened.indexPath} (${count}; was: ${opened.stale})`);
    return EXIT.answered;
  }
  const reason = opened.written ? opened.written.reason : 'not asked to write';
  write(
    ctx.io.stderr,
    `kb index: could not write ${opened.indexPath} (${reason}); until it can, every run parses the KB`,
  );
  return EXIT.nothing;
}

/** A log file's text as standard input's would be read (its newest part), or why it cannot be. */
async function readLogFile(
  file: string,
): Promise<{ ok: true; text: string; linesBefore: number } | { ok: false; problem: FileProblem }> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { text, linesBefore } = await readAll(handle.createReadStream({ autoClose: false }));
    return { ok: true, text, linesBefore };
  } catch (err) {
    return { ok: false, problem: fileProblem(err, file, 'file') };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Where `-` (standard input) stands among the words before `--`, or -1. */
function stdinAt(args: ParsedArgs): number {
  const at = args.words.indexOf('-');
  return at < args.literalFrom ? at : -1;
}

/**
 * The one word given, when it is the path of a readable file rather than error text; false when
 * it can only be a file's name (`mosquitto.log`) and there is no such file.
 */
async function namedLogFile(args: ParsedArgs): Promise<string | null | false> {
  if (args.literalFrom === 0 || args.words.length !== 1) return null;
  const word = args.words[0]!;
  const logName = /^[^\s]+\.(?:log|txt|out|err)$/i.test(word);
  if (!logName && !/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)[^\s]+$/.test(word)) return null;
  const stat = await fs.stat(word).catch(() => null);
  if (stat?.isFile()) return word;
  return logName ? false : null;
}
