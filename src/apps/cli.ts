/** Composition root of the `mqtt-why` command: config, KB, engine, command. */
import { readCliConfig } from '../config';
import { formatProblem } from '../kb/entry';
import { loadKnowledgeBase } from '../kb/load';
import { Triage } from '../core/triage';
import { USAGE, parseArgs } from '../cli/args';
import {
  CommandContext,
  kbLintCommand,
  kbListCommand,
  matchCommand,
  showCommand,
  triageCommand,
} from '../cli/commands';
import { feedbackExportCommand } from '../cli/feedback-export';
import { probeCommand } from '../cli/probe-command';
import { healthCommand } from '../cli/health-command';
import { CliIo, EXIT, ExitCode, processIo, write } from '../cli/io';

export async function main(argv: string[], io: CliIo = processIo()): Promise<ExitCode> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    write(io.stderr, `mqtt-why: ${parsed.message}`);
    return EXIT.usage;
  }
  const { args } = parsed;
  if (args.flags.has('--help') || args.flags.has('-h') || args.words[0] === 'help') {
    write(io.stdout, USAGE);
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

  const [command, sub] = args.words;
  if (command === 'feedback' && sub === 'export' && args.words.length === 2)
    return feedbackExportCommand(io);
  const loaded = await loadKnowledgeBase(kbDir);
  if (command === 'kb' && sub === 'lint' && args.words.length === 2)
    return kbLintCommand(ctx, loaded);
  if (!loaded.ok) {
    write(io.stderr, `mqtt-why: cannot use the knowledge base in ${kbDir}${kbSetBy}:`);
    for (const p of loaded.problems.filter((x) => x.severity === 'error'))
      write(io.stderr, formatProblem(p));
    return EXIT.usage;
  }
  const triage = new Triage(loaded.kb);
  if (command === 'kb') {
    if (sub === 'list' && args.words.length === 2) return kbListCommand(ctx, triage);
    const what = sub
      ? `"kb ${args.words.slice(1).join(' ')}" is not a command`
      : 'kb needs a subcommand';
    write(
      io.stderr,
      `mqtt-why: ${what}: use mqtt-why kb list (the entries) or mqtt-why kb lint (check them)`,
    );
    return EXIT.usage;
  }
  if (command === 'show' && args.words.length <= 2) return showCommand(ctx, triage);
  if (command === 'match' && args.words.length === 1) return matchCommand(ctx, triage);
  if (command === 'probe') return probeCommand(io, args, triage, colour);
  if (command === 'health') return healthCommand(ctx, triage);
  return triageCommand(ctx, triage);
}
