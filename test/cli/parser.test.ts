import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinDashValues, parseCommandLine } from '../../src/cli/parser.ts';
import { UsageError } from '../../src/shared/errors.ts';

const parse = (argv: string[]) => parseCommandLine(argv);

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
    [['bogus'], 'Unknown command "bogus": want collect, analyze, redact, diff, demo, sim or completion'],
  ];
  for (const [argv, msg] of cases) {
    await assert.rejects(parse(argv), (err: unknown) => err instanceof UsageError && err.message === msg && !err.message.includes('\n'), argv.join(' '));
  }
});

test('-h, -help and --help ask for the help of the command they follow; --version prints the version', async () => {
  for (const cmd of ['collect', 'analyze', 'demo', 'sim']) {
    for (const h of ['-h', '-help', '--help']) {
      const r = await parse([cmd, h]);
      assert.equal(r.parsed?.command, cmd);
      assert.equal(r.parsed?.help, true, `${cmd} ${h}`);
    }
  }
  const top = await parse(['-help']);
  assert.equal(top.parsed?.command, '');
  assert.equal(top.parsed?.help, true);
  const v = await parse(['--version']);
  assert.match(v.output, /^\d+\.\d+\.\d+$/);
});

test('a lone "-" after a flag is its value (-json - is stdout), as in Go; after -- it stays an argument', async () => {
  for (const argv of [['analyze', 'b.tar.gz', '-json', '-'], ['analyze', '-json', '-', 'b.tar.gz'], ['analyze', 'b.tar.gz', '--json', '-'], ['analyze', 'b.tar.gz', '-json=-']]) {
    const r = await parse(argv);
    assert.equal(r.parsed?.flags.json, '-', argv.join(' '));
    assert.equal(r.parsed?.flags.bundle, 'b.tar.gz', argv.join(' '));
    assert.deepEqual(r.parsed?.positionals, [], argv.join(' '));
  }
  assert.deepEqual(joinDashValues(['analyze', '--', '-json', '-']), ['analyze', '--', '-json', '-']);
});

test('a flag given twice: the last value wins, as with Go\'s flag package, never an array', async () => {
  const twice = await parse(['collect', '-duration=1s', '-duration', '2s', '-consul-token', 'first', '-consul-token=second', '-compression-level=3', '-compression-level=4']);
  assert.equal(twice.parsed?.flags['duration'], '2s');
  assert.equal(twice.parsed?.flags['consul-token'], 'second');
  assert.equal(twice.parsed?.flags['compression-level'], '4');
});

test('a flag that takes a value, given last or before another flag, is an error as in Go; a switch of the same name elsewhere is not', async () => {
  await assert.rejects(parseCommandLine(['collect', '-token']), /^UsageError: flag needs an argument: -token$|flag needs an argument: -token/);
  await assert.rejects(parseCommandLine(['collect', '-token', '-duration=10s']), /flag needs an argument: -token/);
  await assert.rejects(parseCommandLine(['analyze', 'b.tar.gz', '-json']), /flag needs an argument: -json/);
  const ok = await parseCommandLine(['collect', '-json', '-duration=10s']);
  assert.equal(ok.parsed?.flags['json'], true);
  const dash = await parseCommandLine(['analyze', 'b.tar.gz', '-json', '-']);
  assert.equal(dash.parsed?.flags['json'], '-');
});
