import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBundle } from '../../src/model/bundle-builder.ts';
import { fixture, ndjson, type Entry } from './bundle-helpers.ts';

const R = 'nomad-debug-2024-07-09-153012Z';
const SRV = { Name: 'srv1.global', Addr: '10.0.0.1', Port: 4648, Tags: { build: '1.8.0' }, Status: 'alive' };
const health = {
  Healthy: false,
  FailureTolerance: 0,
  Servers: [{ ID: 'a', Name: 'srv1.global', Address: '10.0.0.1:4647', SerfStatus: 'alive', Version: '1.8.0', Leader: true, LastContact: '0s', LastTerm: 2, LastIndex: 10, Healthy: false, Voter: true, StableSince: '2024-07-09T15:30:00Z' }],
};

test('Nomad 1.8+ layout: cluster/, interval/NNNN NDJSON, numbered profiles, Error files, 429 recovery', () => {
  const entries: Entry[] = [
    [`${R}/cluster/members.json`, JSON.stringify({ ServerName: 'srv1', Members: [SRV, { ...SRV, Name: 'srv2.global', Status: 'failed' }] })],
    [`${R}/cluster/leader.json`, '"10.0.0.1:4647"'],
    [`${R}/cluster/nodes.json`, JSON.stringify([{ ID: 'n1', Name: 'c1', Status: 'ready' }])],
    [`${R}/cluster/regions.json`, '["global"]'],
    [`${R}/cluster/eventstream.json`, ndjson([{ Topic: 'Node', Type: 'NodeRegistration' }, { Topic: 'Job' }, { Topic: 'Node' }])],
    [`${R}/cluster/agent-self.json`, JSON.stringify({ config: { ACL: { Enabled: false } }, member: SRV, stats: {} })],
    [`${R}/server/srv1.global/agent-host.json`, JSON.stringify({ AgentID: 'srv1.global', HostData: { OS: 'linux', Environment: { VAULT_TOKEN: '\u003credacted\u003e' } } })],
    [`${R}/server/srv1.global/monitor.log`, '2024-07-09T15:30:12.000Z [ERROR] nomad.rpc: boom: error="x"\n2024-07-09T15:30:13.000Z [INFO]  nomad: fine\n'],
    [`${R}/server/srv1.global/profile_0000.prof`, fixture('profile.prof')],
    [`${R}/server/srv1.global/heap_0000.prof`, fixture('heap.prof')],
    [`${R}/server/srv1.global/goroutine-debug2_0000.txt`, fixture('goroutine-debug2.txt')],
    [`${R}/server/srv1.global/profile_0001.prof`, fixture('profile.prof')],
    [`${R}/server/srv1.global/trace_0000.prof`, Buffer.alloc(123, 1)],
    [`${R}/interval/0000/jobs.json`, ndjson([{ ID: 'a' }, { ID: 'b' }])],
    [`${R}/interval/0000/allocations.json`, ndjson([{ ID: 'x' }])],
    [`${R}/interval/0000/license.json`, '{"Error":"Nomad Enterprise only endpoint"}'],
    [`${R}/interval/0000/operator-autopilot-health.json`, JSON.stringify({ Error: `Unexpected response code: 429 (${JSON.stringify(health)})` })],
    [`${R}/interval/0001/jobs.json`, ndjson([{ ID: 'a' }])],
    [`${R}/interval/0001/operator-raft.json`, JSON.stringify({ Servers: [], Index: 1 })],
    [`${R}/interval/0001/operator-autopilot-health.json`, JSON.stringify({ Error: 'Unexpected response code: 403 (Permission denied)' })],
    [`${R}/index.json`, '[]'],
  ];
  const b = buildBundle(entries);
  assert.equal(b.layout, 'nomad');
  assert.equal(b.root, R);
  assert.equal(b.createdAt, '2024-07-09T15:30:12Z');
  assert.deepEqual(b.files, entries.map(([p]) => p.slice(R.length + 1)));
  assert.equal(b.sizes['server/srv1.global/trace_0000.prof'], 123);
  assert.equal(b.cluster.members!.value.Members[1]!.Status, 'failed');
  assert.equal(b.cluster.leader!.value, '10.0.0.1:4647');
  assert.deepEqual(b.cluster.regions!.value, ['global']);
  assert.deepEqual(b.cluster.eventCounts!.value, { Node: 2, Job: 1 });
  assert.equal(b.cluster.agentSelf!.file, 'cluster/agent-self.json');

  assert.equal(b.servers.length, 1);
  const s = b.servers[0]!;
  assert.equal(s.dir, 'server/srv1.global');
  assert.equal(s.host!.value.Environment!.VAULT_TOKEN, '<redacted>');
  assert.equal(s.log!.counts.ERROR, 1);
  assert.deepEqual(s.profiles.map((r) => r.round), [0, 1]);
  assert.equal(s.profiles[0]!.cpu!.top[0]!.name, 'crypto/sha256.block');
  assert.equal(s.profiles[0]!.heap!.sampleType, 'inuse_space');
  assert.equal(s.profiles[0]!.goroutineDebug2!.groups[0]!.count, 250);
  assert.equal(s.profiles[0]!.measured!.trace, 123);
  assert.equal(s.files.length, 7);

  assert.deepEqual(b.intervals.map((i) => i.index), [0, 1]);
  const i0 = b.intervals[0]!;
  assert.deepEqual(i0.jobs!.value, [{ ID: 'a' }, { ID: 'b' }]);
  assert.deepEqual(i0.allocations!.value, [{ ID: 'x' }], 'one-line NDJSON is still a collection');
  assert.equal(i0.autopilotHealth!.value.Healthy, false, '429 body recovered');
  assert.equal(i0.autopilotHealth!.value.Servers[0]!.Name, 'srv1.global');
  assert.equal(i0.autopilotHealth!.value.Servers[0]!.LastContact, 0, 'the Go duration string "0s" read as nanoseconds');
  assert.equal(i0.license, undefined);
  assert.equal(b.intervals[1]!.operatorRaft!.value.Index, 1);
  assert.deepEqual(
    b.gaps.map((g) => [g.file, g.code, g.reason]),
    [
      ['interval/0000/license.json', 'ERROR_FILE', 'Nomad Enterprise only endpoint'],
      ['interval/0001/operator-autopilot-health.json', 'ERROR_FILE', 'Unexpected response code: 403 (Permission denied)'],
    ],
  );
  assert.doesNotThrow(() => JSON.stringify(b));
});

