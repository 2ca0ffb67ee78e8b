// analyze through main(): reports, JSON, -fail-on exit codes, and one-line errors on bad input.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { AnalysisResult } from '../../src/analyze/types.ts';
import { runCli } from './helpers.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nd-analyze-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ROOT = 'nomad-debug-2026-11-22-101500Z';
const member = (name: string, status: string, build = '1.10.5') => ({
  Name: name, Addr: '127.0.0.11', Port: 4648, Status: status, ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 2,
  DelegateMin: 2, DelegateMax: 5, DelegateCur: 4,
  Tags: { role: 'nomad', region: 'global', dc: 'dc1', build, vsn: '1', raft_vsn: '3', port: '4647', id: name },
});

/** A small Nomad-layout bundle (as `nomad operator debug` writes it) as a .tar.gz buffer. */
async function nomadBundle(members: object[]): Promise<Buffer> {
  return tarGz({
    'index.json': JSON.stringify(['cluster/members.json']) + '\n',
    'cluster/members.json': JSON.stringify({ ServerName: 'server-1.global', ServerRegion: 'global', ServerDC: 'dc1', Members: members }),
    'cluster/leader.json': JSON.stringify('127.0.0.11:4647'),
    'cluster/nodes.json': JSON.stringify([]),
  });
}

/** Files under the bundle's root folder, as a .tar.gz buffer. */
async function tarGz(files: Record<string, string>): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const [name, body] of Object.entries(files)) p.entry({ name: `${ROOT}/${name}` }, body);
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

test('a failed member is critical: -fail-on critical exits 3, no -fail-on exits 0', async () => {
  const bundle = path.join(dir, 'failed.tar.gz');
  await writeFile(bundle, await nomadBundle([member('server-1.global', 'alive'), member('server-2.global', 'failed')]));
  const plain = await runCli(['analyze', bundle, '-json', 'f.json'], { cwd: dir });
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(plain.stdout.trim().split('\n').at(-1), `Report written: ${path.join(dir, 'failed.html')}`);
  const result = JSON.parse(await readFile(path.join(dir, 'f.json'), 'utf8')) as AnalysisResult;
  assert.ok(result.findings.some((f) => f.severity === 'critical' && f.subject === 'server-2.global'));
  assert.equal(result.bundle.layout, 'nomad');
  const html = await readFile(path.join(dir, 'failed.html'), 'utf8');
  assert.match(html, /server-2\.global/);

  assert.equal((await runCli(['analyze', bundle, '-fail-on', 'critical', '-out', 'r1.html'], { cwd: dir })).code, 3);
  assert.equal((await runCli(['analyze', bundle, '-fail-on=warning', '-out', 'r2.html'], { cwd: dir })).code, 3);
});

test('-fail-on warning exits 4 when the worst finding is a warning', async () => {
  const bundle = path.join(dir, 'left.tar.gz');
  await writeFile(bundle, await nomadBundle([member('server-1.global', 'alive'), member('server-9.global', 'left')]));
  const r = await runCli(['analyze', bundle, '-fail-on', 'warning', '-json', 'l.json'], { cwd: dir });
  const result = JSON.parse(await readFile(path.join(dir, 'l.json'), 'utf8')) as AnalysisResult;
  assert.ok(result.findings.some((f) => f.severity === 'warning' && f.subject === 'server-9.global'));
  assert.equal(r.code, result.summary.critical > 0 ? 3 : 4, JSON.stringify(result.summary));
});

