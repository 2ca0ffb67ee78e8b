// `nomad-debug redact` end to end: a -no-redact bundle the real collector took from the degraded
// simulated cluster over real sockets, Nomad-layout bundles (2.0 and 1.1) with planted secrets,
// user rules, and hostile input. No planted secret survives; every finding that is not about
// secrets does; the input is never touched; a bad input writes nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { pack } from 'tar-stream';
import { analyze } from '../../src/analyze/run.ts';
import type { Finding } from '../../src/analyze/types.ts';
import type { Manifest } from '../../src/archive/manifest.ts';
import { loadRules, redactBundle } from '../../src/cli/commands/redact.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { RedactReport } from '../../src/collect/redact-report.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import { exposedSecrets } from '../../src/sim/cluster/index.ts';
import { startSim } from '../../src/sim/index.ts';
import { byRel, readArchive, type ArchiveEntry } from '../collect/archive-helpers.ts';
import { collectOptions, quietContext } from '../collect/sim-helpers.ts';
import { runCli } from './helpers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-redact-'));
after(() => fsp.rm(tmp, { recursive: true, force: true }));

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The forms a planted secret could land in: plain, JSON-escaped, URL-encoded. */
const forms = (s: string) => new Set([s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);

function assertNoSecret(entries: ArchiveEntry[], secrets: readonly string[]): void {
  for (const e of entries) {
    const body = e.body.toString('latin1');
    for (const s of secrets) for (const f of forms(s)) assert.ok(!body.includes(f), `${e.name} still holds a planted secret (${s.slice(0, 4)}…)`);
  }
}

/**
 * Findings not about secrets, as comparable lines. A log message that held a secret is still the
 * same finding: the analyzer shows "<uuid>" where the value was, the redacted copy "<redacted>".
 */
function nonSecretFindings(findings: Finding[]): string[] {
  return findings.filter((f) => f.check !== 'secrets').map((f) => `${f.check} ${f.severity} ${f.subject} ${f.title.replace(/<[a-z-]+>/g, '<…>')}`).sort();
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** A .tar (not gzipped) of `entries` with raw names, hostile ones included. */
async function writeTar(file: string, entries: { name: string; body: string | Buffer; type?: 'file' | 'symlink'; linkname?: string }[]): Promise<void> {
  const p = pack();
  const done = pipeline(p, fs.createWriteStream(file));
  for (const e of entries) {
    if (e.type === 'symlink') p.entry({ name: e.name, type: 'symlink', linkname: e.linkname });
    else p.entry({ name: e.name }, e.body);
  }
  p.finalize();
  await done;
}

describe('a -no-redact bundle from the degraded sim', () => {
  let sim: Awaited<ReturnType<typeof startSim>>;
  let input: string;
  let inputSha: string;
  let out: string;
  let run: Awaited<ReturnType<typeof runCli>>;
  let entries: ArchiveEntry[];
  before(async () => {
    sim = await startSim({ servers: 3, clients: 4, scenario: 'degraded', enableDebug: true, seed: 5 });
    const dir = path.join(tmp, 'sim');
    fs.mkdirSync(dir);
    input = (await runCollect(collectOptions(sim.url, dir, { requestTimeoutMs: 2000, noRedact: true }), quietContext())).path;
    inputSha = sha(input);
    out = path.join(tmp, 'sim-out', 'shared.tar.gz');
    run = await runCli(['redact', input, '-out', out, '-json', path.join(tmp, 'sim-report.json')], { cwd: tmp });
    entries = await readArchive(out);
  });
  after(() => sim?.close());

  test('the unredacted input holds the planted secrets (the test can fail)', async () => {
    const raw = await readArchive(input);
    const secrets = exposedSecrets(sim.cluster);
    assert.ok(secrets.length >= 20);
    assert.throws(() => assertNoSecret(raw, secrets));
  });

  test('no planted secret is left in any entry, plain, JSON-escaped or URL-encoded', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim().split('\n').at(-1), `Redacted archive: ${out}`);
    assertNoSecret(entries, exposedSecrets(sim.cluster));
  });

  test('the input is untouched, and every finding not about secrets is kept', async () => {
    assert.equal(sha(input), inputSha);
    const before = analyze(await readBundle(input));
    const afterwards = analyze(await readBundle(out));
    assert.deepEqual(nonSecretFindings(afterwards.findings), nonSecretFindings(before.findings));
    assert.ok(before.findings.some((f) => f.check === 'secrets' && f.severity === 'critical'), 'the input leaks');
    assert.ok(!afterwards.findings.some((f) => f.check === 'secrets' && f.severity === 'critical'), 'the output does not');
    const integrity = afterwards.findings.filter((f) => f.check === 'bundle-integrity');
    assert.ok(integrity.length > 0 && integrity.every((f) => f.severity === 'info' && /match manifest\.json/.test(f.title)), 'the updated hashes match: not "changed after collection"');
  });

  test('the manifest records the pass and the new hashes; profiles are copied byte for byte', async () => {
    const m = JSON.parse(byRel(entries).get('manifest.json')!.body.toString()) as Manifest;
    assert.equal(m.reRedactions?.length, 1);
    assert.deepEqual(m.reRedactions![0]!.rules, ['built-in']);
    assert.ok(m.reRedactions![0]!.redactions > 0);
    const rel = byRel(entries);
    for (const c of m.captures) {
      const e = rel.get(c.path);
      if (!e || !c.sha256) continue;
      assert.equal(createHash('sha256').update(e.body).digest('hex'), c.sha256, c.path);
    }
    const raw = byRel(await readArchive(input));
    const prof = [...raw.keys()].find((k) => k.endsWith('.prof'))!;
    assert.ok(rel.get(prof)!.body.equals(raw.get(prof)!.body));
  });

  test('the report groups by rule and file and holds no value; -json writes it', () => {
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'sim-report.json'), 'utf8')) as RedactReport;
    assert.equal(report.layout, 'nomad-debug');
    assert.equal(report.manifest, 'updated');
    assert.ok(report.byRule.some((g) => g.rule === 'name:PASSWORD' && g.files.length > 0));
    assert.match(run.stdout, /^ {2}name:PASSWORD: \d+ in \d+ files?$/m);
    const text = JSON.stringify(report) + run.stdout;
    for (const s of exposedSecrets(sim.cluster)) assert.ok(!text.includes(s), s.slice(0, 4));
  });

  test('-json -: the report is the only thing on stdout; the account and the archive path go to stderr', async () => {
    const piped = path.join(tmp, 'piped.tar.gz');
    const r = await runCli(['redact', input, '-out', piped, '-json', '-'], { cwd: tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as RedactReport).output, piped);
    assert.equal(r.stderr.trim().split('\n').at(-1), `Redacted archive: ${piped}`);
  });
});

