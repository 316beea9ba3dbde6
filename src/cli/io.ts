/** The streams a CLI command uses, injected so tests run commands in-process. */
import { Readable, Writable } from 'stream';
import { isatty } from 'tty';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
  /** The terminal's width when stdout is one (tables are fitted to it); absent: 80. */
  columns?: number;
}

export function processIo(): CliIo {
  return {
    // Node builds process.stdin on first use, which costs a run that never reads it (~10 ms).
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTty: isatty(0),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
}

/** The width a table must fit: the terminal's, or none when the output is piped. */
export function tableWidth(io: CliIo): number | null {
  return io.stdoutIsTty ? (io.columns ?? 80) : null;
}

/** Exit codes are a contract: 0 answered, 1 nothing matched (or problems found), 2 usage or input error. */
export const EXIT = { answered: 0, nothing: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

// More than the matcher reads (it truncates further and says so), bounded so a runaway pipe
// cannot exhaust memory.
const MAX_STDIN_BYTES = 16 * 1024 * 1024;

/** Reads a stream whole, keeping its last MAX_STDIN_BYTES when it is longer (logs end with the news). */
export async function readAll(stream: Readable): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buf);
    size += buf.length;
    while (size - chunks[0]!.length >= MAX_STDIN_BYTES) {
      size -= chunks.shift()!.length;
      truncated = true;
    }
  }
  let all = Buffer.concat(chunks);
  if (all.length > MAX_STDIN_BYTES) {
    all = all.subarray(all.length - MAX_STDIN_BYTES);
    truncated = true;
  }
  return { text: new TextDecoder('utf-8').decode(all), truncated };
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
