// diff through main(): two bundles collected from the simulated cluster (healthy, then degraded)
// list what changed in both directions; a bundle against itself is empty; a Nomad 1.1 bundle
// against one of ours works; bad input is one line and exit 1.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { BundleDiff } from '../../src/report/bundle-diff.ts';
import { startSim } from '../../src/sim/index.ts';
import { runCli } from './helpers.ts';

const NOMAD_1_1 = fileURLToPath(new URL('../fixtures/bundles/nomad-debug-2021-09-14-101500Z', import.meta.url));

let dir: string;
const bundles: Record<'healthy' | 'degraded', string> = { healthy: '', degraded: '' };

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nd-diff-'));
  // The same seed: the same servers and nodes, so the diff is about the scenario's problems.
  for (const scenario of ['healthy', 'degraded'] as const) {
    const out = path.join(dir, scenario);
    await mkdir(out);
    const sim = await startSim({ servers: 3, clients: 3, scenario, seed: 5 });
    try {
      const r = await runCli(['collect', `-address=${sim.url}`, '-duration=2s', '-interval=1s', '-pprof-interval=1s', '-max-nodes=0', `-output=${out}`], { cwd: out });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      await sim.close();
    }
    bundles[scenario] = path.join(out, (await readdir(out)).find((f) => f.endsWith('.tar.gz'))!);
  }
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function diff(a: string, b: string, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string; json: BundleDiff }> {
  const jsonFile = path.join(dir, `d-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['diff', a, b, '-json', jsonFile, ...extra], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return { ...r, json: JSON.parse(await readFile(jsonFile, 'utf8')) as BundleDiff };
}

test('healthy → degraded: the failed server is new, its status a changed fact; degraded → healthy: resolved', async () => {
  const worse = await diff(bundles.healthy, bundles.degraded);
  const failed = worse.json.added.find((f) => f.check === 'member-status' && f.severity === 'critical');
  assert.ok(failed, worse.stdout);
  assert.match(worse.stdout, new RegExp(`^\\+ CRITICAL member-status ${failed.subject.replace(/\./g, '\\.')}: `, 'm'));
  assert.ok(worse.json.facts.some((f) => f.key === `server:${failed.subject}` && f.changed && /^alive/.test(f.before!) && /^failed/.test(f.after!)));
  assert.ok(worse.json.facts.some((f) => f.key === 'servers' && f.changed));
  assert.match(worse.stdout, /^Key facts that changed:$/m);
  assert.deepEqual(worse.json.before.bundle.layout, 'nomad-debug');
  // every finding of each side is accounted for exactly once
  const n = (d: BundleDiff, side: 'before' | 'after') => d[side].summary.critical + d[side].summary.warning + d[side].summary.info;
  const own = (side: 'before' | 'after') => worse.json.uncompared.filter((u) => u.side === side).length;
  assert.equal(worse.json.resolved.length + worse.json.changed.length + worse.json.unchanged + own('before'), n(worse.json, 'before'));
  assert.equal(worse.json.added.length + worse.json.changed.length + worse.json.unchanged + own('after'), n(worse.json, 'after'));

  const better = await diff(bundles.degraded, bundles.healthy);
  assert.ok(better.json.resolved.some((f) => f.check === 'member-status' && f.subject === failed.subject));
  assert.match(better.stdout, new RegExp(`^- CRITICAL member-status ${failed.subject.replace(/\./g, '\\.')}: `, 'm'));
  assert.equal(better.json.added.length, worse.json.resolved.length);
  assert.equal(better.json.changed.length, worse.json.changed.length);
});

test('a bundle against itself, and against its unpacked folder, is empty', async () => {
  const self = await diff(bundles.degraded, bundles.degraded);
  assert.deepEqual([self.json.added, self.json.resolved, self.json.changed], [[], [], []]);
  assert.ok(self.json.unchanged > 10);
  assert.ok(self.json.facts.length > 0 && self.json.facts.every((f) => !f.changed));
  assert.match(self.stdout, /^Findings: 0 resolved, 0 new, 0 changed, \d+ unchanged$/m);
  assert.match(self.stdout, /^Key facts: no change$/m);

  const folder = path.join(dir, 'unpacked');
  await mkdir(folder);
  execFileSync('tar', ['-xzf', bundles.degraded, '-C', folder]);
  const [root] = await readdir(folder);
  const unpacked = await diff(bundles.degraded, path.join(folder, root!));
  assert.deepEqual([unpacked.json.added, unpacked.json.resolved, unpacked.json.changed], [[], [], []]);
  assert.equal(unpacked.json.unchanged, self.json.unchanged);
  // -json -: the diff is the only thing on stdout, the account goes to stderr
  const piped = await runCli(['diff', bundles.degraded, bundles.degraded, '-json', '-'], { cwd: dir });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal((JSON.parse(piped.stdout) as BundleDiff).unchanged, self.json.unchanged);
  assert.match(piped.stderr, /^Findings: 0 resolved, 0 new, 0 changed, \d+ unchanged$/m);
});

test('a Nomad 1.1 bundle (version/ and nomad/NNNN/) against one of ours, with the HTML page', async () => {
  const page = path.join(dir, 'cross.html');
  const r = await diff(NOMAD_1_1, bundles.healthy, ['-out', page]);
  assert.equal(r.json.before.bundle.layout, 'nomad-legacy');
  assert.equal(r.json.after.bundle.layout, 'nomad-debug');
  const versions = r.json.facts.find((f) => f.key === 'server-versions')!;
  assert.equal(versions.before, '1.1.4');
  assert.match(versions.after!, /^1\.\d+\.\d+/);
  assert.ok(r.json.resolved.some((f) => f.check === 'member-status' && f.subject === 'server-3.global'), 'the 1.1 cluster had a failed server');
  // checks the 1.1 bundle has no data for: their findings in ours are not "new"
  assert.ok(r.json.uncompared.some((u) => u.side === 'after' && u.finding.check === 'profiles'));
  assert.ok(!r.json.added.some((f) => f.check === 'profiles'));
  assert.equal(r.stdout.trim().split('\n').at(-1), `Diff page written: ${page}`);
  const html = await readFile(page, 'utf8');
  assert.match(html, /Content-Security-Policy/);
  assert.match(html, /server-3\.global is failed/);
});

test('bad input: one line, exit 1, nothing written', async () => {
  const out = path.join(dir, 'never.html');
  for (const argv of [
    ['diff', bundles.healthy],
    ['diff'],
    ['diff', bundles.healthy, path.join(dir, 'missing.tar.gz'), '-out', out],
    ['diff', path.join(dir, 'missing.tar.gz'), bundles.healthy, '-out', out],
    ['diff', bundles.healthy, bundles.healthy, bundles.healthy],
  ]) {
    const r = await runCli(argv, { cwd: dir });
    assert.equal(r.code, 1, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^Error: [^\n]+\n$/);
  }
  await assert.rejects(stat(out));
  const unwritable = await runCli(['diff', bundles.healthy, bundles.healthy, '-out', path.join(dir, 'no-such-dir', 'x.html')], { cwd: dir });
  assert.equal(unwritable.code, 2, unwritable.stderr);
});
