// The open-file budget: the plan is pure arithmetic; the run under a low `ulimit -n` is a real
// CLI process against the simulated cluster, where before every request past the limit failed
// with EMFILE.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { DESCRIPTOR_MARGIN, openDescriptors, openFileLimit, planDescriptors } from '../../src/collect/fd-budget.ts';
import { InputError } from '../../src/shared/errors.ts';
import { startSim } from '../../src/sim/index.ts';
import { byRel, readArchive } from './archive-helpers.ts';
import { tempDir } from './sim-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const wants = { inUse: 30, oneShot: 32, windowed: 128, cluster: 7 };

test('plenty of descriptors: every agent streams the whole window at the asked concurrency', () => {
  const p = planDescriptors({ ...wants, limit: 20_000, agents: 2004 });
  assert.deepEqual({ ...p, fullWindowLimit: undefined }, { limit: 20_000, oneShot: 32, windowed: 128, monitors: 2004, slices: 1, fullWindowLimit: undefined });
  assert.equal(p.fullWindowLimit, 30 + DESCRIPTOR_MARGIN + 2 * (7 + 32 + 128 + 2004));
});

test('1,024 for 2,004 agents: work keeps a share, the monitors take turns, and the whole-window limit is named', () => {
  const p = planDescriptors({ ...wants, limit: 1024, agents: 2004 });
  // (1024 - 30 - 64) / 2 = 465 slots, 7 for the cluster: 458 = 32 + 114 + 312
  assert.deepEqual([p.oneShot, p.windowed, p.monitors, p.slices], [32, 114, 312, 7]);
  assert.ok(2 * (p.oneShot + p.windowed + p.monitors + wants.cluster) + wants.inUse + DESCRIPTOR_MARGIN <= 1024);
  assert.ok(p.fullWindowLimit > 4000);
});

test('a limit that leaves nothing is refused up front with the ulimit that would do', () => {
  assert.throws(() => planDescriptors({ ...wants, limit: 100, agents: 10 }), (e: unknown) => e instanceof InputError && /ulimit -n \d+/.test(e.message));
});

test('this process: the limit and the descriptors in use are read', () => {
  assert.ok(openFileLimit() >= 256);
  const n = openDescriptors();
  assert.ok(n >= 3 && n < openFileLimit());
});

test('under `ulimit -n 512`, 200 clients: every agent has its folder, no capture fails for lack of descriptors', { timeout: 120_000 }, async () => {
  const sim = await startSim({ host: '127.0.0.1', port: 0, servers: 3, clients: 200, scenario: 'healthy' });
  const out = await tempDir();
  try {
    const args = ['collect', `-address=${sim.url}`, `-output=${out}`, '-duration=3s', '-interval=3s', '-pprof-duration=1s', '-max-nodes=0'];
    const code = `const { main } = await import(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))}); process.exitCode = await main(process.argv.slice(1));`;
    const child = spawn('sh', ['-c', 'ulimit -n 512 && code="$1" && shift && exec "$0" --import tsx --input-type=module -e "$code" "$@"', process.execPath, code, ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    const exit = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(exit, 0, text);
    assert.match(text, /monitor streams fit under the open-file limit of 512: the window is split/);
    const archive = /Created debug archive: (.+)/.exec(text)![1]!.trim();
    const entries = byRel(await readArchive(archive));
    const manifest = JSON.parse(entries.get('manifest.json')!.body.toString()) as {
      options: { descriptors: { openFileLimit: number; monitorStreamsAtOnce: number } };
      captures: { path: string; status: string; code: string; error?: string }[];
    };
    assert.equal(manifest.options.descriptors.openFileLimit, 512);
    assert.deepEqual(manifest.captures.filter((c) => /EMFILE|ENFILE/.test(c.error ?? '')), []);
    // what Nomad itself refuses (the license endpoint is Enterprise only) is not ours to fix
    assert.deepEqual(manifest.captures.filter((c) => c.status !== 'ok' && !c.code.startsWith('HTTP_')).map((c) => `${c.path} ${c.code} ${c.error}`), []);
    for (const a of sim.agents) {
      const dir = a.kind === 'server' ? `server/${a.name}` : `client/${a.id}`;
      assert.ok(entries.has(`${dir}/monitor.log`), `${dir} has its monitor.log`);
    }
  } finally {
    await sim.close();
    await fsp.rm(out, { recursive: true, force: true });
  }
});
