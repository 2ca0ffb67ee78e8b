// README.md's flag tables are the flag declarations, word for word: the help and the README
// cannot drift apart, and every command with flags has its table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMANDS } from '../../src/cli/flags/index.ts';
import { commandsWithTables, flagTable, withFlagTables } from '../../src/cli/readme-flags.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test("README's flag tables are what the declarations make (npm run readme-flags rewrites them)", () => {
  assert.equal(withFlagTables(readme), readme, 'README.md is out of date: run npm run readme-flags');
});

test('every command with flags has a table in the README, and every flag of it is in one', () => {
  const tabled = commandsWithTables(readme);
  for (const c of COMMANDS.filter((c) => c.flags.length > 0)) {
    assert.ok(tabled.includes(c.name), `${c.name}: add <!-- flags: ${c.name} --> and <!-- /flags --> to README.md`);
    for (const f of c.flags) assert.ok(readme.includes(`| \`-${f.name}${f.type === 'string' ? '=' : '`'}`), `${c.name} -${f.name}`);
  }
});

test('a table row holds the form, default, variables and the help text of the flag', () => {
  const table = flagTable('collect', ['Nomad connection']);
  assert.match(table, /^\| `-address=<addr>` \| `http:\/\/127\.0\.0\.1:4646` \| `NOMAD_ADDR` \| The one agent we talk to;/m);
  // markdown would hide <region> as a tag
  assert.match(table, /server\.&lt;region&gt;\.nomad/);
  assert.doesNotMatch(table, /\*\*TLS\*\*/);
});
