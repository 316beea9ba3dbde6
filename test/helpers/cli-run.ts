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
  return runCliWith(argv, { stdin, stdinIsTty, stdoutIsTty: false });
}

/** The CLI writing to a terminal `columns` wide (tables fit it; colour unless NO_COLOR). */
export function runCliOnTerminal(argv: string[], columns: number): Promise<CliOutcome> {
  return runCliWith(argv, { stdin: '', stdinIsTty: true, stdoutIsTty: true, columns });
}

async function runCliWith(
  argv: string[],
  tty: { stdin: string; stdinIsTty: boolean; stdoutIsTty: boolean; columns?: number },
): Promise<CliOutcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(argv, {
    stdin: Readable.from([Buffer.from(tty.stdin)]),
    stdout,
    stderr,
    stdinIsTty: tty.stdinIsTty,
    stdoutIsTty: tty.stdoutIsTty,
    ...(tty.columns ? { columns: tty.columns } : {}),
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

export const BIN = path.join(__dirname, '../../bin/mqtt-why.js');

export interface SpawnOptions {
  /** Variables to set (undefined: unset) over this process's environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run as another user (an unreadable file is readable to root). */
  user?: { uid: number; gid: number };
}

export function runBin(
  argv: string[],
  stdin = '',
  options: SpawnOptions = {},
): Promise<CliOutcome> {
  return runNode(BIN, argv, { ...options, stdin });
}

/** Runs a script of the project (the CLI, dist/src/apps/bot.js…) with Node, to its exit. */
export function runNode(
  script: string,
  argv: string[],
  options: SpawnOptions & { stdin?: string } = {},
): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...argv], {
      env: childEnv(options.env),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.user ?? {}),
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
    child.stdin.end(options.stdin ?? '');
  });
}

/**
 * Starts a long-running script (the bot, a worker) and stops it with SIGTERM once its output
 * matches `until`, or after `deadlineMs`; resolves with everything it wrote and its exit code.
 */
export function runNodeUntil(
  script: string,
  until: RegExp,
  options: SpawnOptions & { deadlineMs?: number } = {},
): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: childEnv(options.env),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    const check = () => {
      if (until.test(stdout + stderr)) child.kill('SIGTERM');
    };
    child.stdout.on('data', (c: Buffer) => ((stdout += c.toString()), check()));
    child.stderr.on('data', (c: Buffer) => ((stderr += c.toString()), check()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.deadlineMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end();
  });
}

/** This process's environment with `overrides` applied, and colour off. */
export function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const [name, value] of Object.entries(overrides))
    if (value === undefined) delete env[name];
    else env[name] = value;
  return env;
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