const NODE = '0000000a-aaaa-4bbb-8ccc-000000000001';
const TOKEN = 'b5a7c3e1-9f2d-4e6a-8c1b-3d5f7a9e1c2b';
/** A basic-auth header as a proxy logs it: the collector's basic-auth rule catches the base64 form. */
const BASIC = Buffer.from('ops:CANARY-basic-pw').toString('base64');
const PLANTED = ['CANARY-db-pw-1', 'hvs.CANARYvaultTokenValue0123456789', TOKEN, 'CANARY-consul-auth-pw', 'CANARY-meta-pw', BASIC, 'CANARY-basic-pw'];

/** A Nomad 2.0.2 bundle (before cli-flags.json redaction, 2.0.3): the token in cli-flags, secrets in env, logs, events, NDJSON. */
function nomad20(root: string): void {
  const flag = (Name: string, Value: string) => ({ Name, Value, DefValue: '', Usage: '' });
  writeTree(root, {
    'cluster/cli-flags.json': JSON.stringify({ Name: 'debug', Actual: { token: flag('token', TOKEN) }, Formal: { token: flag('token', TOKEN), 'consul-auth': flag('consul-auth', 'ops:CANARY-consul-auth-pw') }, Args: [] }, null, 2),
    'cluster/members.json': JSON.stringify({ Members: [{ Addr: '127.0.0.11', Name: 'server-1.global', Port: 4648, Status: 'alive', Tags: { build: '2.0.2', region: 'global', role: 'nomad', id: 'a' } }, { Addr: '127.0.0.12', Name: 'server-2.global', Port: 4648, Status: 'failed', Tags: { build: '2.0.2', region: 'global', role: 'nomad', id: 'b' } }] }),
    'cluster/agent-self.json': JSON.stringify({ config: { Version: { Version: '2.0.2' }, Vaults: [{ Token: 'hvs.CANARYvaultTokenValue0123456789' }] }, member: { Name: 'server-1.global' } }),
    'cluster/leader.json': '"127.0.0.11:4647"',
    'cluster/eventstream.json': `${JSON.stringify({ Topic: 'Job', Type: 'JobRegistered', Key: 'web', Index: 5, Payload: { Job: { ID: 'web', Meta: { db_password: 'CANARY-meta-pw' } } } })}\n`,
    [`client/${NODE}/agent-host.json`]: JSON.stringify({ AgentID: NODE, HostData: { Environment: { DB_PASSWORD: 'CANARY-db-pw-1', PATH: '/usr/bin', NOMAD_TOKEN: '<redacted>' } } }),
    [`client/${NODE}/monitor.log`]: `2026-11-22T10:15:00.000Z [ERROR] client: request failed: url=http://127.0.0.1:4646/v1/jobs?token=${TOKEN}\n2026-11-22T10:15:01.000Z [INFO] client: started\n2026-11-22T10:15:02.000Z [DEBUG] http: request headers: Authorization: Basic ${BASIC}\n`,
    'interval/0000/jobs.json': `${JSON.stringify({ ID: 'web', Meta: { api_key: 'CANARY-db-pw-1' } })}\n`,
  });
}

