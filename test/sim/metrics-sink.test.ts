// /v1/metrics in the simulated cluster follows command/agent/metrics_endpoint.go: the answering
// agent's own in-memory sink (go-metrics InmemSink.DisplayMetrics), no node_id/server_id
// forwarding, no ACL check. Every server publishes the eval broker, plan queue and heartbeat
// gauges (nomad/server.go starts their EmitStats loops everywhere), only the leader's are live:
// followers report 0 (eval_broker.go, plan_queue.go, heartbeat.go); raft.leader.* is the leader's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSim, type Sim } from '../../src/sim/index.ts';

interface Metrics {
  Gauges: { Name: string; Labels: Record<string, string> }[];
}

describe('/v1/metrics', () => {
  let sim: Sim;
  const at = (a: { address: string }) => `http://${a.address}:${sim.port}`;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 2, scenario: 'healthy', seed: 8, token: 'mgmt' });
  });
  after(async () => sim?.close());

  const get = async (url: string) => (await (await fetch(url)).json()) as Metrics;

  test('node_id and server_id are ignored: the receiving agent answers for itself, without a token', async () => {
    const c = sim.cluster.clients[0]!;
    const viaLeader = await get(`${sim.url}/v1/metrics?node_id=${c.id}`);
    assert.ok(viaLeader.Gauges.every((g) => g.Labels.host !== c.name));
    const own = await get(`${at(c)}/v1/metrics`);
    assert.ok(own.Gauges.length > 0 && own.Gauges.every((g) => g.Labels.host === c.name));
  });

  test("the leader's gauges: live on the leader, 0 on followers; raft.leader.oldestLogAge on the leader alone", async () => {
    for (const s of sim.cluster.servers) {
      const gauges = new Map((await get(`${at(s)}/v1/metrics`)).Gauges.map((g) => [g.Name, (g as unknown as { Value: number }).Value]));
      const leads = s === sim.cluster.leader;
      assert.equal(gauges.get('nomad.nomad.heartbeat.active')! > 0, leads, s.name);
      assert.ok(gauges.has('nomad.nomad.broker.total_ready'), s.name);
      assert.ok(gauges.has('nomad.nomad.plan.queue_depth'), s.name);
      assert.equal(gauges.has('nomad.raft.leader.oldestLogAge'), leads, s.name);
    }
  });
});
