// The collector against the simulated cluster over real sockets: layout, manifest outcomes,
// redaction (no canary secret anywhere in the archive bytes), entry names, faults, aborts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSim } from '../../src/sim/index.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { CollectResult, ProgressEvent } from '../../src/collect/progress.ts';
import type { Manifest } from '../../src/archive/manifest.ts';
import { byRel, gunzipAll, readArchive } from './archive-helpers.ts';
import { AGENT_REQUIRED, CLUSTER_REQUIRED, INTERVAL_REQUIRED, collectOptions, quietContext, tempDir } from './sim-helpers.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;

function manifestOf(entries: Map<string, { body: Buffer }>): Manifest {
  return JSON.parse(entries.get('manifest.json')!.body.toString()) as Manifest;
}

function assertSafeNames(names: string[], root: string) {
  for (const n of names) {
    assert.ok(n.startsWith(`${root}/`), n);
    assert.ok(!n.split('/').includes('..'), n);
    assert.ok(!n.startsWith('/'), n);
  }
}

describe('healthy cluster', () => {
  let sim: Sim;
  let out: string;
  let result: CollectResult;
  let entries: Awaited<ReturnType<typeof readArchive>>;
  const events: ProgressEvent[] = [];
  before(async () => {
    sim = await startSim({ servers: 3, clients: 3, scenario: 'healthy', enableDebug: true, seed: 1 });
    out = await tempDir();
    result = await runCollect(collectOptions(sim.url, out), quietContext(events));
    entries = await readArchive(result.path);
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('one archive named as Nomad names it, no temp files, regular files only, safe names', async () => {
    assert.equal(result.kind, 'archive');
    assert.match(path.basename(result.path), /^nomad-debug-\d{4}-\d{2}-\d{2}-\d{6}Z\.tar\.gz$/);
    assert.deepEqual(await fsp.readdir(out), [path.basename(result.path)]);
    const root = path.basename(result.path, '.tar.gz');
    assert.ok(entries.every((e) => e.type === 'file'));
    assertSafeNames(entries.map((e) => e.name), root);
    const names = entries.map((e) => e.name);
    assert.equal(new Set(names).size, names.length, 'no name twice');
    // files go in as they finish: the manifest and the index (JSON, then HTML) close the archive
    assert.deepEqual(names.slice(-3), [`${root}/manifest.json`, `${root}/index.json`, `${root}/index.html`]);
  });

  test("the layout of Nomad's TestDebug_CapturedFiles", () => {
    const m = byRel(entries);
    for (const f of CLUSTER_REQUIRED) assert.ok(m.has(`cluster/${f}`), `cluster/${f}`);
    const servers = sim.agents.filter((a) => a.kind === 'server');
    const clients = sim.agents.filter((a) => a.kind === 'client');
    for (const s of servers) for (const f of AGENT_REQUIRED) assert.ok(m.has(`server/${s.name}/${f}`), `server/${s.name}/${f}`);
    for (const c of clients) for (const f of AGENT_REQUIRED) assert.ok(m.has(`client/${c.id}/${f}`), `client/${c.id}/${f}`);
    for (const n of ['0000', '0001']) for (const f of INTERVAL_REQUIRED) assert.ok(m.has(`interval/${n}/${f}`), `interval/${n}/${f}`);
    for (const s of servers) {
      for (const f of ['agent-self.json', 'health.json', 'schedulers.json', 'schedulers-config.json']) {
        assert.ok(m.has(`server/${s.name}/${f}`), `server/${s.name}/${f} (asked directly)`);
      }
    }
    for (const c of clients) {
      for (const f of ['agent-self.json', 'health.json', 'client-stats.json']) assert.ok(m.has(`client/${c.id}/${f}`), `client/${c.id}/${f}`);
    }
    const jobs = m.get('interval/0000/nodes.json')!.body.toString().trim().split('\n');
    assert.ok(jobs.length >= clients.length, 'nodes.json is NDJSON, one node a line');
    for (const line of jobs) JSON.parse(line);
  });

  test('the agent-self asked directly is the agent itself, not the one at -address', () => {
    const m = byRel(entries);
    const names = new Set<string>();
    for (const s of sim.agents.filter((a) => a.kind === 'server')) {
      const doc = JSON.parse(m.get(`server/${s.name}/agent-self.json`)!.body.toString()) as { member?: { Name?: string }; config?: { NodeName?: string } };
      names.add(doc.member?.Name ?? doc.config?.NodeName ?? '');
    }
    assert.equal(names.size, sim.agents.filter((a) => a.kind === 'server').length);
  });

  test('index.json (and index.html) lists every other file; the manifest records every capture as ok', () => {
    const m = byRel(entries);
    const index = JSON.parse(m.get('index.json')!.body.toString()) as string[];
    assert.deepEqual(index, [...m.keys()].filter((k) => k !== 'index.json' && k !== 'index.html').sort());
    const manifest = manifestOf(m);
    assert.equal(manifest.interrupted, false);
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.deepEqual(manifest.tool, { name: 'nomad-debug', version: pkg.version }, "the tool's version is package.json's");
    assert.equal(manifest.targets.servers.length, 3);
    assert.equal(manifest.targets.clients.length, 3);
    const byPath = new Map(manifest.captures.map((c) => [c.path, c]));
    for (const [rel, e] of m) {
      if (rel === 'index.json' || rel === 'index.html' || rel === 'manifest.json' || rel === 'cluster/cli-flags.json') continue;
      const c = byPath.get(rel);
      assert.ok(c, `capture record for ${rel}`);
      assert.equal(c.bytes, e.body.length, rel);
    }
    const notOk = manifest.captures.filter((c) => c.status !== 'ok' && c.code !== 'HTTP_204');
    assert.deepEqual(notOk.map((c) => `${c.path} ${c.code} ${c.error}`), []);
    assert.ok(events.some((e) => e.type === 'plan'));
  });

  test('monitor logs are decoded text', () => {
    const m = byRel(entries);
    const s = sim.agents.find((a) => a.kind === 'server')!;
    const log = m.get(`server/${s.name}/monitor.log`)!.body.toString();
    assert.ok(log.length > 0);
    assert.ok(!log.startsWith('{"Data"'));
    assert.match(log, /\[(TRACE|DEBUG|INFO|WARN|ERROR)\]/);
  });
});

describe('degraded cluster', () => {
  let sim: Sim;
  let out: string;
  let result: CollectResult;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 4, scenario: 'degraded', enableDebug: true, seed: 2 });
    out = await tempDir();
    result = await runCollect(collectOptions(sim.url, out, { requestTimeoutMs: 2000 }), quietContext());
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('no planted secret appears anywhere in the archive bytes', async () => {
    const raw = await gunzipAll(result.path);
    const secrets = sim.planted.flatMap((p) => (p.value ? [p.value] : []));
    assert.ok(secrets.length > 0, 'the degraded scenario plants secrets');
    for (const secret of secrets) {
      if (secret.length < 6) continue;
      assert.equal(raw.indexOf(Buffer.from(secret)), -1, `secret of ${secret.slice(0, 3)}… leaked`);
    }
    const manifest = manifestOf(byRel(await readArchive(result.path)));
    assert.ok(manifest.redactions.length > 0);
    for (const secret of secrets) assert.ok(!JSON.stringify(manifest).includes(secret), 'the manifest names where, never the value');
  });

  test('down or unreachable agents are recorded, and the run still finishes', async () => {
    const manifest = manifestOf(byRel(await readArchive(result.path)));
    const down = sim.agents.filter((a) => !a.listening || a.status === 'down' || a.status === 'failed' || a.status === 'left');
    for (const a of down) {
      const id = a.kind === 'server' ? a.name : a.id;
      const recorded =
        manifest.targets.skipped.some((s) => s.id === id) ||
        manifest.captures.some((c) => c.target === `${a.kind}:${id}` && c.status !== 'ok');
      assert.ok(recorded, `${a.kind} ${id} (${a.status}) recorded as skipped or failed`);
    }
  });
});

