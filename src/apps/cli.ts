/**
 * Composition root of the `mqtt-why` command: config, KB, engine, command. A command loads only
 * what it needs: a triage reads the KB index and never loads mqtt.js, ioredis, yaml or pino; a
 * probe loads mqtt.js and opens the KB only to explain a failure (see `src/core/kb-index.ts`).
 */
import path from 'path';
import { PACKAGE_ROOT, readCliConfig } from '../config';
import { KbProblem, formatProblem } from '../kb/entry';
import type { OpenedKb } from '../core/kb-index';
import { USAGE, parseArgs } from '../cli/args';
import type { CommandContext } from '../cli/commands';
import { CliIo, EXIT, ExitCode, processIo, write } from '../cli/io';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded by the commands that need them */
const probeCommands = () =>
  require('../cli/probe-command') as typeof import('../cli/probe-command');
const healthCommands = () =>
  require('../cli/health-command') as typeof import('../cli/health-command');
const feedbackCommands = () =>
  require('../cli/feedback-export') as typeof import('../cli/feedback-export');
const kbLoader = () => require('../kb/load') as typeof import('../kb/load');
const commands = () => require('../cli/commands') as typeof import('../cli/commands');
const openKnowledgeBase: typeof import('../core/kb-index').openKnowledgeBase = (...a) =>
  (require('../core/kb-index') as typeof import('../core/kb-index')).openKnowledgeBase(...a);
/* eslint-enable @typescript-eslint/no-require-imports */

export async function main(argv: string[], io: CliIo = processIo()): Promise<ExitCode> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    write(io.stderr, `mqtt-why: ${parsed.message}`);
    return EXIT.usage;
  }
  const { args } = parsed;
  if (
    args.flags.has('--help') ||
    args.flags.has('-h') ||
    (args.literalFrom > 0 && args.words[0] === 'help')
  ) {
    write(io.stdout, USAGE);
    return EXIT.answered;
  }
  if (args.flags.has('--version')) {
    write(io.stdout, `mqtt-why ${packageVersion()}`);
    return EXIT.answered;
  }
  const config = readCliConfig(undefined, io.stdoutIsTty);
  if (!config.ok) {
    for (const p of config.problems) write(io.stderr, `mqtt-why: ${p}`);
    return EXIT.usage;
  }
  const colour = args.flags.has('--no-color')
    ? false
    : args.flags.has('--color') || config.config.colour;
  const ctx: CommandContext = { io, args, colour, webUrl: config.config.webUrl };
  const kbFlag = args.flags.get('--kb') as string | undefined;
  const kbDir = kbFlag ?? config.config.kbDir;
  const kbSetBy = kbFlag ? ' (--kb)' : config.config.kbDirSetBy ? ' (MQTT_WHY_KB_DIR)' : '';

  // A word written after -- is text to triage, never a command (`mqtt-why -- show me`).
  const [command, sub] = args.literalFrom > 0 ? args.words : [];
  if (command === 'feedback' && sub === 'export' && args.words.length === 2)
    return feedbackCommands().feedbackExportCommand(io);
  const misplaced = misplacedFlag(command, args.flags);
  if (misplaced) {
    write(io.stderr, `mqtt-why: ${misplaced}`);
    return EXIT.usage;
  }
  const slip = commandSlip(args.literalFrom > 0 ? args.words : []);
  if (slip) {
    write(io.stderr, `mqtt-why: ${slip}`);
    return EXIT.usage;
  }
  // The lint always parses every file: it reports warnings too, which no index keeps.
  if (command === 'kb' && sub === 'lint' && args.words.length === 2)
    return commands().kbLintCommand(ctx, await kbLoader().loadKnowledgeBase(kbDir));
  if (command === 'probe') {
    // The KB is read only to explain a failed step: a healthy probe never opens it.
    let kb: OpenedKb | undefined;
    const triage = () => {
      kb ??= openKnowledgeBase(kbDir, { write: true });
      return kb.ok ? kb.triage() : null;
    };
    const code = await probeCommands().probeCommand(io, args, triage, colour);
    return kb && !kb.ok ? kbErrors(io, `${kbDir}${kbSetBy}`, kb.problems) : code;
  }
  const opened = openKnowledgeBase(kbDir, { write: true });
  if (!opened.ok) return kbErrors(io, `${kbDir}${kbSetBy}`, opened.problems);
  if (command === 'kb') {
    if (sub === 'list' && args.words.length === 2)
      return commands().kbListCommand(ctx, opened.triage());
    if (sub === 'index' && args.words.length === 2) return commands().kbIndexCommand(ctx, opened);
    const what = sub
      ? `"kb ${args.words.slice(1).join(' ')}" is not a command`
      : 'kb needs a subcommand';
    write(
      io.stderr,
      `mqtt-why: ${what}: use mqtt-why kb list (the entries), mqtt-why kb index (refresh the index) or mqtt-why kb lint (check them)`,
    );
    return EXIT.usage;
  }
  if (command === 'show' && args.words.length <= 2)
    return commands().showCommand(ctx, opened.triage());
  if (command === 'match' && args.words.length === 1)
    return commands().matchCommand(ctx, opened.triage());
  // `show <id> more words` is a slip, not text to triage (text after -- always is).
  if (command === 'show' || command === 'match') {
    write(
      io.stderr,
      `mqtt-why: ${command} takes ${command === 'show' ? 'one id: mqtt-why show <id>' : 'no words: mqtt-why match --jsonl < cases.jsonl'}; to triage text that starts with "${command}", put -- before it`,
    );
    return EXIT.usage;
  }
  if (command === 'health') return healthCommands().healthCommand(ctx, opened.triage());
  return commands().triageCommand(ctx, opened.triage());
}

/** An option given to a command that would silently ignore it. */
function misplacedFlag(
  command: string | undefined,
  flags: Map<string, string | true>,
): string | null {
  if (flags.has('--jsonl') && command !== 'match')
    return '--jsonl belongs to match: mqtt-why match --jsonl < cases.jsonl';
  if (flags.has('--full') && command === 'probe')
    return '--full is for answers (mqtt-why --full 0x87); a probe prints every step, and --json gives its details';
  return null;
}

/** A lone word that names a command people expect, which is not error text to triage. */
function commandSlip(words: string[]): string | null {
  if (words.length !== 1) return null;
  switch (words[0]!.toLowerCase()) {
    case 'status':
      return '"status" is the web UI\'s page (npm start) and the chat\'s /mqtt-why status; from a terminal, mqtt-why health --once checks the brokers of brokers.yml';
    case 'list':
      return 'the entries are listed by mqtt-why kb list';
    case 'feedback':
      return 'feedback needs a subcommand: mqtt-why feedback export';
    default:
      return null;
  }
}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read once, only when asked
  const pkg = require(path.join(PACKAGE_ROOT, 'package.json')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

function kbErrors(io: CliIo, where: string, problems: KbProblem[]): ExitCode {
  write(io.stderr, `mqtt-why: cannot use the knowledge base in ${where}:`);
  for (const p of problems.filter((x) => x.severity === 'error'))
    write(io.stderr, formatProblem(p));
  return EXIT.usage;
}
