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

/**
 * Reads a stream whole, keeping its last MAX_STDIN_BYTES when it is longer (logs end with the
 * news), and how many lines it dropped before those, so line numbers stay those of the stream.
 */
export async function readAll(
  stream: Readable,
): Promise<{ text: string; truncated: boolean; linesBefore: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let linesBefore = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buf);
    size += buf.length;
    while (size - chunks[0]!.length >= MAX_STDIN_BYTES) {
      const dropped = chunks.shift()!;
      size -= dropped.length;
      linesBefore += countNewlines(dropped);
      truncated = true;
    }
  }
  let all = Buffer.concat(chunks);
  if (all.length > MAX_STDIN_BYTES) {
    const cut = all.length - MAX_STDIN_BYTES;
    linesBefore += countNewlines(all.subarray(0, cut));
    all = all.subarray(cut);
    truncated = true;
  }
  return { text: decodeText(all), truncated, linesBefore };
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * UTF-8 unless the bytes say UTF-16 (Windows tools export logs so): a byte order mark, or a
 * zero in every other byte of an ASCII-like start.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const sample = Math.min(bytes.length, 1024) & ~1;
  if (sample >= 8) {
    let oddZeros = 0;
    let evenZeros = 0;
    for (let i = 0; i < sample; i += 2) {
      if (bytes[i] === 0) evenZeros++;
      if (bytes[i + 1] === 0) oddZeros++;
    }
    const pairs = sample / 2;
    if (oddZeros > pairs * 0.9 && evenZeros < pairs * 0.1)
      return new TextDecoder('utf-16le').decode(bytes);
    if (evenZeros > pairs * 0.9 && oddZeros < pairs * 0.1)
      return new TextDecoder('utf-16be').decode(bytes);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
