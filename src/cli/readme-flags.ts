// README.md's flag tables, made from the same declarations as the help (flags/): a block between
// `<!-- flags: collect Consul,Vault -->` and `<!-- /flags -->` holds the table of that command's
// flags (of the groups named, or all). `npm run readme-flags` rewrites the blocks; a test checks them.
import { commandSpec } from './flags/index.ts';
import type { FlagSpec } from './flags/spec.ts';
import { flagForm } from './help.ts';

const BLOCK = /(<!-- flags: ([a-z-]+)(?: ([^>]*?))? -->\n)([\s\S]*?)(<!-- \/flags -->)/g;

/** Markdown would take `<region>` for an HTML tag and hide it. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (text: string) => `\`${text}\``;

function row(f: FlagSpec): string {
  const env = f.env?.length ? f.env.map(code).join(', ') : '';
  return `| ${code(flagForm(f))} | ${/ /.test(f.default) ? cell(f.default) : code(f.default)} | ${env} | ${cell(f.usage)} |`;
}

/** The table of one command's flags, of the groups named (all when none are). */
export function flagTable(command: string, groups?: string[]): string {
  const spec = commandSpec(command);
  if (!spec) throw new Error(`README names an unknown command in a flags block: ${command}`);
  const flags = spec.flags.filter((f) => !groups || groups.includes(f.group));
  const lines = ['| flag | default | environment | meaning |', '| --- | --- | --- | --- |'];
  const headed = new Set(flags.map((f) => f.group)).size > 1;
  let group = '';
  for (const f of flags) {
    if (headed && f.group !== group) lines.push(`| **${f.group}** | | | |`);
    group = f.group;
    lines.push(row(f));
  }
  return lines.join('\n') + '\n';
}

/** The README with every flags block made anew. */
export function withFlagTables(readme: string): string {
  return readme.replace(BLOCK, (_all, open: string, command: string, groups: string | undefined, _old: string, close: string) =>
    open + flagTable(command, groups ? groups.split(',').map((g) => g.trim()) : undefined) + close);
}

/** The commands that have a flags block. */
export function commandsWithTables(readme: string): string[] {
  return [...readme.matchAll(BLOCK)].map((m) => m[2]!);
}
