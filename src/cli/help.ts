// Help in the style of Go's flag package and `nomad operator debug -h`: -flag=<value> forms,
// grouped, each with its default and environment variables, wrapped at 80 columns. Examples are
// never broken inside a command; one too long for a line continues with a shell backslash.
import type { CommandSpec, FlagSpec } from './flags/spec.ts';

export const HELP_WIDTH = 80;

/** Greedy word wrap; a single word longer than the width stays whole on its own line. */
export function wrap(text: string, indent: number, width = HELP_WIDTH): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && pad.length + line.length + 1 + word.length > width) {
      lines.push(pad + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(pad + line);
  return lines;
}

/** `-duration=<duration>` or `-stale`. */
export function flagForm(f: FlagSpec): string {
  return f.type === 'boolean' ? `-${f.name}` : `-${f.name}=<${f.value ?? 'value'}>`;
}

/** "Default: 5m. Environment: NOMAD_ADDR." */
export function defaultAndEnv(f: FlagSpec): string {
  return `Default: ${f.default}.${f.env?.length ? ` Environment: ${f.env.join(', ')}.` : ''}`;
}

/** An example command on lines of at most `width`, split only between words, with ` \` continuations. */
export function exampleLines(command: string, indent: number, width = HELP_WIDTH): string[] {
  const pad = ' '.repeat(indent);
  if (pad.length + command.length <= width) return [pad + command];
  const words = command.split(' ');
  const lines: string[] = [];
  let line = words.shift() ?? '';
  for (const word of words) {
    // room for the trailing " \" of a continued line
    if (pad.length + line.length + 1 + word.length + 2 > width) {
      lines.push(`${pad}${line} \\`);
      line = `  ${word}`;
    } else line = `${line} ${word}`;
  }
  lines.push(pad + line);
  return lines;
}

function groups(flags: readonly FlagSpec[]): Map<string, FlagSpec[]> {
  const out = new Map<string, FlagSpec[]>();
  for (const f of flags) out.set(f.group, [...(out.get(f.group) ?? []), f]);
  return out;
}

function examples(list: CommandSpec['examples']): string[] {
  if (list.length === 0) return [];
  const lines = ['', 'Examples:'];
  for (const e of list) lines.push('', ...wrap(e.description, 2), ...exampleLines(e.command, 4));
  return lines;
}

export function usageLine(c: CommandSpec): string {
  const pos = c.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)).join(' ');
  return `Usage: nomad-debug ${c.name}${c.flags.length ? ' [flags]' : ''}${pos ? ` ${pos}` : ''}`;
}

export function commandHelp(c: CommandSpec): string {
  const lines = [usageLine(c), '', ...wrap(c.description, 2)];
  for (const p of c.positionals) lines.push('', `  <${p.name}>`, ...wrap(p.usage, 4));
  for (const [group, flags] of groups(c.flags)) {
    lines.push('', `${group}:`);
    for (const f of flags) lines.push('', `  ${flagForm(f)}`, ...wrap(f.usage, 4), ...wrap(defaultAndEnv(f), 4));
  }
  if (c.flags.length) {
    lines.push('', ...wrap('Flags take the Go form -flag=value or -flag value; --flag works too. A flag given twice takes the last value.', 0));
  }
  lines.push(...examples(c.examples));
  return lines.join('\n');
}

export function topHelp(commands: readonly CommandSpec[], top: CommandSpec['examples']): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = [
    'Usage: nomad-debug <command> [flags]',
    '',
    ...wrap('Collects and analyzes HashiCorp Nomad debug bundles.', 2),
    '',
    'Commands:',
    '',
  ];
  for (const c of commands) {
    const [first = '', ...rest] = wrap(c.summary, 2 + width);
    lines.push(`  ${c.name.padEnd(width)}${first.trimStart()}`, ...rest);
  }
  lines.push('', ...wrap('Run nomad-debug <command> -help for its flags, defaults and environment variables; nomad-debug -version prints the version.', 0));
  lines.push(...examples(top));
  return lines.join('\n');
}
