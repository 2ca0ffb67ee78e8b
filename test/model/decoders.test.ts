// Decoders that read one value written two ways: Go durations as api's MarshalJSON writes them
// ("12.5ms", api/operator_autopilot.go ServerHealth and AutopilotConfiguration) and as integer
// nanoseconds (older captures, plain structs, other tools).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildBundle } from '../../src/model/bundle-builder.ts';
import { Issues } from '../../src/model/decode.ts';
import { autopilotConfiguration, autopilotHealth } from '../../src/model/decoders.ts';
import { buildCluster } from '../../src/sim/cluster/build.ts';
import { autopilotConfiguration as simAutopilotConfiguration, autopilotHealth as simAutopilotHealth } from '../../src/sim/cluster/docs-cluster.ts';

const server = (lastContact: unknown) => ({
  ID: 'a', Name: 'srv1.global', Address: '10.0.0.1:4647', SerfStatus: 'alive', Version: '1.10.5', Leader: false,
  LastContact: lastContact, LastTerm: 2, LastIndex: 10, Healthy: true, Voter: true, StableSince: '2026-11-22T10:00:00Z',
});

test('autopilot health: LastContact as a Go duration string or integer nanoseconds, both as nanoseconds', () => {
  for (const [written, ns] of [['12.5ms', 12_500_000], ['0s', 0], ['1m2.5s', 62_500_000_000], ['850µs', 850_000], [12_500_000, 12_500_000], [0, 0]] as const) {
    const issues = new Issues();
    const doc = autopilotHealth({ Healthy: true, FailureTolerance: 1, Servers: [server(written)] }, '', issues);
    assert.equal(doc?.Servers[0]?.LastContact, ns, String(written));
    assert.equal(issues.count, 0);
  }
});

test('autopilot health: a LastContact that is no duration is an issue at its path, the server is kept', () => {
  const issues = new Issues();
  const doc = autopilotHealth({ Healthy: true, FailureTolerance: 1, Servers: [server('soon'), server(true)] }, '', issues);
  assert.equal(doc?.Servers.length, 2);
  assert.equal(doc?.Servers[0]?.LastContact, undefined);
  assert.deepEqual(issues.list.map((i) => i.at), ['Servers[0].LastContact', 'Servers[1].LastContact']);
  assert.match(issues.list[0]!.problem, /time: invalid duration "soon"/);
});

test('autopilot configuration: LastContactThreshold and ServerStabilizationTime in either form', () => {
  const issues = new Issues();
  const strings = autopilotConfiguration({ LastContactThreshold: '200ms', ServerStabilizationTime: '10s', CleanupDeadServers: true, MaxTrailingLogs: 250 }, '', issues);
  const ints = autopilotConfiguration({ LastContactThreshold: 200_000_000, ServerStabilizationTime: 10_000_000_000, CleanupDeadServers: true, MaxTrailingLogs: 250 }, '', issues);
  assert.deepEqual(strings, ints);
  assert.equal(strings?.ServerStabilizationTime, 10_000_000_000);
  assert.equal(issues.count, 0);
});

test('the sim writes what api/operator_autopilot.go writes, and the model reads it back', () => {
  const c = buildCluster({ servers: 3, clients: 1, scenario: 'degraded', seed: 3, port: 4646, enableDebug: true, aclEnabled: false, tls: false });
  const at = new Date(c.startedAt.getTime() + 600_000);
  const health = simAutopilotHealth(c, at).body;
  const servers = health['Servers'] as Record<string, unknown>[];
  assert.ok(servers.every((s) => typeof s['LastContact'] === 'string' && Object.keys(s)[0] === 'LastContact'), 'MarshalJSON puts the string first');
  const config = simAutopilotConfiguration(c);
  assert.deepEqual(Object.keys(config).slice(0, 2), ['LastContactThreshold', 'ServerStabilizationTime']);
  assert.deepEqual([config['LastContactThreshold'], config['ServerStabilizationTime']], ['200ms', '10s']);
  const issues = new Issues();
  const decoded = autopilotHealth(JSON.parse(JSON.stringify(health)), '', issues)!;
  assert.equal(issues.count, 0);
  assert.ok(decoded.Servers.every((s) => typeof s.LastContact === 'number' && s.LastContact >= 0));
  assert.ok(decoded.Servers.some((s) => !s.Healthy && s.LastContact! >= 60e9), 'the failed server was last heard from minutes ago');
  // inside a bundle, and inside the Error text of a 429 as Nomad's CLI writes it
  const R = 'nomad-debug-2026-11-22-103000Z';
  const b = buildBundle([
    [`${R}/interval/0000/operator-autopilot-health.json`, JSON.stringify({ Error: `Unexpected response code: 429 (${JSON.stringify(health)})` })],
    [`${R}/index.json`, '[]'],
  ]);
  const ap = b.intervals[0]!.autopilotHealth!.value;
  assert.deepEqual(ap.Servers.map((s) => s.LastContact), decoded.Servers.map((s) => s.LastContact));
});