test('Nomad ≤1.7.6: unnumbered profiles are round 0; pre-1.4 JSON arrays', () => {
  const b = buildBundle([
    ['nomad-debug-2023-01-02-030405Z/cluster/members.json', JSON.stringify({ Members: [SRV] })],
    ['nomad-debug-2023-01-02-030405Z/client/0a1b/goroutine.prof', fixture('goroutine.prof')],
    ['nomad-debug-2023-01-02-030405Z/client/0a1b/heap.prof', fixture('heap.prof')],
    ['nomad-debug-2023-01-02-030405Z/client/0a1b/goroutine-debug1.txt', fixture('goroutine-debug1.txt')],
    ['nomad-debug-2023-01-02-030405Z/client/0a1b/profile_0002.prof', fixture('profile.prof')],
    ['nomad-debug-2023-01-02-030405Z/interval/0000/nodes.json', JSON.stringify([{ ID: 'n1', Status: 'down' }, { ID: 'n2', Status: 'ready' }])],
  ]);
  assert.equal(b.layout, 'nomad');
  assert.equal(b.createdAt, '2023-01-02T03:04:05Z');
  const c = b.clients[0]!;
  assert.equal(c.id, '0a1b');
  assert.deepEqual(c.profiles.map((r) => r.round), [0, 2]);
  assert.equal(c.profiles[0]!.heap!.type, 'heap');
  assert.equal(c.profiles[0]!.goroutineDebug1!.total, 251);
  assert.equal(c.profiles[0]!.goroutine, undefined, 'the round keeps only its most detailed goroutine source');
  assert.equal(b.intervals[0]!.nodes!.value[0]!.Status, 'down');
  assert.equal(b.intervals[0]!.nodes!.value.length, 2);
});