describe('faults', () => {
  let sim: Sim;
  let out: string;
  before(async () => {
    sim = await startSim({ servers: 1, clients: 3, scenario: 'healthy', enableDebug: true, seed: 3 });
    out = await tempDir();
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('a hanging agent, a reset stream, 500s and 403s are recorded with stable codes', async () => {
    const clients = sim.agents.filter((a) => a.kind === 'client');
    const hanging = clients[0]!;
    const resetting = clients[1]!;
    sim.addFault({ agent: hanging.id, path: '/v1/agent/host', hang: true });
    sim.addFault({ agent: resetting.id, path: '/v1/agent/monitor', resetAfterBytes: 10 });
    sim.addFault({ path: '/v1/metrics', status: 500, body: 'boom' });
    sim.addFault({ path: '/v1/operator/raft/configuration', status: 403, body: 'Permission denied' });
    const slow = clients[2]!;
    sim.addFault({ agent: slow.id, path: '/v1/client/stats', delayMs: 600 }); // slow, but inside -request-timeout
    try {
      const result = await runCollect(collectOptions(sim.url, out, { requestTimeoutMs: 1000 }), quietContext());
      const m = byRel(await readArchive(result.path));
      const manifest = manifestOf(m);
      const metrics = manifest.captures.find((c) => c.path === 'interval/0000/metrics.json')!;
      assert.equal(metrics.code, 'HTTP_500');
      assert.equal(metrics.status, 'failed');
      assert.deepEqual(JSON.parse(m.get('interval/0000/metrics.json')!.body.toString()), { Error: 'Unexpected response code: 500 (boom)' });
      assert.deepEqual(JSON.parse(m.get('interval/0000/operator-raft.json')!.body.toString()), {
        Error: 'Unexpected response code: 403 (Permission denied)',
      });
      const hostRec = manifest.captures.find((c) => c.target === `client:${hanging.id}` && c.path.endsWith('agent-host.json'))!;
      assert.equal(hostRec.code, 'TIMEOUT');
      // a slow agent/host costs only itself: the agent's log and profiles are there
      assert.deepEqual(JSON.parse(m.get(`client/${hanging.id}/agent-host.json`)!.body.toString()), { Error: hostRec.error });
      assert.ok(!manifest.targets.skipped.some((s) => s.id === hanging.id));
      for (const f of ['monitor.log', 'profile_0000.prof', 'goroutine-debug2_0000.txt', 'client-stats.json']) {
        assert.ok(m.has(`client/${hanging.id}/${f}`), `${f} of the agent whose host data hung`);
      }
      const mon = manifest.captures.find((c) => c.target === `client:${resetting.id}` && c.path.endsWith('monitor.log'))!;
      assert.equal(mon.code, 'RESET');
      const stats = manifest.captures.find((c) => c.target === `client:${slow.id}` && c.path.endsWith('client-stats.json'))!;
      assert.equal(stats.status, 'ok', 'a slow answer inside the timeout is captured');
      assert.ok(stats.ms >= 550, `took ${stats.ms} ms`);
      // the healthy client is complete
      for (const f of ['agent-host.json', 'monitor.log', 'profile_0000.prof']) assert.ok(m.has(`client/${clients[2]!.id}/${f}`), f);
    } finally {
      sim.clearFaults();
    }
  });

  test('first abort gives a valid partial bundle; second abort leaves nothing', async () => {
    const soft = new AbortController();
    const dir = await tempDir();
    try {
      const ctx = { reporter: () => undefined, signal: soft.signal, hardSignal: new AbortController().signal };
      setTimeout(() => soft.abort(), 700);
      const result = await runCollect(collectOptions(sim.url, dir, { durationMs: 30_000, intervalMs: 5000 }), ctx);
      assert.equal(result.interrupted, true);
      const m = byRel(await readArchive(result.path));
      assert.equal(manifestOf(m).interrupted, true);
      assert.ok(m.has('cluster/members.json'));
      assert.ok(m.has('index.json'));

      const hard = new AbortController();
      const soft2 = new AbortController();
      const dir2 = await tempDir();
      // the second Ctrl-C right behind the first: the partial bundle must not get written
      setTimeout(() => {
        soft2.abort();
        hard.abort();
      }, 500);
      const staged = async () => (await fsp.readdir(os.tmpdir())).filter((n) => /^nomad-debug-\d{4}-\d\d-\d\d-\d{6}Z-/.test(n));
      const before = new Set(await staged());
      await assert.rejects(
        runCollect(collectOptions(sim.url, dir2, { durationMs: 30_000 }), { reporter: () => undefined, signal: soft2.signal, hardSignal: hard.signal }),
        (e: unknown) => (e as { code?: string }).code === 'INTERRUPTED',
      );
      assert.deepEqual(await fsp.readdir(dir2), []);
      await new Promise((r) => setTimeout(r, 800)); // the abandoned work winds down meanwhile
      assert.deepEqual((await staged()).filter((n) => !before.has(n)), [], 'no staging folder left in the temp folder');
      await fsp.rm(dir2, { recursive: true, force: true });
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  test('a -server-id or -node-id that matches nothing ends the run with one line, as Nomad does', async () => {
    const dir = await tempDir();
    try {
      await assert.rejects(runCollect(collectOptions(sim.url, dir, { serverIds: ['nope'] }), quietContext()), (e: Error) => e.message === 'No server matches -server-id "nope": the members are server-1.global');
      await assert.rejects(runCollect(collectOptions(sim.url, dir, { nodeIds: ['zzz'] }), quietContext()), /No client node matches -node-id "zzz" \(3 nodes in the cluster\)/);
      assert.deepEqual(await fsp.readdir(dir), [], 'nothing written');
      // a prefix that matches is fine next to one that does not
      const ok = await runCollect(collectOptions(sim.url, dir, { serverIds: ['server-1', 'nope'], nodeIds: [], durationMs: 1000 }), quietContext());
      assert.equal(ok.manifest.targets.servers.length, 1);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  test('-no-archive leaves the folder as the result', async () => {
    const dir = await tempDir();
    try {
      const result = await runCollect(collectOptions(sim.url, dir, { noArchive: true, durationMs: 1000, nodeIds: [] }), quietContext());
      assert.equal(result.kind, 'directory');
      assert.ok(fs.existsSync(path.join(result.path, 'manifest.json')));
      assert.ok(fs.existsSync(path.join(result.path, 'interval', '0000', 'jobs.json')));
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('ACLs', () => {
  const FULL = '7d1f0c5e-1b2a-4c3d-9e8f-0a1b2c3d4e5f';
  const LIMITED = '3a4b5c6d-7e8f-4091-a2b3-c4d5e6f70819';
  let sim: Sim;
  let out: string;
  before(async () => {
    sim = await startSim({ servers: 1, clients: 2, scenario: 'healthy', token: FULL, limitedToken: LIMITED, seed: 4 });
    out = await tempDir();
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('a full token captures, and the token is nowhere in the archive', async () => {
    const result = await runCollect(collectOptions(sim.url, out, { token: FULL, argv: ['-token', FULL] }), quietContext());
    const raw = await gunzipAll(result.path);
    assert.equal(raw.indexOf(Buffer.from(FULL)), -1);
    const m = byRel(await readArchive(result.path));
    assert.ok(m.has('cluster/agent-self.json'));
    assert.ok(manifestOf(m).captures.filter((c) => c.status === 'ok').length > 20);
  });

  test('a limited token: refused captures are recorded as HTTP_403, or the run stops naming the capability', async () => {
    try {
      const result = await runCollect(collectOptions(sim.url, out, { token: LIMITED }), quietContext());
      const raw = await gunzipAll(result.path);
      assert.equal(raw.indexOf(Buffer.from(LIMITED)), -1);
      const manifest = manifestOf(byRel(await readArchive(result.path)));
      assert.ok(manifest.captures.some((c) => c.code === 'HTTP_403'));
    } catch (err) {
      assert.match((err as Error).message, /refused to list (members|nodes) \(403 .*\): the token needs node:read$/);
      assert.ok(!(err as Error).message.includes(LIMITED));
    }
  });

  test('no token: the member list is refused and the run stops with one line', async () => {
    await assert.rejects(runCollect(collectOptions(sim.url, out, {}), quietContext()), /refused to list members \(403\): the cluster has ACLs; set NOMAD_TOKEN or -token$/);
  });
});

describe('mutual TLS', () => {
  let sim: Sim;
  let out: string;
  before(async () => {
    sim = await startSim({ servers: 1, clients: 1, scenario: 'healthy', enableDebug: true, tls: true, tlsRogue: false, seed: 5 });
    out = await tempDir();
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('CA, client certificate and server name reach every agent, directly too', async () => {
    const t = sim.tls!;
    const tls = { caCert: t.ca, clientCert: t.clientCert, clientKey: t.clientKey, serverName: t.serverName, skipVerify: false };
    const result = await runCollect(collectOptions(sim.url, out, { tls, durationMs: 1000 }), quietContext());
    const manifest = manifestOf(byRel(await readArchive(result.path)));
    const bad = manifest.captures.filter((c) => c.status !== 'ok' && c.code !== 'HTTP_204');
    assert.deepEqual(bad.map((c) => `${c.path} ${c.code}`), []);
    assert.ok(manifest.captures.some((c) => c.path.endsWith('/health.json') && c.status === 'ok'));
  });

  test('without the CA the first request fails as TLS and the run stops', async () => {
    await assert.rejects(runCollect(collectOptions(sim.url, out, { durationMs: 1000 }), quietContext()), /TLS with https:\/\/.* failed \(.*\): check -ca-cert/);
  });
});
