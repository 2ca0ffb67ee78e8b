// The one place that turns errors into one-line messages and exit codes. Commands return
// their exit code; bin/nomad-debug.js sets it on the process.
import { NomadDebugError, EXIT, errorMessage } from '../shared/errors.ts';
import type { AnalyzeFlags } from './commands/analyze.ts';
import type { DemoFlags } from './commands/demo.ts';
import type { RedactFlags } from './commands/redact.ts';
import type { DiffFlags } from './commands/diff.ts';
import type { SimFlags } from './commands/sim.ts';
import type { RawCollectFlags } from './collect-options.ts';
import { say, type Io } from './io.ts';
import { buildParser, type ParsedArgs } from './parser.ts';
import { trapInterrupts } from './signals.ts';

/** `nomad-debug analyze … | head` closes our stdout early: that is the reader's choice, not a crash. */
const pipesGuarded = new WeakSet<NodeJS.WriteStream>();
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  if (pipesGuarded.has(stream)) return;
  pipesGuarded.add(stream);
  // Nothing useful can be said about a failed write to our own output: the work still finishes.
  stream.on('error', () => undefined);
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
    let parsed: ParsedArgs | undefined;
    const parser = buildParser(argv, (p) => (parsed = p));
    let helpText = '';
    await parser.parseAsync(argv, {}, (err: Error | undefined, _argv: unknown, output: string) => {
      if (err) throw err;
      helpText = output;
    });
    if (!parsed) {
      // --help or --version: yargs produced the text, we print it.
      if (helpText) say(io.stdout, helpText);
      return EXIT.ok;
    }
    const { command, flags, positionals } = parsed as ParsedArgs;
    // Each command loads only its own modules: collect does not carry the analyzer, the report or the sim.
    switch (command) {
      case 'collect':
        return await (await import('./commands/collect.ts')).runCollectCommand(flags as RawCollectFlags, argv, io);
      case 'analyze':
        if (positionals.length > 1) throw new NomadDebugError('USAGE', `Unexpected argument ${JSON.stringify(positionals[1])}: analyze takes one bundle`);
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
    }
    return EXIT.usage;
  } catch (err) {
    if (err instanceof NomadDebugError) {
      say(io.stderr, `Error: ${err.message}`);
      return err.exitCode;
    }
    if ((err as { code?: string })?.code === 'INTERRUPTED') {
      say(io.stderr, 'Interrupted: stopped at once, nothing was written.');
      return EXIT.interrupted;
    }
    say(io.stderr, `Error: ${errorMessage(err)}`);
    return EXIT.usage;
  } finally {
    trap?.dispose();
  }
}