test('pre-1.2 layout: version/ for cluster files, nomad/00 intervals, plugins.json', () => {
  const b = buildBundle([
    ['nomad-debug-2020-08-01-120000Z/version/agent-self.json', JSON.stringify({ config: { Version: '0.12.0' } })],
    ['nomad-debug-2020-08-01-120000Z/version/members.json', JSON.stringify({ Members: [SRV] })],
    ['nomad-debug-2020-08-01-120000Z/nomad/00/jobs.json', '[{"ID":"j"}]'],
    ['nomad-debug-2020-08-01-120000Z/nomad/01/plugins.json', '[]'],
    ['nomad-debug-2020-08-01-120000Z/server/leader/heap.prof', fixture('heap.prof')],
  ]);
  assert.equal(b.layout, 'nomad-legacy');
  assert.equal(b.cluster.members!.file, 'version/members.json');
  assert.deepEqual(b.intervals.map((i) => [i.index, i.dir]), [[0, 'nomad/00'], [1, 'nomad/01']]);
  assert.deepEqual(b.intervals[1]!.csiPlugins!.value, []);
  assert.equal(b.servers[0]!.id, 'leader');
});

test('our layout: manifest gives createdAt and failed captures become gaps; agent files asked directly', () => {
  const manifest = {
    schema: 'nomad-debug/manifest@1',
    tool: { name: 'nomad-debug', version: '0.1.0' },
    startedAt: '2026-11-22T10:15:00.000Z',
    finishedAt: '2026-11-22T10:20:00.000Z',
    interrupted: false,
    options: {},
    targets: { servers: [], clients: [], skipped: [] },
    captures: [
      { path: 'server/srv1.global/agent-self.json', endpoint: '/v1/agent/self', target: 'server:srv1.global', status: 'ok', code: 'OK', bytes: 2, startedAt: '', ms: 1 },
      { path: 'client/abc/agent-self.json', endpoint: '/v1/agent/self', target: 'client:abc', status: 'failed', code: 'CONNECT_REFUSED', bytes: 0, startedAt: '', ms: 1, error: 'connect ECONNREFUSED 127.0.0.9:4646' },
    ],
    redactions: [],
  };
  const b = buildBundle([
    ['nomad-debug-2026-11-22-101500Z/manifest.json', JSON.stringify(manifest)],
    ['nomad-debug-2026-11-22-101500Z/server/srv1.global/agent-self.json', JSON.stringify({ member: SRV })],
    ['nomad-debug-2026-11-22-101500Z/server/srv1.global/health.json', '{"server":{"ok":true,"message":"ok"}}'],
    ['nomad-debug-2026-11-22-101500Z/server/srv1.global/schedulers.json', JSON.stringify({ server_id: 'srv1.global', schedulers: [] })],
    ['nomad-debug-2026-11-22-101500Z/server/srv1.global/schedulers-config.json', JSON.stringify({ server_id: 'srv1.global', num_schedulers: 0, enabled_schedulers: [] })],
    ['nomad-debug-2026-11-22-101500Z/server/srv1.global/block_0000.prof', fixture('block.prof')],
    ['nomad-debug-2026-11-22-101500Z/server/srv1.global/mutex_0000.prof', fixture('mutex.prof')],
    ['nomad-debug-2026-11-22-101500Z/client/abc/client-stats.json', JSON.stringify({ Memory: { Total: 10, Available: 1, Used: 9, Free: 1 } })],
    ['nomad-debug-2026-11-22-101500Z/client/abc/client-metadata.json', JSON.stringify({ Meta: { a: 'b' } })],
    ['nomad-debug-2026-11-22-101500Z/client/abc/allocation-stats/0000-1111.json', JSON.stringify({ ResourceUsage: {} })],
  ]);
  assert.equal(b.layout, 'nomad-debug');
  assert.equal(b.createdAt, '2026-11-22T10:15:00.000Z');
  assert.equal(b.manifest!.value.captures.length, 2);
  assert.deepEqual(b.gaps, [{ file: 'client/abc/agent-self.json', code: 'CONNECT_REFUSED', reason: 'connect ECONNREFUSED 127.0.0.9:4646' }]);
  const s = b.servers[0]!;
  assert.equal(s.self!.value.member!.Name, 'srv1.global');
  assert.equal(s.health!.value.server!.ok, true);
  assert.equal(s.schedulersConfig!.value.num_schedulers, 0);
  // block and mutex profiles are kept by size: nothing reads their samples
  assert.deepEqual(s.profiles[0]!.measured, { block: fixture('block.prof').length, mutex: fixture('mutex.prof').length });
  const c = b.clients[0]!;
  assert.equal(c.clientStats!.value.Memory!.Used, 9);
  assert.deepEqual(c.clientMetadata!.value, { Meta: { a: 'b' } });
  assert.equal(c.allocStats[0]!.file, 'client/abc/allocation-stats/0000-1111.json');
});