/** A Nomad 1.1 bundle: version/ and nomad/00/. */
function nomad11(root: string): void {
  writeTree(root, {
    'version/members.json': JSON.stringify({ Members: [{ Addr: '127.0.0.11', Name: 'server-1.global', Port: 4648, Status: 'left', Tags: { build: '1.1.6', region: 'global', role: 'nomad', id: 'a' } }] }),
    'version/agent-self.json': JSON.stringify({ config: { Version: { Version: '1.1.6' }, Consuls: [{ Auth: 'ops:CANARY-consul-auth-pw', Token: '<redacted>' }] } }),
    'server/server-1.global/agent-host.json': JSON.stringify({ AgentID: 'server-1.global', HostData: { Environment: { DB_PASSWORD: 'CANARY-db-pw-1' } } }),
    'server/server-1.global/monitor.log': `2021-06-01T10:00:00Z [WARN] agent: x-nomad-token: ${TOKEN}\n`,
    'nomad/00/jobs.json': JSON.stringify([{ ID: 'web', Meta: { db_password: 'CANARY-meta-pw' } }], null, 2),
  });
}

describe('Nomad-layout bundles', () => {
  for (const [name, make, layout] of [['2.0 (folder)', nomad20, 'nomad'], ['1.1 (.tar)', nomad11, 'nomad-legacy']] as const) {
    test(`Nomad ${name}: no planted secret left, findings kept, no manifest added`, async () => {
      const root = path.join(tmp, `nomad-${layout}`, 'nomad-debug-2026-11-22-101500Z');
      make(root);
      let input = root;
      if (layout === 'nomad-legacy') {
        input = path.join(tmp, 'legacy.tar');
        const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
        await writeTar(input, files.map((f) => ({ name: `nomad-debug-2026-11-22-101500Z/${path.relative(root, f)}`, body: fs.readFileSync(f) })));
      }
      const out = path.join(tmp, `${layout}-out.tar.gz`);
      const r = await runCli(['redact', input, '-out', out], { cwd: tmp });
      assert.equal(r.code, 0, r.stderr);
      const entries = await readArchive(out);
      assert.ok(entries.every((e) => e.name.startsWith('nomad-debug-2026-11-22-101500Z/')));
      assert.ok(!byRel(entries).has('manifest.json'), 'a Nomad bundle stays a Nomad bundle');
      const raw = fs.statSync(input).isDirectory() ? '' : fs.readFileSync(input, 'latin1');
      if (raw) assert.ok(PLANTED.some((s) => raw.includes(s)), 'the input holds them');
      assertNoSecret(entries, PLANTED);
      const before = analyze(await readBundle(input));
      const afterwards = analyze(await readBundle(out));
      assert.equal(afterwards.bundle.layout, layout);
      assert.deepEqual(nonSecretFindings(afterwards.findings), nonSecretFindings(before.findings));
      assert.ok(nonSecretFindings(before.findings).some((f) => f.startsWith('member-status')), 'there are findings to keep');
      // harmless values and Nomad's own markers stay readable
      const host = byRel(entries).get(layout === 'nomad' ? `client/${NODE}/agent-host.json` : 'server/server-1.global/agent-host.json')!.body.toString();
      if (layout === 'nomad') assert.match(host, /"PATH":"\/usr\/bin"/);
    });
  }
});

