// Every agent's own /v1/metrics each interval (metrics_NNNN.json in its folder), beside Nomad's
// interval/NNNN/metrics.json, which stays the -address agent's. The simulated agents answer from
// their own sink, as command/agent/metrics_endpoint.go does (no forwarding, no ACL check).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { startSim } from '../../src/sim/index.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { Manifest } from '../../src/archive/manifest.ts';
import { byRel, readArchive } from './archive-helpers.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import { analyze } from '../../src/analyze/run.ts';
import { buildViewModel } from '../../src/report/view-model.ts';
import { collectOptions, quietContext, tempDir } from './sim-helpers.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;
interface Metrics {
  Gauges: { Name: string; Value: number; Labels: Record<string, string> }[];
}

describe("each agent's own metrics, ACLs on, plain HTTP (the token is not sent to advertised addresses)", () => {
  let sim: Sim;
  let out: string;
  let files: Map<string, { body: Buffer }>;
  let manifest: Manifest;
  let archive: string;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 3, scenario: 'degraded', seed: 7, token: 'mgmt-token' });
    out = await tempDir();
    const result = await runCollect(collectOptions(sim.url, out, { token: 'mgmt-token', durationMs: 2500, intervalMs: 1000, eventTopics: null }), quietContext());
    archive = result.path;
    files = byRel(await readArchive(result.path));
    manifest = JSON.parse(files.get('manifest.json')!.body.toString()) as Manifest;
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  const doc = (rel: string) => JSON.parse(files.get(rel)!.body.toString()) as Metrics;
  const names = (m: Metrics) => new Set(m.Gauges.map((g) => g.Name));

  test('every listening agent has metrics_NNNN.json per interval, from its own sink (its own host label)', () => {
    for (const s of sim.cluster.servers.filter((x) => x.listening)) {
      for (const n of ['0000', '0001', '0002']) {
        const rel = `server/${s.name}/metrics_${n}.json`;
        assert.ok(files.has(rel), rel);
        assert.ok(doc(rel).Gauges.every((g) => g.Labels.host === s.name.split('.')[0]), rel);
      }
    }
    for (const c of sim.cluster.clients.filter((x) => x.listening)) {
      const m = doc(`client/${c.id}/metrics_0000.json`);
      assert.ok(names(m).has('nomad.client.allocations.running'));
      assert.ok(m.Gauges.every((g) => g.Labels.host === c.name));
    }
  });

  test("the leader's gauges are live in the leader's file alone; interval/NNNN/metrics.json is still the -address agent's", () => {
    const leader = sim.cluster.leader!;
    for (const s of sim.cluster.servers.filter((x) => x.listening)) {
      const m = doc(`server/${s.name}/metrics_0000.json`);
      assert.equal(names(m).has('nomad.raft.leader.oldestLogAge'), s === leader, s.name);
      const heartbeats = m.Gauges.find((g) => g.Name === 'nomad.nomad.heartbeat.active')!;
      assert.equal(heartbeats.Value > 0, s === leader, s.name);
    }
    assert.ok(files.has('interval/0000/metrics.json'));
    const rec = manifest.captures.find((c) => c.path === 'interval/0000/metrics.json')!;
    assert.equal(rec.endpoint, '/v1/metrics');
  });

  test('asked directly at each advertised address without the token, once per interval; a down agent is asked once', () => {
    const recs = manifest.captures.filter((c) => /\/metrics_\d{4}\.json$/.test(c.path));
    assert.ok(recs.length > 0);
    for (const r of recs) assert.doesNotMatch(r.endpoint, /node_id|server_id/);
    // the token went only to -address (127.0.0.1), never to an advertised address over plain HTTP
    assert.deepEqual(sim.requests.addressesWithToken(), ['127.0.0.1']);
    for (const c of sim.cluster.clients.filter((x) => x.listening)) assert.ok(sim.requests.count(c.address, false) >= 3, c.address);
    const down = sim.cluster.clients.find((c) => c.status === 'down')!;
    const downRecs = recs.filter((r) => r.path.startsWith(`client/${down.id}/`));
    assert.equal(downRecs.length, 1, 'no more rounds once the agent refuses connections');
    assert.equal(downRecs[0]!.code, 'CONNECT_REFUSED');
    const failed = sim.cluster.servers.find((s) => s.status === 'failed')!;
    assert.equal(recs.filter((r) => r.path.startsWith(`server/${failed.name}/`)).length, 1);
  });

  test('end to end: the analyzer reads every agent\'s files and the report charts them, the leader named', async () => {
    const b = await readBundle(archive);
    const listening = sim.cluster.agents.filter((a) => a.listening);
    for (const a of listening) {
      const agent = [...b.servers, ...b.clients].find((x) => x.id === (a.kind === 'server' ? a.name : a.id))!;
      assert.ok(agent.metrics.length >= 2, `${a.name}: ${agent.metrics.length}`);
    }
    const v = buildViewModel(b, analyze(b), { generatedAt: new Date().toISOString() }).metrics;
    assert.equal(v.perAgent.agents, listening.length);
    assert.equal(v.perAgent.leader, sim.cluster.leader!.name);
    assert.ok(v.perAgent.charts.some((c) => c.title === `Client heartbeats tracked, on the leader ${sim.cluster.leader!.name}`));
  });
});

test('-interval 0 (Nomad: snapshots back to back) asks each agent at most once a second', async () => {
  const sim = await startSim({ servers: 1, clients: 1, scenario: 'healthy', seed: 10 });
  const out = await tempDir();
  try {
    const result = await runCollect(collectOptions(sim.url, out, { durationMs: 1500, intervalMs: 0, eventTopics: null }), quietContext());
    const files = byRel(await readArchive(result.path));
    const rounds = [...files.keys()].filter((k) => k.startsWith(`client/${sim.cluster.clients[0]!.id}/metrics_`));
    assert.deepEqual(rounds.sort(), [0, 1].map((n) => `client/${sim.cluster.clients[0]!.id}/metrics_000${n}.json`));
  } finally {
    await sim.close();
    await fsp.rm(out, { recursive: true, force: true });
  }
});
