/** The streams a CLI command uses, injected so tests run commands in-process. */
import { Readable, Writable } from 'stream';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTty: Boolean(process.stdin.isTTY),
    stdoutIsTty: Boolean(process.stdout.isTTY),
  };
}

/** Exit codes are a contract: 0 answered, 1 nothing matched (or problems found), 2 usage or input error. */
export const EXIT = { answered: 0, nothing: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

// More than the matcher reads (it truncates further and says so), bounded so a runaway pipe
// cannot exhaust memory.
const MAX_STDIN_BYTES = 16 * 1024 * 1024;

export async function readAll(stream: Readable): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    if (size + buf.length > MAX_STDIN_BYTES) {
      chunks.push(buf.subarray(0, MAX_STDIN_BYTES - size));
      truncated = true;
      break;
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { text: new TextDecoder('utf-8').decode(Buffer.concat(chunks)), truncated };
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
