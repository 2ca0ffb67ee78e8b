import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCollectOptions, normalizeAddress, parseEventTopics, splitList } from '../../src/cli/collect-options.ts';
import { buildParser } from '../../src/cli/parser.ts';
import { COLLECT_COMMAND } from '../../src/cli/flags/collect.ts';
import { commandHelp } from '../../src/cli/help.ts';
import { buildCliFlags, manifestOptions } from '../../src/collect/recorded-options.ts';
import { UsageError } from '../../src/shared/errors.ts';

const build = (flags: Record<string, unknown>, env: Record<string, string> = {}) =>
  buildCollectOptions(flags, env, '/work', ['collect']);

test('defaults follow nomad operator debug 2.0', () => {
  const o = build({});
  assert.equal(o.address, 'http://127.0.0.1:4646');
  assert.equal(o.durationMs, 300_000);
  assert.equal(o.intervalMs, 30_000);
  assert.equal(o.logLevel, 'TRACE');
  assert.equal(o.logIncludeLocation, true);
  assert.equal(o.maxNodes, 10);
  assert.deepEqual(o.nodeIds, ['all']);
  assert.deepEqual(o.serverIds, ['all']);
  assert.equal(o.pprofDurationMs, 1000);
  assert.equal(o.pprofIntervalMs, 30_000);
  assert.equal(o.eventTopics, null);
  assert.equal(o.outputDir, '/work');
  assert.equal(o.token, undefined);
  assert.equal(o.compressionLevel, 1);
  assert.equal(build({ 'compression-level': '9' }).compressionLevel, 9);
});

test('flags win over NOMAD_* environment, environment over defaults', () => {
  const env = { NOMAD_ADDR: 'http://127.0.0.2:4646', NOMAD_TOKEN: 'env-token', NOMAD_REGION: 'eu', NOMAD_SKIP_VERIFY: 'true', NOMAD_CACERT: '/ca.pem' };
  const o = build({ token: 'flag-token' }, env);
  assert.equal(o.address, 'https://127.0.0.2:4646'.replace('https', 'http'));
  assert.equal(o.token, 'flag-token');
  assert.equal(o.region, 'eu');
  assert.equal(o.tls.skipVerify, true);
  assert.equal(o.tls.caCert, '/ca.pem');
  assert.equal(build({ address: '127.0.0.3:4646' }, env).address, 'https://127.0.0.3:4646');
});

test('usage errors name the flag and value', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ duration: '2x' }, /^Invalid -duration "2x": time: unknown unit "x" in duration "2x"$/],
    [{ duration: 'foo' }, /^Invalid -duration "foo": time: invalid duration "foo"$/],
    [{ interval: 'bar' }, /^Invalid -interval "bar"/],
    [{ duration: '5m', interval: '10m' }, /^Invalid -interval "10m": longer than -duration "5m"$/],
    [{ 'pprof-duration': 'baz' }, /^Invalid -pprof-duration "baz"/],
    [{ 'pprof-interval': 'bar' }, /^Invalid -pprof-interval "bar"/],
    [{ 'max-nodes': 'ten' }, /^Invalid -max-nodes "ten"/],
    [{ 'event-index': '-1' }, /^Invalid -event-index "-1"/],
    [{ 'event-topic': 'Bogus' }, /^Invalid -event-topic "Bogus": unknown topic "Bogus"$/],
    [{ 'log-level': 'loud' }, /^Invalid -log-level "loud"/],
    [{ address: 'ftp://x:1' }, /^Invalid -address "ftp:\/\/x:1"/],
    [{ 'client-cert': '/c.pem' }, /^Invalid -client-cert "\/c.pem": -client-key is required with it$/],
    [{ concurrency: '0' }, /^Invalid -concurrency "0"/],
    [{ interval: '0' }, /^Invalid -interval "0": must be at least 1s/],
    [{ interval: '500ms' }, /^Invalid -interval "500ms": must be at least 1s/],
    [{ interval: '-5s' }, /^Invalid -interval "-5s": must be at least 1s/],
    [{ duration: '10s' }, /^Invalid -interval "30s" \(default\): longer than -duration "10s"$/],
    [{ interval: '10m' }, /^Invalid -interval "10m": longer than -duration "5m" \(default\)$/],
    [{ 'node-id': '' }, /^Invalid -node-id "": empty; give node id prefixes or "all"$/],
    [{ 'node-id': ' , ' }, /^Invalid -node-id " , ": empty/],
    [{ 'server-id': '' }, /^Invalid -server-id "": empty; give server name prefixes or "all"$/],
    [{ 'compression-level': '0' }, /^Invalid -compression-level "0": want a whole number from 1 to 9$/],
    [{ 'compression-level': '10' }, /^Invalid -compression-level "10": want a whole number from 1 to 9$/],
  ];
  for (const [flags, re] of cases) {
    assert.throws(() => build(flags), (err: unknown) => err instanceof UsageError && re.test(err.message), JSON.stringify(flags));
  }
});

test('pprof duration is clamped to the duration, pprof interval to at least the pprof duration', () => {
  const o = build({ duration: '2s', interval: '1s', 'pprof-duration': '5s', 'pprof-interval': '500ms' });
  assert.equal(o.pprofDurationMs, 2000);
  assert.equal(o.pprofIntervalMs, 2000);
});

