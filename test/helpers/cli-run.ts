/** Runs the CLI in-process with captured streams, or the built binary as a child process. */
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { PassThrough, Readable } from 'stream';
import { main } from '../../src/apps/cli';
import { SMALL_KB_SPECS } from './small-kb';
import { entryText } from './entry-text';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], stdin = '', stdinIsTty = false): Promise<CliOutcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(argv, {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout,
    stderr,
    stdinIsTty,
    stdoutIsTty: false,
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

export const BIN = path.join(__dirname, '../../bin/mqtt-why.js');

export function runBin(
  argv: string[],
  stdin = '',
  env: Record<string, string> = {},
): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** Writes the small test KB (or given files) into a fresh temporary directory. */
export async function tempKb(files?: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-why-kb-'));
  const content =
    files ?? Object.fromEntries(SMALL_KB_SPECS.map((s) => [`${s.id}.md`, entryText(s)]));
  for (const [name, text] of Object.entries(content)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  return dir;
}
