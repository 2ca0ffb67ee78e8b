// Endpoints the collector's smaller captures read, against Nomad's source:
// /v1/operator/autopilot/configuration as api.AutopilotConfiguration's MarshalJSON writes it
// (api/operator_autopilot.go: durations as Go duration strings), and
// /v1/client/allocation/:id/checks as client/alloc_endpoint.go Allocations.Checks answers
// (structs.CheckQueryResult by check ID, nomad/structs/checks.go; 404 for an unknown allocation,
// command/agent/alloc_endpoint.go allocChecks).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSim, type Sim } from '../../src/sim/index.ts';

describe('autopilot configuration and allocation checks', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 3, scenario: 'degraded', seed: 9, token: 'mgmt', limitedToken: 'limited' });
  });
  after(async () => sim?.close());
  const get = async (path: string, token = 'mgmt') => {
    const res = await fetch(`${sim.url}${path}`, { headers: { 'X-Nomad-Token': token } });
    return { status: res.status, text: await res.text() };
  };

  test('autopilot configuration: durations are Go duration strings, first; operator:read needed', async () => {
    const r = await get('/v1/operator/autopilot/configuration');
    assert.equal(r.status, 200);
    const doc = JSON.parse(r.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc).slice(0, 2), ['LastContactThreshold', 'ServerStabilizationTime']);
    assert.equal(doc.LastContactThreshold, '200ms');
    assert.equal(doc.ServerStabilizationTime, '10s');
    assert.equal(typeof doc.MaxTrailingLogs, 'number');
    assert.equal((await get('/v1/operator/autopilot/configuration', 'limited')).status, 403);
  });

  test('allocation checks: results by check ID; failing where the client is unhealthy; 404 for an unknown allocation', async () => {
    const running = sim.cluster.allocations.filter((a) => a['ClientStatus'] === 'running');
    const lost = sim.cluster.clients.find((c) => c.listening && !c.health.ok)!;
    const onLost = running.find((a) => a['NodeID'] === lost.id)!;
    const onGood = running.find((a) => sim.cluster.clients.find((c) => c.id === a['NodeID'])?.health.ok)!;
    for (const [alloc, status] of [[onGood, 'success'], [onLost, 'failure']] as const) {
      const r = await get(`/v1/client/allocation/${String(alloc['ID'])}/checks`);
      assert.equal(r.status, 200);
      const results = Object.entries(JSON.parse(r.text) as Record<string, Record<string, unknown>>);
      assert.equal(results.length, 1);
      const [id, check] = results[0]!;
      assert.equal(check.ID, id);
      assert.equal(check.Status, status);
      assert.equal(check.Mode, 'healthiness');
      assert.deepEqual(Object.keys(check), ['ID', 'Mode', 'Status', 'StatusCode', 'Output', 'Timestamp', 'Group', 'Service', 'Check']);
    }
    const unknown = await get('/v1/client/allocation/00000000-0000-0000-0000-000000000000/checks');
    assert.equal(unknown.status, 404);
  });
});
