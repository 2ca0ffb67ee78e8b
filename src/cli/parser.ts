// The yargs command line: Go-style single-dash flags (-duration=2m) and GNU-style (--duration 2m).
// Parsing only: every command and flag comes from its declaration in flags/, help is rendered
// by help.ts from the same declarations, the handlers live in commands/ and main.ts runs them.
import yargs, { type Argv } from 'yargs';
import { UsageError } from '../shared/errors.ts';
import { COMMANDS } from './flags/index.ts';
import type { CommandSpec } from './flags/spec.ts';
import { VERSION } from '../shared/version.ts';

export interface ParsedArgs {
  /** A command's name, or "" for none (top-level -help). */
  command: string;
  flags: Record<string, unknown>;
  positionals: string[];
  /** -h, -help or --help was given: print the help of `command` instead of running it. */
  help: boolean;
}

/** The hidden command yargs answers shell completion with (the scripts call --get-yargs-completions). */
const YARGS_COMPLETION = 'completion-script';

function declare(y: Argv, spec: CommandSpec): Argv {
  for (const p of spec.positionals) y = y.positional(p.name, { type: 'string', describe: p.usage });
  for (const f of spec.flags) y = y.option(f.name, { type: f.type, describe: f.usage });
  return y;
}

/** `analyze [bundle]`: positionals are optional to yargs, so a missing one gets our own one-line message. */
const commandString = (spec: CommandSpec) => [spec.name, ...spec.positionals.map((p) => `[${p.name}]`)].join(' ');

export function commandList(): string {
  const names = COMMANDS.map((c) => c.name);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** `-json -`: yargs takes a lone "-" after a flag as an argument; it is the flag's value (stdout), as in Go. */
export function joinDashValues(argv: string[]): string[] {
  const stringFlags = new Set(COMMANDS.flatMap((c) => c.flags.filter((f) => f.type === 'string').map((f) => f.name)));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return [...out, ...argv.slice(i)];
    const name = /^--?([^=]+)$/.exec(a)?.[1];
    if (name && stringFlags.has(name) && argv[i + 1] === '-') {
      out.push(`${a}=-`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parses a command line: the command to run, or yargs' own output (-version, shell completions). */
/**
 * `-token` last, or followed by another flag: Go's flag package says "flag needs an argument" (or
 * takes the next flag as the value); yargs would quietly make it "" and the run go on without it.
 */
export function checkValuesGiven(argv: string[]): void {
  // the command's own flags: -json takes a file in analyze and is a switch in collect
  const spec = COMMANDS.find((c) => c.name === argv[0]);
  if (!spec) return;
  const stringFlags = new Set(spec.flags.filter((f) => f.type === 'string').map((f) => f.name));
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--') return;
    const name = /^--?([^=]+)$/.exec(argv[i]!)?.[1];
    if (!name || !stringFlags.has(name)) continue;
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`flag needs an argument: -${name}`);
  }
}

export async function parseCommandLine(rawArgv: string[]): Promise<{ parsed?: ParsedArgs; output: string }> {
  checkValuesGiven(rawArgv);
  const argv = joinDashValues(rawArgv);
  let parsed: ParsedArgs | undefined;
  let output = '';
  await buildParser(argv, (p) => (parsed = p)).parseAsync(argv, {}, (err: Error | undefined, _argv: unknown, out: string) => {
    if (err) throw err;
    output = out;
  });
  return parsed ? { parsed, output } : { output };
}

export function buildParser(argv: string[], onParsed: (p: ParsedArgs) => void): Argv {
  const take = (command: string) => (args: Record<string, unknown>) => {
    const positionals = (args._ as unknown[]).slice(command ? 1 : 0).map(String);
    onParsed({ command, flags: args, positionals, help: args.help === true });
  };
  let y = yargs(argv)
    .scriptName('nomad-debug')
    // a flag given twice: the last wins, as with Go's flag package (an array would reach code that expects one value)
    .parserConfiguration({ 'short-option-groups': false, 'boolean-negation': false, 'camel-case-expansion': false, 'duplicate-arguments-array': false })
    .help(false)
    .option('help', { alias: 'h', type: 'boolean', describe: 'Show help', global: true })
    .command('$0', false, (y) => y, take(''));
  for (const spec of COMMANDS) y = y.command(commandString(spec), spec.summary, (c) => declare(c, spec), take(spec.name));
  return y
    // yargs completes --flag; after a single dash (Go style, as the help writes them) the same as -flag
    .completion(YARGS_COMPLETION, false, (current: string, _argv: unknown, defaults: (then: (err: unknown, words: string[] | undefined) => void) => void, done: (words: string[]) => void) => {
      defaults((_err, words) => done(/^-[^-]/.test(current) ? (words ?? []).map((w) => w.replace(/^--/, '-')) : (words ?? [])));
    })
    .strict()
    .version(VERSION)
    .exitProcess(false)
    .fail((msg, err) => {
      throw err instanceof UsageError ? err : new UsageError(oneLine(msg ?? err?.message ?? 'invalid arguments', argv));
    });
}

/** yargs messages can span lines; ours are one line that names the flag or argument. */
export function oneLine(msg: string, argv: string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(msg);
  if (unknown) {
    const first = (unknown[1] ?? '').split(',')[0]?.trim() ?? '';
    const asFlag = argv.find((a) => a.replace(/^--?/, '').split('=')[0] === first && a.startsWith('-'));
    if (asFlag) return `Unknown flag -${first}`;
    if (argv[0] === first) return `Unknown command ${JSON.stringify(first)}: want ${commandList()}`;
    return `Unexpected argument ${JSON.stringify(first)}`;
  }
  return msg.replace(/\s+/g, ' ').trim();
}

/**
 * The shell completion script yargs writes. yargs picks the zsh or bash template from $SHELL and
 * $ZSH_NAME when a parser is made, so they are set to the shell asked for while this one is.
 */
export async function completionScript(shell: 'bash' | 'zsh'): Promise<string> {
  const saved = { SHELL: process.env.SHELL, ZSH_NAME: process.env.ZSH_NAME };
  process.env.SHELL = `/bin/${shell}`;
  delete process.env.ZSH_NAME;
  let script = '';
  try {
    const y = yargs([]).scriptName('nomad-debug').completion('completion', false).exitProcess(false);
    await y.parseAsync(['completion'], {}, (_err: Error | undefined, _argv: unknown, out: string) => {
      script = out;
    });
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  // its installation comment names the command without the shell our command needs
  return script.replaceAll('nomad-debug completion >>', `nomad-debug completion ${shell} >>`);
}
