// What a command is, declared once: its flags with group, default and environment, its
// positionals and examples. The parser (yargs), the help text and README's flag tables are all
// made from these declarations, so a new command slots in by adding one file to flags/.

export interface FlagSpec {
  name: string;
  type: 'string' | 'boolean';
  /** The value's placeholder in help: -duration=<duration>. Strings only. */
  value?: string;
  /** Heading the flag is listed under: "Nomad connection", "TLS", "Capture", "Output", … */
  group: string;
  /** The default as shown; every flag has one ("none" when absent, "false" for a switch). */
  default: string;
  /** Environment variables read when the flag is not given (flags win), in order. */
  env?: readonly string[];
  /** Sentences, plain text (no markdown): help and README show the same words. */
  usage: string;
}

export interface PositionalSpec {
  name: string;
  usage: string;
  required: boolean;
  choices?: readonly string[];
}

export interface ExampleSpec {
  /** A whole command line as typed, "nomad-debug …"; help never breaks it. */
  command: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  positionals: readonly PositionalSpec[];
  /** One line for the command list. */
  summary: string;
  /** What the command does, a short paragraph. */
  description: string;
  flags: readonly FlagSpec[];
  examples: readonly ExampleSpec[];
}

export const str = (name: string, group: string, value: string, def: string, usage: string, env?: readonly string[]): FlagSpec => ({
  name, type: 'string', value, group, default: def, usage, ...(env ? { env } : {}),
});

export const bool = (name: string, group: string, usage: string, env?: readonly string[], def = 'false'): FlagSpec => ({
  name, type: 'boolean', group, default: def, usage, ...(env ? { env } : {}),
});

/** The environment table of a command: variable → flag, in declaration order (for the option builders). */
export function envFlags(spec: CommandSpec): [env: string, flag: string][] {
  return spec.flags.flatMap((f) => (f.env ?? []).map((e): [string, string] => [e, f.name]));
}