test('bad input is a one-line error and exit 1, with nothing written', async () => {
  const random = path.join(dir, 'random.tar.gz');
  await writeFile(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  const truncated = path.join(dir, 'truncated.tar.gz');
  await writeFile(truncated, (await nomadBundle([member('server-1.global', 'alive')])).subarray(0, 60));
  for (const [input, re] of [
    [path.join(dir, 'missing.tar.gz'), /^Error: .*missing\.tar\.gz.*$/],
    [random, /^Error: .*random\.tar\.gz.*$/],
    [truncated, /^Error: .*truncated\.tar\.gz.*$/],
  ] as const) {
    const r = await runCli(['analyze', input, '-out', 'never.html'], { cwd: dir });
    assert.equal(r.code, 1, `${input}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, re);
  }
  await assert.rejects(readFile(path.join(dir, 'never.html')));
  const bad = await runCli(['analyze', random, '-fail-on', 'sometimes'], { cwd: dir });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^Error: Invalid -fail-on "sometimes"/);
});

test('an unpacked folder is read like the archive', async () => {
  const folder = path.join(dir, ROOT);
  await mkdir(path.join(folder, 'cluster'), { recursive: true });
  await writeFile(path.join(folder, 'cluster/members.json'), JSON.stringify({ Members: [member('server-1.global', 'failed')] }));
  const r = await runCli(['analyze', folder, '-json', 'dir.json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(await readFile(path.join(dir, 'dir.json'), 'utf8')) as AnalysisResult;
  assert.ok(result.findings.some((f) => f.subject === 'server-1.global' && f.severity === 'critical'));
});

test('a tarball that is not a Nomad bundle is exit 1 with one line, also with -fail-on', async () => {
  const other = path.join(dir, 'photos.tar.gz');
  await writeFile(other, await tarGz({ 'holiday/beach.txt': 'sand', 'README.md': '# not nomad' }));
  const r = await runCli(['analyze', other, '-fail-on', 'critical', '-out', 'photos.html'], { cwd: dir });
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.stderr.trim(), `Error: not a Nomad debug bundle: no cluster/, version/ or nomad/ folder and no manifest.json in ${other}`);
  await assert.rejects(readFile(path.join(dir, 'photos.html')));
});

test('bundle text printed on the terminal has its control characters escaped', async () => {
  const evil = 'server-2.global\u001b[2J\u001b[H\rOK: cluster healthy\u0007';
  const bundle = path.join(dir, 'evil.tar.gz');
  await writeFile(bundle, await nomadBundle([member('server-1.global', 'alive'), member(evil, 'failed')]));
  const r = await runCli(['analyze', bundle, '-out', 'evil.html'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stdout), 'no raw control character on stdout');
  assert.match(r.stdout, /server-2\.global\\x1b\[2J\\x1b\[H\\x0dOK: cluster healthy\\x07/);
});

test('-json - writes the findings to stdout, nothing else; the summary and the report path go to stderr', async () => {
  const bundle = path.join(dir, 'to-stdout.tar.gz');
  await writeFile(bundle, await nomadBundle([member('server-1.global', 'alive'), member('server-2.global', 'failed')]));
  for (const argv of [['analyze', bundle, '-json', '-'], ['analyze', '-json=-', bundle], ['analyze', bundle, '--json', '-', '-fail-on=critical']]) {
    const r = await runCli(argv, { cwd: dir });
    assert.equal(r.code, argv.includes('-fail-on=critical') ? 3 : 0, r.stderr);
    const result = JSON.parse(r.stdout) as AnalysisResult; // the whole of stdout is the JSON
    assert.ok(result.findings.some((f) => f.severity === 'critical' && f.subject === 'server-2.global'));
    assert.match(r.stderr, /^Findings: 1 critical/m);
    assert.match(r.stderr, new RegExp(`^Report written: ${path.join(dir, 'to-stdout.html').replace(/[.]/g, '\\.')}$`, 'm'));
    assert.doesNotMatch(r.stderr, /Findings written/);
  }
  // with a file, the findings' path is a result too: on stdout beside the report's
  const toFile = await runCli(['analyze', bundle, '-json', 'f2.json'], { cwd: dir });
  assert.match(toFile.stdout, /^Findings written: .*f2\.json$/m);
  assert.equal(toFile.stderr, '');
  const empty = await runCli(['analyze', bundle, '-json='], { cwd: dir });
  assert.equal(empty.code, 1);
  assert.equal(empty.stderr, 'Error: Invalid -json "": give a file, or - for stdout\n');
  // the page is a file: -out - is refused, not written to a file named "-"
  const dash = await runCli(['analyze', bundle, '-out', '-'], { cwd: dir });
  assert.equal(dash.code, 1);
  assert.match(dash.stderr, /^Error: Invalid -out "-": the page is written to a file/);
  assert.ok(!fs.existsSync(path.join(dir, '-')));
});
