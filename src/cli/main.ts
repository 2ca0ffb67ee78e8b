// The one place that turns errors into one-line messages and exit codes. Commands return
// their exit code; bin/nomad-debug.js sets it on the process.
import { NomadDebugError, EXIT, UsageError } from '../shared/errors.ts';
import { unexpectedFailure } from '../shared/failure-messages.ts';
import { visibleText } from '../shared/visible-text.ts';
import type { AnalyzeFlags } from './commands/analyze.ts';
import type { DemoFlags } from './commands/demo.ts';
import type { RedactFlags } from './commands/redact.ts';
import type { DiffFlags } from './commands/diff.ts';
import type { SimFlags } from './commands/sim.ts';
import type { RawCollectFlags } from './collect-options.ts';
import { COMPLETION_SHELLS } from './flags/completion.ts';
import { COMMANDS, commandSpec } from './flags/index.ts';
import { commandHelp, topHelp } from './help.ts';
import { say, type Io } from './io.ts';
import { commandList, completionScript, parseCommandLine } from './parser.ts';
import { trapInterrupts } from './signals.ts';

/** The examples of the top-level help: the first of each of the main commands. */
const TOP_EXAMPLES = [
  { command: 'nomad-debug demo', description: 'The whole tool on a simulated, unhealthy cluster:' },
  { command: 'NOMAD_ADDR=https://nomad.example:4646 nomad-debug collect -duration=2m', description: 'A bundle from a real cluster:' },
  { command: 'nomad-debug analyze nomad-debug-2026-11-22-101500Z.tar.gz', description: 'Findings and one HTML report, offline:' },
];

/** `nomad-debug analyze … | head` closes our stdout early: that is the reader's choice, not a crash. */
const pipesGuarded = new WeakSet<NodeJS.WriteStream>();
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  if (pipesGuarded.has(stream)) return;
  pipesGuarded.add(stream);
  // Nothing useful can be said about a failed write to our own output: the work still finishes.
  stream.on('error', () => undefined);
}

/** The help text of one command, or of the whole tool for "". */
export function helpText(command: string): string {
  const spec = commandSpec(command);
  return spec ? commandHelp(spec) : topHelp(COMMANDS, TOP_EXAMPLES);
}

export async function main(argv: string[], ioIn?: Partial<Io>): Promise<number> {
  const io: Io = {
    stdout: ioIn?.stdout ?? process.stdout,
    stderr: ioIn?.stderr ?? process.stderr,
    env: ioIn?.env ?? process.env,
    cwd: ioIn?.cwd ?? process.cwd(),
  };
  if (!ioIn?.stdout) ignoreClosedPipe(process.stdout);
  if (!ioIn?.stderr) ignoreClosedPipe(process.stderr);
  const trap = ioIn?.interrupts ? undefined : trapInterrupts();
  io.interrupts = ioIn?.interrupts ?? trap;
  try {
    const { parsed, output } = await parseCommandLine(argv);
    if (!parsed) {
      // -version or shell completions: yargs produced the text, we print it.
      if (output) say(io.stdout, output);
      return EXIT.ok;
    }
    const { command, flags, positionals } = parsed;
    if (parsed.help) {
      say(io.stdout, helpText(command));
      return EXIT.ok;
    }
    // Each command loads only its own modules: collect does not carry the analyzer, the report or the sim.
    switch (command) {
      case '':
        throw new UsageError(`Name a command: ${commandList()} (nomad-debug -help says more)`);
      case 'collect':
        return await (await import('./commands/collect.ts')).runCollectCommand(flags as RawCollectFlags, argv, io);
      case 'analyze':
        if (positionals.length > 1) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[1])}: analyze takes one bundle`);
        return await (await import('./commands/analyze.ts')).runAnalyze(flags as AnalyzeFlags, io);
      case 'redact':
        if (positionals.length > 1) throw new NomadDebugError('USAGE', `Unexpected argument ${JSON.stringify(positionals[1])}: redact takes one bundle`);
        return await (await import('./commands/redact.ts')).runRedact(flags as RedactFlags, io);
      case 'diff':
        if (positionals.length > 2) throw new NomadDebugError('USAGE', `Unexpected argument ${JSON.stringify(positionals[2])}: diff takes two bundles`);
        return await (await import('./commands/diff.ts')).runDiff(flags as DiffFlags, io);
      case 'demo':
        return await (await import('./commands/demo.ts')).runDemo(flags as DemoFlags, io);
      case 'sim':
        return await (await import('./commands/sim.ts')).runSim(flags as SimFlags, io);
      case 'completion': {
        const shell = String(flags.shell ?? '');
        if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
          throw new UsageError(`${shell ? `Unknown shell ${JSON.stringify(shell)}` : 'Name a shell'}: nomad-debug completion bash or zsh`);
        }
        io.stdout.write(await completionScript(shell as 'bash' | 'zsh'));
        return EXIT.ok;
      }
    }
    throw new UsageError(`Unknown command ${JSON.stringify(command)}: want ${commandList()}`);
  } catch (err) {
    if (err instanceof NomadDebugError) {
      // the message names paths and values the operator or a bundle gave: control characters escaped, one line
      say(io.stderr, `Error: ${visibleText(err.message)}`);
      return err.exitCode;
    }
    if ((err as { code?: string })?.code === 'INTERRUPTED') {
      say(io.stderr, 'Interrupted: stopped at once, nothing was written.');
      return EXIT.interrupted;
    }
    // a failure no module turned into a sentence: still one line, never a temporary name
    const { message, exitCode } = unexpectedFailure(err);
    say(io.stderr, `Error: ${visibleText(message)}`);
    return exitCode;
  } finally {
    trap?.dispose();
  }
}
