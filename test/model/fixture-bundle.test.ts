import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readBundle } from '../../src/model/read-bundle.ts';

const folder = fileURLToPath(new URL('../fixtures/bundles/nomad-debug-2024-03-07-064200Z', import.meta.url));

test('hand-made Nomad 1.7.6 folder bundle: no manifest, unnumbered profiles, NDJSON, 429 autopilot, Error files', async () => {
  const b = await readBundle(folder);
  assert.equal(b.layout, 'nomad');
  assert.equal(b.root, 'nomad-debug-2024-03-07-064200Z');
  assert.equal(b.createdAt, '2024-03-07T06:42:00Z');
  assert.equal(b.manifest, undefined);
  assert.deepEqual(b.cluster.members!.value.Members.map((m) => m.Status), ['alive', 'failed']);
  assert.deepEqual(b.cluster.eventCounts!.value, { Node: 1, Job: 1 });
  assert.equal(b.servers.length, 1);
  assert.equal(b.clients.length, 1);
  const srv = b.servers[0]!;
  assert.equal(srv.host!.value.Environment!.NOMAD_TOKEN, '<redacted>');
  assert.deepEqual(srv.log!.counts, { TRACE: 0, DEBUG: 0, INFO: 1, WARN: 1, ERROR: 2 });
  assert.equal(srv.log!.streamError, 'Unexpected response code: 500 (rpc error: EOF)');
  assert.deepEqual(srv.log!.entries.map((e) => e.module), ['nomad.raft', 'nomad.heartbeat', 'worker']);
  assert.equal(srv.profiles[0]!.round, 0);
  assert.equal(srv.profiles[0]!.heap!.sampleType, 'inuse_space');
  assert.equal(srv.profiles[0]!.goroutineDebug1!.groups[0]!.count, 2);
  assert.equal(b.intervals.length, 2);
  for (const i of b.intervals) {
    assert.equal(i.autopilotHealth!.value.Healthy, false);
    assert.equal(i.autopilotHealth!.value.Servers[1]!.SerfStatus, 'failed');
    assert.equal(i.allocations!.value.length, 2);
    assert.equal(i.operatorRaft!.value.Servers.length, 2);
    assert.equal(i.metrics!.value.Gauges![0]!.Value, 120);
  }
  assert.deepEqual(b.gaps.map((g) => [g.file, g.code]), [
    ['interval/0000/license.json', 'ERROR_FILE'],
    ['interval/0001/license.json', 'ERROR_FILE'],
  ]);
});