test('broken files become gaps: invalid JSON, wrong types, empty, bad profiles, error profiles', () => {
  const b = buildBundle([
    ['cluster/members.json', '{"Members": '],
    ['cluster/nodes.json', '"not an array"'],
    ['cluster/leader.json', '[]'],
    ['cluster/regions.json', ''],
    ['server/s/agent-host.json', '[1,2]'],
    ['server/s/health.json', '42'],
    ['server/s/heap_0000.prof', 'random bytes here'],
    ['server/s/profile_0000.prof', '{"Error":"Permission denied"}'],
    ['server/s/goroutine-debug1_0000.txt', 'nope'],
    ['interval/0000/jobs.json', '{"a":1}\n{"b":'],
    ['interval/0000/evaluations.json', '"x"'],
    ['interval/0000/metrics.json', '[]'],
  ]);
  assert.equal(b.root, '');
  assert.deepEqual(
    b.gaps.map((g) => [g.file, g.code]),
    [
      // by file: the same whatever order the archive holds them in
      ['cluster/leader.json', 'WRONG_TYPE'],
      ['cluster/members.json', 'INVALID_JSON'],
      ['cluster/nodes.json', 'WRONG_TYPE'],
      ['cluster/regions.json', 'EMPTY'],
      ['interval/0000/evaluations.json', 'WRONG_TYPE'],
      ['interval/0000/jobs.json', 'INVALID_JSON'],
      ['interval/0000/metrics.json', 'WRONG_TYPE'],
      ['server/s/agent-host.json', 'WRONG_TYPE'],
      ['server/s/goroutine-debug1_0000.txt', 'INVALID_TEXT'],
      ['server/s/health.json', 'WRONG_TYPE'],
      ['server/s/heap_0000.prof', 'INVALID_PROFILE'],
      ['server/s/profile_0000.prof', 'ERROR_FILE'],
    ],
  );
  assert.equal(b.cluster.members, undefined);
  assert.equal(b.servers[0]!.host, undefined);
  assert.equal(b.intervals[0]!.jobs, undefined);
  for (const g of b.gaps) assert.ok(g.reason.length > 0 && !g.reason.includes('\n'), g.reason);
});

test("a round's binary goroutine profile is not decoded after its text dump (same stacks, less detail); alone it is", () => {
  const b = buildBundle([
    [`${R}/client/c1/goroutine-debug1_0000.txt`, fixture('goroutine-debug1.txt')],
    [`${R}/client/c1/goroutine_0000.prof`, fixture('goroutine.prof')],
    [`${R}/client/c1/goroutine_0001.prof`, fixture('goroutine.prof')],
  ]);
  const [r0, r1] = b.clients[0]!.profiles;
  assert.equal(r0!.goroutineDebug1!.total, 251);
  assert.equal(r0!.goroutine, undefined);
  assert.equal(r1!.goroutine!.total, 251, 'round 1 has no text dump: the binary profile is decoded');
  assert.ok(b.files.includes('client/c1/goroutine_0000.prof'), 'still listed as a bundle file');
});
