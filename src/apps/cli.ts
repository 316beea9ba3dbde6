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
  const kbDir = (args.flags.get('--kb') as string | undefined) ?? config.config.kbDir;

  const [command, sub] = args.words;
  if (command === 'feedback' && sub === 'export' && args.words.length === 2)
    return feedbackExportCommand(io);
  const loaded = await loadKnowledgeBase(kbDir);
  if (command === 'kb' && sub === 'lint' && args.words.length === 2)
    return kbLintCommand(ctx, loaded);
  if (!loaded.ok) {
    write(io.stderr, `mqtt-why: the knowledge base in ${kbDir} has errors:`);
    for (const p of loaded.problems.filter((x) => x.severity === 'error'))
      write(io.stderr, formatProblem(p));
    return EXIT.usage;
  }
  const triage = new Triage(loaded.kb);
  if (command === 'kb' && args.words.length === 2) {
    if (sub === 'list') return kbListCommand(ctx, triage);
    write(io.stderr, 'mqtt-why kb: expected "kb list" or "kb lint"');
    return EXIT.usage;
  }
  if (command === 'show' && args.words.length <= 2) return showCommand(ctx, triage);
  if (command === 'match' && args.words.length === 1) return matchCommand(ctx, triage);
  if (command === 'probe') return probeCommand(io, args, triage, colour);
  if (command === 'health') return healthCommand(io, args, triage);
  return triageCommand(ctx, triage);
}
