import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildParser, type ParsedArgs } from '../../src/cli/parser.ts';
import { UsageError } from '../../src/shared/errors.ts';

async function parse(argv: string[]): Promise<{ parsed?: ParsedArgs; output: string }> {
  let parsed: ParsedArgs | undefined;
  let output = '';
  await buildParser(argv, (p) => (parsed = p)).parseAsync(argv, {}, (err: Error | undefined, _a: unknown, out: string) => {
    if (err) throw err;
    output = out;
  });
  return parsed ? { parsed, output } : { output };
}

test('Go-style and GNU-style flags both parse', async () => {
  const go = await parse(['collect', '-duration=2m', '-node-id', 'a,b', '-tls-skip-verify', '-max-nodes=3', '-no-archive']);
  assert.equal(go.parsed?.command, 'collect');
  assert.equal(go.parsed?.flags.duration, '2m');
  assert.equal(go.parsed?.flags['node-id'], 'a,b');
  assert.equal(go.parsed?.flags['tls-skip-verify'], true);
  assert.equal(go.parsed?.flags['max-nodes'], '3');
  assert.equal(go.parsed?.flags['no-archive'], true);
  const gnu = await parse(['collect', '--duration', '2m', '--server-id=leader']);
  assert.equal(gnu.parsed?.flags.duration, '2m');
  assert.equal(gnu.parsed?.flags['server-id'], 'leader');
});

test('analyze takes the bundle as a positional', async () => {
  const r = await parse(['analyze', 'b.tar.gz', '-out', 'r.html', '-fail-on=warning']);
  assert.equal(r.parsed?.flags.bundle, 'b.tar.gz');
  assert.equal(r.parsed?.flags.out, 'r.html');
  assert.equal(r.parsed?.flags['fail-on'], 'warning');
});

test('usage errors are one line naming the flag or argument', async () => {
  const cases: [string[], string][] = [
    [['collect', '-vx'], 'Unknown flag -vx'],
    [['collect', '--bogus=1'], 'Unknown flag -bogus'],
    [['collect', 'foo'], 'Unexpected argument "foo"'],
    [['bogus'], 'Unknown command "bogus": want collect, analyze, demo or sim'],
    [[], 'Name a command: collect, analyze, demo or sim'],
  ];
  for (const [argv, msg] of cases) {
    await assert.rejects(parse(argv), (err: unknown) => err instanceof UsageError && err.message === msg && !err.message.includes('\n'), argv.join(' '));
  }
});

test('--help on every command has examples, --version prints the version', async () => {
  for (const cmd of ['collect', 'analyze', 'demo', 'sim']) {
    const r = await parse([cmd, '--help']);
    assert.equal(r.parsed, undefined);
    assert.match(r.output, /Examples:/, cmd);
    assert.match(r.output, new RegExp(`nomad-debug ${cmd}`), cmd);
  }
  const top = await parse(['--help']);
  assert.match(top.output, /collect.*\n.*analyze/s);
  const v = await parse(['--version']);
  assert.match(v.output, /^\d+\.\d+\.\d+$/);
});

test('a flag given twice: the last value wins, as with Go\'s flag package, never an array', async () => {
  const twice = await parse(['collect', '-duration=1s', '-duration', '2s', '-consul-token', 'first', '-consul-token=second', '-compression-level=3', '-compression-level=4']);
  assert.equal(twice.parsed?.flags['duration'], '2s');
  assert.equal(twice.parsed?.flags['consul-token'], 'second');
  assert.equal(twice.parsed?.flags['compression-level'], '4');
});