describe('-rules', () => {
  const root = path.join(tmp, 'rules-in', 'nomad-debug-2026-11-22-101500Z');
  before(() =>
    writeTree(root, {
      'cluster/members.json': JSON.stringify({ Members: [{ Name: 'server-1.global', Status: 'alive', Tags: { build: '2.0.2', region: 'global', role: 'nomad' } }] }),
      'cluster/agent-self.json': JSON.stringify({ config: { Version: { Version: '2.0.2' }, Client: { Meta: { customer: 'ACME-00112233', owner: 'jane@example.com' } }, Custom: { Deep: { Thing: 'plain-internal-value' } } } }),
      'server/server-1.global/monitor.log': 'request from ACME-44556677 ok\ninternal_ref=QQ-secret-ref done\n',
    }),
  );

  test('names, patterns and paths of a rules file are applied, and named in the report', async () => {
    const rules = path.join(tmp, 'rules.json');
    fs.writeFileSync(rules, JSON.stringify({ names: ['internal_ref', 'owner'], patterns: [{ name: 'acme', regex: 'ACME-\\d{8}' }], paths: ['config.Custom.Deep'] }));
    const out = path.join(tmp, 'rules-out.tar.gz');
    const r = await runCli(['redact', root, '-rules', rules, '-out', out, '-json', path.join(tmp, 'rules-report.json')], { cwd: tmp });
    assert.equal(r.code, 0, r.stderr);
    assertNoSecret(await readArchive(out), ['ACME-00112233', 'ACME-44556677', 'jane@example.com', 'plain-internal-value', 'QQ-secret-ref']);
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'rules-report.json'), 'utf8')) as RedactReport;
    const rulesSeen = report.byRule.map((g) => g.rule).sort();
    assert.deepEqual(rulesSeen, ['user-name:internal_ref', 'user-name:owner', 'user-path:config.Custom.Deep', 'user-pattern:acme']);
    assert.ok(report.rules.includes('user-pattern:acme'));
    assert.ok(!JSON.stringify(report).includes('ACME-\\\\d'), 'a pattern\'s text is not recorded (it may spell a secret)');
  });

  test('without the rules file those values stay (the rules made the difference)', async () => {
    const out = path.join(tmp, 'norules-out.tar.gz');
    assert.equal((await runCli(['redact', root, '-out', out], { cwd: tmp })).code, 0);
    const text = (await readArchive(out)).map((e) => e.body.toString()).join('\n');
    assert.ok(text.includes('ACME-00112233') && text.includes('plain-internal-value'));
  });

  const bad: [string, string, RegExp][] = [
    ['not-json', '{names: [', /not JSON/],
    ['unknown-field', '{"name": ["x"]}', /unknown field "name"/],
    ['bad-regex', '{"patterns": ["(unclosed"]}', /patterns\[0\]: Invalid regular expression/],
    ['empty-match', '{"patterns": ["x*"]}', /patterns\[0\] matches the empty string/],
    ['bad-path', '{"paths": ["a..b"]}', /paths\[0\]: cannot read the path/],
    ['not-a-list', '{"names": "token"}', /"names" must be a list/],
    ['empty', '{}', /no rules/],
  ];
  test('a rules file that cannot be read is one sentence naming it, never the system\'s text', async () => {
    const dir = path.join(tmp, 'rules-is-dir');
    fs.mkdirSync(dir);
    await assert.rejects(loadRules(dir), { message: `Cannot read rules file: ${dir} is a directory, not a file` });
    await assert.rejects(loadRules(path.join(dir, 'none.json')), { message: `Cannot read rules file: ${path.join(dir, 'none.json')} does not exist` });
  });

  for (const [name, text, why] of bad) {
    test(`a bad rules file (${name}) is one line naming the file; nothing is written`, async () => {
      const dir = path.join(tmp, `bad-${name}`);
      fs.mkdirSync(dir);
      const file = path.join(dir, 'rules.json');
      fs.writeFileSync(file, text);
      const r = await runCli(['redact', root, '-rules', file, '-out', path.join(dir, 'o.tar.gz')], { cwd: dir });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.ok(r.stderr.includes(`Invalid rules file ${file}: `), r.stderr);
      assert.match(r.stderr, why);
      assert.deepEqual(fs.readdirSync(dir), ['rules.json']);
    });
  }
});