test('comma lists split, trim, drop blanks and duplicates (Nomad StringToSlice, without duplicates)', () => {
  assert.deepEqual(splitList(',,'), []);
  assert.deepEqual(splitList(''), []);
  assert.deepEqual(splitList('foo, bar'), ['foo', 'bar']);
  assert.deepEqual(splitList('  foo,bar '), ['foo', 'bar']);
  assert.deepEqual(splitList('foo,,bar,foo'), ['foo', 'bar']);
  assert.deepEqual(splitList(['a,b', 'c']), ['a', 'b', 'c']);
  assert.deepEqual(build({ 'node-id': '', 'node-class': 'gpu' }).nodeIds, ['all'], 'as Nomad: a class with an empty -node-id means all of that class');
});

test('event topics: none, all, and topics with their Nomad spelling', () => {
  assert.equal(parseEventTopics('none'), null);
  assert.deepEqual(parseEventTopics('all'), ['*:*']);
  assert.deepEqual(parseEventTopics('Deployment,Job'), ['Deployment:*', 'Job:*']);
  assert.deepEqual(parseEventTopics('evaluation:example,job:*,node:*'), ['Evaluation:example', 'Job:*', 'Node:*']);
  assert.deepEqual(parseEventTopics('acltoken,csivolume'), ['ACLToken:*', 'CSIVolume:*']);
  assert.deepEqual(parseEventTopics('*:example'), ['*:example']);
});

test('normalizeAddress keeps a scheme and adds one when missing', () => {
  assert.equal(normalizeAddress('http://127.0.0.1:4646/', false), 'http://127.0.0.1:4646');
  assert.equal(normalizeAddress('127.0.0.1:4646', false), 'http://127.0.0.1:4646');
  assert.equal(normalizeAddress('localhost', true), 'https://localhost');
  assert.throws(() => normalizeAddress('http://127.0.0.1:4646/bogus', false), /give only scheme, host and port/);
  assert.throws(() => normalizeAddress('http://ops:hunter2pass@127.0.0.1:4646', false), (e: Error) => /credentials in the URL/.test(e.message) && !e.message.includes('hunter2pass'));
});

test('-trust-advertised: off by default, on in Go and GNU style; --help states the risk; recorded in cli-flags.json and the manifest', async () => {
  const fromArgv = async (argv: string[]) => {
    let flags: Record<string, unknown> = {};
    let help = '';
    await buildParser(argv, (p) => (flags = p.flags)).parseAsync(argv, {}, (err: Error | undefined, _a: unknown, out: string) => {
      if (err) throw err;
      help = out;
    });
    return { options: flags.help ? undefined : buildCollectOptions(flags, {}, '/work', argv), help };
  };
  assert.equal(build({}).trustAdvertised, false);
  assert.equal((await fromArgv(['collect'])).options?.trustAdvertised, false);
  for (const style of ['-trust-advertised', '--trust-advertised']) {
    const o = (await fromArgv(['collect', style])).options!;
    assert.equal(o.trustAdvertised, true, style);
    const flags = buildCliFlags(o) as { Actual: Record<string, { Value: string }> };
    assert.equal(flags.Actual['trust-advertised']?.Value, 'true', style);
    assert.equal(manifestOptions(o, '*').trustAdvertised, true);
  }
  const help = commandHelp(COLLECT_COMMAND).replace(/\s+/g, ' ');
  assert.match(help, / -trust-advertised RISK/);
  assert.match(help, /plain HTTP/);
  assert.match(help, /rogue member would receive it/);
});

test("-log-lookback and -log-file-export as Nomad 1.10.4+ takes them, from Go-style argv to cli-flags.json", async () => {
  const fromArgv = async (argv: string[]) => {
    let flags: Record<string, unknown> = {};
    await buildParser(argv, (p) => (flags = p.flags)).parseAsync(argv, {}, (err: Error | undefined) => {
      if (err) throw err;
    });
    return buildCollectOptions(flags, {}, '/work', argv);
  };
  const d = build({});
  assert.equal(d.logLookbackMs, 0);
  assert.equal(d.logFileExport, false);
  const lookback = await fromArgv(['collect', '-log-lookback=2h']);
  assert.equal(lookback.logLookbackMs, 7_200_000);
  const cli = buildCliFlags(lookback) as { Actual: Record<string, { Value: string }> };
  assert.equal(cli.Actual['log-lookback']?.Value, '2h0m0s');
  assert.equal((await fromArgv(['collect', '--log-file-export'])).logFileExport, true);
  // Nomad's exact words for the two together (command/operator_debug.go), whatever the order
  for (const argv of [['collect', '-log-file-export', '-log-lookback=1h'], ['collect', '-log-lookback', '30m', '--log-file-export']]) {
    await assert.rejects(fromArgv(argv), (e: unknown) => e instanceof UsageError && e.message === 'Error parsing inputs, -log-file-export and -log-lookback cannot be used together.');
  }
  assert.throws(() => build({ 'log-lookback': 'blue' }), (e: unknown) => e instanceof UsageError && /^Invalid -log-lookback "blue"/.test(e.message));
  assert.throws(() => build({ 'log-lookback': '-1h' }), /must be positive/);
  // checked before -duration, as Nomad does
  assert.throws(() => build({ 'log-lookback': 'blue', duration: 'x' }), /-log-lookback/);
  assert.equal(build({ 'log-lookback': '0s', 'log-file-export': true }).logFileExport, true);
});
