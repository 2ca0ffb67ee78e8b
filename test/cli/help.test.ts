// The help of every command the parser knows, held to the same rules: Go-style -flag=<value>
// forms, grouped, each flag with its default and environment variables, no line over 80
// columns, and example commands never broken mid-command.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS, commandSpec } from '../../src/cli/flags/index.ts';
import type { CommandSpec } from '../../src/cli/flags/spec.ts';
import { HELP_WIDTH, exampleLines, flagForm, wrap } from '../../src/cli/help.ts';
import { buildParser } from '../../src/cli/parser.ts';
import { runCli } from './helpers.ts';

/** The commands yargs lists (hidden ones aside): not our list, so a command added straight to yargs is held too. */
function parserCommands(): string[] {
  const usage = (buildParser([], () => undefined) as unknown as {
    getInternalMethods(): { getUsageInstance(): { getCommands(): [string, string][] } };
  }).getInternalMethods().getUsageInstance().getCommands();
  return usage.map(([cmd]) => cmd.split(' ')[0]!);
}

async function help(argv: string[]): Promise<string> {
  const r = await runCli(argv, { cwd: '/' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout;
}

function assertFits(text: string, what: string): void {
  for (const line of text.split('\n')) assert.ok(line.length <= HELP_WIDTH, `${what}: ${line.length} columns: ${line}`);
}

/** Each example command is on one line, or continued with " \" between its words only. */
function assertExamplesWhole(text: string, spec: Pick<CommandSpec, 'examples'>, what: string): void {
  const lines = text.split('\n');
  for (const e of spec.examples) {
    const start = lines.findIndex((l) => {
      const t = l.trim();
      return t === e.command || (t.endsWith(' \\') && e.command.startsWith(t.slice(0, -2) + ' '));
    });
    assert.ok(start >= 0, `${what}: example ${e.command} missing`);
    let joined = '';
    for (let i = start; ; i++) {
      const l = lines[i]!.trim();
      joined += (joined ? ' ' : '') + l.replace(/ \\$/, '');
      if (!l.endsWith(' \\')) break;
    }
    assert.equal(joined, e.command, `${what}: example broken mid-command`);
  }
}

test('every command the parser knows has a declaration (flags/) and a help held to the rules', async () => {
  const known = parserCommands();
  assert.ok(known.length >= 5, known.join(' '));
  for (const name of known) {
    const spec = commandSpec(name);
    assert.ok(spec, `${name}: declare it in src/cli/flags/ so its help, README table and parser agree`);
    const text = await help([name, '-help']);
    assertFits(text, name);
    assert.ok(text.startsWith(`Usage: nomad-debug ${name}`), text.slice(0, 80));
    for (const group of new Set(spec.flags.map((f) => f.group))) assert.match(text, new RegExp(`^${group}:$`, 'm'), `${name}: group ${group}`);
    for (const f of spec.flags) {
      // the flag's block: its form, its usage, then its default and variables
      const at = text.indexOf(`\n  ${flagForm(f)}\n`);
      assert.ok(at >= 0, `${name}: ${flagForm(f)} is not listed`);
      const block = text.slice(at).split('\n\n')[0]!.replace(/\s+/g, ' ');
      assert.ok(block.includes(`Default: ${f.default}.`), `${name} -${f.name}: no default in ${block}`);
      for (const env of f.env ?? []) assert.ok(block.includes(env), `${name} -${f.name}: ${env} not named`);
      assert.ok(f.default.trim() !== '', `${name} -${f.name}: empty default`);
    }
    assert.doesNotMatch(text, /^ {2}--[a-z]/m, `${name}: GNU forms listed`);
    assertExamplesWhole(text, spec, name);
  }
});

test('-h, -help and --help print the same help; the top help lists every command and fits 80 columns', async () => {
  for (const name of parserCommands()) {
    const a = await help([name, '-h']);
    assert.equal(await help([name, '--help']), a);
    assert.equal(await help([name, '-help']), a);
  }
  const top = await help(['-help']);
  assert.equal(await help(['--help']), top);
  assertFits(top, 'top');
  for (const c of COMMANDS) assert.match(top, new RegExp(`^  ${c.name} +\\S`, 'm'), c.name);
  assert.match(top, /^ {4}NOMAD_ADDR=https:\/\/nomad\.example:4646 nomad-debug collect -duration=2m$/m, 'an example on one line');
});

test('the flags yargs accepts for each command are exactly the declared ones', async () => {
  for (const name of parserCommands()) {
    const r = await runCli(['--get-yargs-completions', 'nomad-debug', name, '--'], { cwd: '/' });
    const accepted = r.stdout.split('\n').filter((l) => l.startsWith('--')).map((l) => l.slice(2)).filter((f) => !['help', 'h', 'version'].includes(f));
    assert.deepEqual(accepted.sort(), commandSpec(name)!.flags.map((f) => f.name).sort(), name);
  }
});

test('an example too long for a line continues with a backslash between words, never inside one', () => {
  const cmd = 'nomad-debug collect -address=https://a-very-long-host-name.example.internal:4646 -duration=2m -max-nodes=0';
  const lines = exampleLines(cmd, 4);
  assert.ok(lines.length > 1);
  for (const l of lines) assert.ok(l.length <= HELP_WIDTH, l);
  assert.equal(lines.map((l) => l.trim().replace(/ \\$/, '')).join(' '), cmd);
  assert.ok(lines.slice(0, -1).every((l) => l.endsWith(' \\')));
  assert.deepEqual(wrap('a b', 2, 80), ['  a b']);
});

test('completion bash and zsh print yargs\' scripts; another shell is a one-line usage error', async () => {
  const bash = await help(['completion', 'bash']);
  assert.match(bash, /complete -o bashdefault -o default -F _nomad-debug_yargs_completions nomad-debug/);
  assert.match(bash, /nomad-debug completion bash >> ~\/\.bashrc/);
  const zsh = await help(['completion', 'zsh']);
  assert.match(zsh, /^#compdef nomad-debug/);
  assert.match(zsh, /compdef _nomad-debug_yargs_completions nomad-debug/);
  const fish = await runCli(['completion', 'fish'], { cwd: '/' });
  assert.equal(fish.code, 1);
  assert.equal(fish.stderr, 'Error: Unknown shell "fish": nomad-debug completion bash or zsh\n');
  const words = await runCli(['--get-yargs-completions', 'nomad-debug', 'col'], { cwd: '/' });
  // yargs lists every command; the shell keeps those that start with the word
  assert.deepEqual(words.stdout.trim().split('\n').sort(), COMMANDS.map((c) => c.name).sort());
  // flags complete in the form the word started with: Go's -flag as the help writes it, or --flag
  const go = await runCli(['--get-yargs-completions', 'nomad-debug', 'collect', '-dur'], { cwd: '/' });
  assert.ok(go.stdout.split('\n').includes('-duration'), go.stdout);
  assert.ok(!go.stdout.includes('--'), go.stdout);
  const gnu = await runCli(['--get-yargs-completions', 'nomad-debug', 'collect', '--dur'], { cwd: '/' });
  assert.ok(gnu.stdout.split('\n').includes('--duration'), gnu.stdout);
});
