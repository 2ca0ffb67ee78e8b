// The collector against servers that are sick or hostile, over real sockets: resets, silence
// after the headers, endless, trickling and 2 GB answers, and down, failed and left agents.
// Each costs only its own capture; every agent keeps its folder; the run ends in time and holds
// its memory. (Wall time and peak RSS figures are measured by `npm run bench`'s fault line.)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { startSim } from '../../src/sim/index.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { Manifest } from '../../src/archive/manifest.ts';
import { byRel, readArchive } from './archive-helpers.ts';
import { collectOptions, quietContext, tempDir } from './sim-helpers.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;
type Entries = Map<string, { body: Buffer }>;

function manifestOf(m: Entries): Manifest {
  return JSON.parse(m.get('manifest.json')!.body.toString()) as Manifest;
}

/** The highest RSS seen while `work` runs, sampled every 25 ms. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

describe('a sick server costs only the captures it spoils', () => {
  let sim: Sim;
  let out: string;
  before(async () => {
    sim = await startSim({ servers: 1, clients: 3, scenario: 'healthy', enableDebug: true, seed: 5 });
    out = await tempDir();
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('connection resets on agent/host, agent/self and metrics: every other capture of every agent arrives', async () => {
    const reset = ['/v1/agent/host', '/v1/agent/self', '/v1/metrics'];
    for (const path of reset) sim.addFault({ path, resetAfterBytes: 0 });
    try {
      const result = await runCollect(collectOptions(sim.url, out, { durationMs: 1500 }), quietContext());
      const m = byRel(await readArchive(result.path));
      const manifest = manifestOf(m);
      const spoiled = (endpoint: string) => reset.some((p) => endpoint.startsWith(p));
      const failed = manifest.captures.filter((c) => c.status !== 'ok' && c.status !== 'skipped');
      assert.ok(failed.length > 0);
      for (const c of failed) assert.ok(spoiled(c.endpoint), `only reset endpoints fail: ${c.endpoint} ${c.code}`);
      for (const c of failed) assert.equal(c.code, 'RESET', `${c.endpoint} ${c.error}`);
      assert.deepEqual(manifest.targets.skipped, []);
      for (const t of [...manifest.targets.servers.map((s) => `server/${s.id}`), ...manifest.targets.clients.map((c) => `client/${c.id}`)]) {
        for (const f of ['monitor.log', 'profile_0000.prof', 'heap_0000.prof', 'goroutine-debug2_0000.txt', 'health.json']) assert.ok(m.has(`${t}/${f}`), `${t}/${f}`);
        assert.match(JSON.parse(m.get(`${t}/agent-host.json`)!.body.toString()).Error, /socket|reset|closed|terminated/i, `${t}/agent-host.json says why`);
      }
      for (const c of manifest.targets.clients) assert.ok(m.has(`client/${c.id}/client-stats.json`));
    } finally {
      sim.clearFaults();
    }
  });

  test('silent, trickling, endless and 2 GB answers: each fails alone, the run ends in time and memory stays bounded', async () => {
    const [c0, c1, c2] = sim.agents.filter((a) => a.kind === 'client');
    const server = sim.agents.find((a) => a.kind === 'server')!;
    const GB2 = 2 * 1024 ** 3;
    sim.addFault({ agent: c0!.id, path: '/v1/agent/host', silentAfterHeaders: true });
    sim.addFault({ agent: c1!.id, path: '/v1/client/stats', trickleMs: 100 });
    sim.addFault({ agent: c2!.id, path: '/v1/agent/host', bodyBytes: GB2 });
    sim.addFault({ agent: c2!.id, path: '/v1/client/stats', bodyBytes: GB2 });
    sim.addFault({ agent: server.name, path: '/v1/agent/host', bodyBytes: Infinity });
    sim.addFault({ agent: c1!.id, path: '/v1/agent/pprof/heap', bodyBytes: Infinity });
    const durationMs = 2000;
    const requestTimeoutMs = 2500;
    try {
      const t0 = Date.now();
      const { value: result, peak } = await peakRss(() => runCollect(collectOptions(sim.url, out, { durationMs, requestTimeoutMs }), quietContext()));
      const wall = Date.now() - t0;
      assert.ok(wall < durationMs + requestTimeoutMs + 4000, `the run ended ${wall} ms after it began`);
      // before: one 2 GB answer was held whole (1.9-3.2 GB); now at most the 64 MiB budget is held
      assert.ok(peak < 700 * 1024 * 1024, `peak RSS ${Math.round(peak / 2 ** 20)} MiB`);
      const m = byRel(await readArchive(result.path));
      const manifest = manifestOf(m);
      const rec = (agent: string, file: string) => manifest.captures.find((c) => c.path === `${agent}/${file}`)!;
      assert.equal(rec(`client/${c0!.id}`, 'agent-host.json').code, 'TIMEOUT');
      assert.equal(rec(`client/${c1!.id}`, 'client-stats.json').code, 'TIMEOUT');
      // a huge answer ends at its size limit or its time limit, whichever comes first on this machine
      assert.match(rec(`client/${c2!.id}`, 'agent-host.json').code, /^(TOO_LARGE|TIMEOUT)$/);
      assert.match(rec(`client/${c2!.id}`, 'client-stats.json').code, /^(TOO_LARGE|TIMEOUT)$/);
      assert.match(rec(`server/${server.name}`, 'agent-host.json').code, /^(TOO_LARGE|TIMEOUT)$/);
      assert.match(rec(`client/${c1!.id}`, 'heap_0000.prof').code, /^(TOO_LARGE|TIMEOUT)$/);
      assert.ok(!m.has(`client/${c1!.id}/heap_0000.prof`), 'a failed raw capture leaves no file');
      // the failures are each agent's only ones: the rest of every agent arrived
      const spoiled = new Set([
        `client/${c0!.id}/agent-host.json`,
        `client/${c1!.id}/client-stats.json`,
        `client/${c2!.id}/agent-host.json`,
        `client/${c2!.id}/client-stats.json`,
        `server/${server.name}/agent-host.json`,
      ]);
      const bad = manifest.captures.filter((c) => c.status !== 'ok' && c.status !== 'skipped').map((c) => c.path);
      for (const p of bad) assert.ok(spoiled.has(p) || p.startsWith(`client/${c1!.id}/heap_`), `${p} failed`);
      assert.ok(bad.length >= spoiled.size + 1);
      for (const a of [`client/${c0!.id}`, `client/${c1!.id}`, `client/${c2!.id}`, `server/${server.name}`]) {
        for (const f of ['monitor.log', 'profile_0000.prof', 'goroutine-debug2_0000.txt', 'agent-self.json']) assert.ok(m.has(`${a}/${f}`), `${a}/${f}`);
      }
      assert.ok(m.get(`client/${c0!.id}/monitor.log`)!.body.length > 0);
    } finally {
      sim.clearFaults();
    }
  });
});

test('a JSON answer nested 100,000 levels deep fails alone: the run and the agent go on', async () => {
  const sim = await startSim({ servers: 1, clients: 2, scenario: 'healthy', enableDebug: true, seed: 7 });
  const out = await tempDir();
  try {
    const client = sim.agents.find((a) => a.kind === 'client')!;
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    sim.addFault({ agent: client.id, path: '/v1/agent/host', status: 200, body: deep });
    const result = await runCollect(collectOptions(sim.url, out, { durationMs: 1000 }), quietContext());
    const m = byRel(await readArchive(result.path));
    const rec = manifestOf(m).captures.find((c) => c.path === `client/${client.id}/agent-host.json`)!;
    assert.equal(rec.code, 'ERROR');
    assert.match(rec.error ?? '', /nested too deep|call stack/);
    for (const f of ['monitor.log', 'profile_0000.prof', 'client-stats.json']) assert.ok(m.has(`client/${client.id}/${f}`), f);
  } finally {
    await sim.close();
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('requests queued behind hung ones are not asked past the run time limit: the run still ends in time', async () => {
  const sim = await startSim({ servers: 1, clients: 4, scenario: 'healthy', enableDebug: true, seed: 6 });
  const out = await tempDir();
  try {
    // one request at a time, and every agent's host data hangs: without the run's limit each
    // queued request would wait its own full -request-timeout in turn
    for (const a of sim.agents) sim.addFault({ agent: a.kind === 'server' ? a.name : a.id, path: '/v1/agent/host', hang: true });
    const durationMs = 1000;
    const requestTimeoutMs = 1500;
    const t0 = Date.now();
    const result = await runCollect(collectOptions(sim.url, out, { durationMs, requestTimeoutMs, concurrency: 1 }), quietContext());
    const wall = Date.now() - t0;
    assert.ok(wall < durationMs + requestTimeoutMs + 3000, `the run ended ${wall} ms after it began`);
    const manifest = manifestOf(byRel(await readArchive(result.path)));
    const late = manifest.captures.filter((c) => c.code === 'RUN_TIME_LIMIT');
    assert.ok(late.length > 0, 'some captures were never asked');
    assert.ok(late.every((c) => /time limit/.test(c.error ?? '')));
    assert.ok(manifest.captures.some((c) => c.status === 'ok'), 'what could be asked in time was');
  } finally {
    await sim.close();
    await fsp.rm(out, { recursive: true, force: true });
  }
});

describe('down, failed and left agents', () => {
  let sim: Sim;
  let out: string;
  before(async () => {
    sim = await startSim({ servers: 5, clients: 6, scenario: 'degraded', enableDebug: true, seed: 2 });
    out = await tempDir();
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('every selected agent has its folder; a sick one says why it is empty, in Nomad words', async () => {
    const result = await runCollect(collectOptions(sim.url, out, { durationMs: 1500 }), quietContext());
    const m = byRel(await readArchive(result.path));
    const manifest = manifestOf(m);
    assert.deepEqual(manifest.targets.skipped, []);
    const sick = sim.agents.filter((a) => !a.listening || ['down', 'failed', 'left'].includes(a.status));
    assert.ok(sick.length >= 3, 'the scenario has a failed and a left server and a down client');
    const folders = [...manifest.targets.servers.map((s) => `server/${s.id}`), ...manifest.targets.clients.map((c) => `client/${c.id}`)];
    for (const a of sim.agents) {
      const folder = a.kind === 'server' ? `server/${a.name}` : `client/${a.id}`;
      assert.ok(folders.includes(folder), `${folder} selected`);
      assert.ok(m.has(`${folder}/agent-host.json`), `${folder}/agent-host.json`);
      assert.ok(m.has(`${folder}/monitor.log`), `${folder}/monitor.log`);
    }
    for (const a of sick) {
      const folder = a.kind === 'server' ? `server/${a.name}` : `client/${a.id}`;
      const host = JSON.parse(m.get(`${folder}/agent-host.json`)!.body.toString()) as { Error?: string };
      assert.equal(typeof host.Error, 'string', `${folder}: ${JSON.stringify(host).slice(0, 80)}`);
      const log = m.get(`${folder}/monitor.log`)!.body.toString().trimEnd().split('\n');
      assert.match(log.at(-1)!, /^monitor: /, `${folder}/monitor.log ends with the error`);
      if (!a.listening) {
        const record = [...manifest.targets.servers, ...manifest.targets.clients].find((t) => t.id === (a.kind === 'server' ? a.name : a.id))!;
        assert.match(record.unreachable ?? '', /no connection to .*127\./, `${folder} marked unreachable from connection evidence`);
      }
    }
  });
});

test('a run cut short by its time limit still has every agent\'s host data: profiles queue behind every agent\'s first asks', async () => {
  const sim = await startSim({ servers: 1, clients: 6, scenario: 'healthy', enableDebug: true, seed: 7 });
  const out = await tempDir();
  try {
    // one request at a time and every heap profile hangs: asked agent by agent, the first agent's
    // profile would hold the queue to the end and the others' host data would never be asked
    for (const a of sim.agents) sim.addFault({ agent: a.kind === 'server' ? a.name : a.id, path: '/v1/agent/pprof/heap', hang: true });
    const result = await runCollect(collectOptions(sim.url, out, { durationMs: 1000, requestTimeoutMs: 1000, concurrency: 1 }), quietContext());
    const manifest = manifestOf(byRel(await readArchive(result.path)));
    assert.ok(manifest.captures.some((c) => c.code === 'RUN_TIME_LIMIT'), 'the run was cut short');
    const hosts = manifest.captures.filter((c) => c.path.endsWith('/agent-host.json'));
    assert.equal(hosts.length, sim.agents.length);
    assert.deepEqual(hosts.filter((c) => c.status !== 'ok').map((c) => `${c.path} ${c.code}`), []);
  } finally {
    await sim.close();
    await fsp.rm(out, { recursive: true, force: true });
  }
});