describe('bad and hostile input', () => {
  test('an output inside the bundle folder being read is refused: the copy would read its own temporary file', async () => {
    const root = path.join(tmp, 'out-inside', 'nomad-debug-2024-03-07-064200Z');
    fs.cpSync(path.join(import.meta.dirname, '..', 'fixtures', 'bundles', 'nomad-debug-2024-03-07-064200Z'), root, { recursive: true });
    const before = fs.readdirSync(root, { recursive: true }).sort();
    for (const out of [path.join(root, 'cluster', 'x.tar.gz'), path.join(root, 'x.tar.gz')]) {
      await assert.rejects(redactBundle({ input: root, out, outputDir: tmp }), { message: `Invalid -out ${out}: it is inside the bundle folder being read; write it outside ${root}` });
    }
    await assert.rejects(redactBundle({ input: root, outputDir: path.join(root, 'server') }), /would be inside the bundle folder being read: give -out outside /);
    assert.deepEqual(fs.readdirSync(root, { recursive: true }).sort(), before);
  });

  test('bad input as for analyze: one line, exit 1, nothing written', async () => {
    const dir = path.join(tmp, 'bad-input');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'corrupt.tar.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(100, 7)]));
    await writeTar(path.join(dir, 'other.tar'), [{ name: 'photos/cat.txt', body: 'meow' }]);
    const cases: [string, RegExp][] = [
      ['missing.tar.gz', /Cannot read bundle .*missing\.tar\.gz: no such file/],
      ['corrupt.tar.gz', /Cannot read bundle .*corrupt\.tar\.gz: /],
      ['other.tar', /not a Nomad debug bundle/],
    ];
    for (const [name, why] of cases) {
      const before = fs.readdirSync(dir).sort();
      const r = await runCli(['redact', name], { cwd: dir });
      assert.equal(r.code, 1, name);
      assert.match(r.stderr, why);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.deepEqual(fs.readdirSync(dir).sort(), before, `${name}: nothing written`);
    }
  });

  test('an output that cannot be written: exit 2; Ctrl-C: exit 130; nothing left either way', async () => {
    const root = path.join(tmp, 'unwritable', 'nomad-debug-2026-11-22-101500Z');
    nomad11(root);
    const tar = path.join(tmp, 'unwritable', 'in.tar');
    const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
    await writeTar(tar, files.map((f) => ({ name: `nomad-debug-2026-11-22-101500Z/${path.relative(root, f)}`, body: fs.readFileSync(f) })));
    fs.writeFileSync(path.join(tmp, 'unwritable', 'a-file'), 'x');
    for (const input of [root, tar]) {
      const r = await runCli(['redact', input, '-out', path.join(tmp, 'unwritable', 'a-file', 'out.tar.gz')], { cwd: tmp });
      assert.equal(r.code, 2, r.stderr);
      // one sentence naming the folder in the way: not mkdir's EEXIST, nor our temporary name
      assert.equal(r.stderr, `Error: ${path.join(tmp, 'unwritable', 'a-file')} is not a directory, or a folder above it is a file\n`);
    }
    const stop = new AbortController();
    stop.abort();
    const dir = path.join(tmp, 'interrupted');
    fs.mkdirSync(dir);
    const r = await runCli(['redact', tar], { cwd: dir, signal: stop.signal });
    assert.equal(r.code, 130, r.stderr);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  test('-out naming the input is refused; -out must be a .tar.gz', async () => {
    const root = path.join(tmp, 'self', 'nomad-debug-2026-11-22-101500Z');
    nomad11(root);
    const tar = path.join(tmp, 'self', 'b.tar.gz');
    const r1 = await runCli(['redact', root, '-out', tar], { cwd: tmp });
    assert.equal(r1.code, 0, r1.stderr);
    const shaBefore = sha(tar);
    const r2 = await runCli(['redact', tar, '-out', tar], { cwd: tmp });
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /that is the input bundle/);
    assert.equal(sha(tar), shaBefore);
    const r3 = await runCli(['redact', tar, '-out', 'x.zip'], { cwd: tmp });
    assert.equal(r3.code, 1);
    assert.match(r3.stderr, /Invalid -out "x\.zip"/);
  });

  test('a tar with ../ names, a link and a huge entry: bounded, nothing escapes, each one reported', async () => {
    const dir = path.join(tmp, 'hostile');
    fs.mkdirSync(dir);
    const tar = path.join(dir, 'hostile.tar');
    await writeTar(tar, [
      { name: 'nomad-debug-2026-11-22-101500Z/cluster/members.json', body: JSON.stringify({ Members: [] }) },
      { name: 'nomad-debug-2026-11-22-101500Z/../../escape.json', body: `{"token":"${TOKEN}"}` },
      { name: '/etc/passwd-like.json', body: '{}' },
      { name: 'nomad-debug-2026-11-22-101500Z/cluster/link', body: '', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'nomad-debug-2026-11-22-101500Z/server/s1/monitor.log', body: Buffer.alloc(300_000, 'a') },
      { name: 'nomad-debug-2026-11-22-101500Z/server/s1/agent-host.json', body: `{"Env":{"X_TOKEN":"${TOKEN}"},"pad":"${'b'.repeat(300_000)}"}` },
    ]);
    const out = path.join(dir, 'out.tar.gz');
    const report = await redactBundle({ input: tar, out, outputDir: dir, limits: { maxEntryBytes: 100_000, maxLogBytes: 200_000 } });
    const names = (await readArchive(out)).map((e) => e.name);
    assert.deepEqual(names, ['nomad-debug-2026-11-22-101500Z/cluster/members.json']);
    const codes = report.skipped.map((s) => s.code).sort();
    assert.deepEqual(codes, ['TOO_LARGE', 'TOO_LARGE', 'UNSAFE_NAME', 'UNSAFE_NAME', 'UNSAFE_NAME']);
    assert.ok(!fs.existsSync(path.join(tmp, 'escape.json')) && !fs.existsSync(path.join(dir, '..', 'escape.json')));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['hostile.tar', 'out.tar.gz'], 'no temporary file left');
  });

  test('JSON nested deeper than it can be written back is redacted as text', async () => {
    const root = path.join(tmp, 'deep', 'nomad-debug-2026-11-22-101500Z');
    const deep = `${'{"a":'.repeat(200_000)}{"password":"CANARY-deep-pw"}${'}'.repeat(200_000)}`;
    writeTree(root, { 'cluster/members.json': '{"Members":[]}', 'cluster/agent-self.json': deep });
    const out = path.join(tmp, 'deep.tar.gz');
    await redactBundle({ input: root, out, outputDir: tmp });
    assertNoSecret(await readArchive(out), ['CANARY-deep-pw']);
  });

  test('a line longer than the line cap is cut, not held', async () => {
    const root = path.join(tmp, 'longline', 'nomad-debug-2026-11-22-101500Z');
    writeTree(root, {
      'cluster/members.json': '{"Members":[]}',
      'server/s1/monitor.log': `token=${TOKEN} ${'x'.repeat(17 * 1024 * 1024)}\nnext line\n`,
    });
    const out = path.join(tmp, 'longline.tar.gz');
    const report = await redactBundle({ input: root, out, outputDir: tmp });
    const log = byRel(await readArchive(out)).get('server/s1/monitor.log')!.body.toString();
    assert.ok(!log.includes(TOKEN));
    assert.match(log, /line cut, over \d+ bytes\]\nnext line\n$/);
    assert.ok(report.byRule.some((g) => g.rule === 'line-cut'));
  });
});
