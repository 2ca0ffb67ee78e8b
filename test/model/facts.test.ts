// What the checks and the report both ask of a Bundle (src/model/facts.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentOfPath, agentOfTarget, captureOf, capturesOfTarget, clusterLeader, fullestDisk, latest, nodeById } from '../../src/model/facts.ts';
import { agent, capture, emptyBundle, healthyCluster, interval, manifest, member, node, withClientStats, withHost, withMembers, withNodes } from '../analyze/bundle-builder.ts';

test('the leader: by name from the newest raft configuration, with leader.json\'s address', () => {
  assert.deepEqual(clusterLeader(healthyCluster()), { name: 'server-1.global', address: '127.0.0.11:4647' });
});

test('without a raft configuration, leader.json\'s address is matched against each member\'s RPC addresses', () => {
  const b = withMembers(emptyBundle(), [member('a.global', 'alive', { rpc_addr: '10.1.0.1' }, 1), member('b.global', 'alive', { rpc_addr: '10.1.0.2' }, 2)]);
  b.cluster.leader = { file: 'cluster/leader.json', value: '10.1.0.2:4647' };
  assert.deepEqual(clusterLeader(b), { name: 'b.global', address: '10.1.0.2:4647' });
  b.cluster.leader = { file: 'cluster/leader.json', value: '127.0.0.11:4647' }; // the serf address of a.global, on the RPC port
  assert.deepEqual(clusterLeader(b), { name: 'a.global', address: '127.0.0.11:4647' });
  b.cluster.leader = { file: 'cluster/leader.json', value: '10.9.9.9:4647' };
  assert.deepEqual(clusterLeader(b), { name: null, address: '10.9.9.9:4647' });
  b.cluster.leader = { file: 'cluster/leader.json', value: '' };
  assert.deepEqual(clusterLeader(b), { name: null, address: null });
});

test('latest interval holding a document, nodes by ID, agents of paths and targets', () => {
  const b = healthyCluster();
  interval(b, 1);
  assert.equal(latest(b, (i) => i.operatorRaft)?.index, 0);
  withNodes(b, [node('n1-uuid', 'c1'), node('n2-uuid', 'c2'), node('n1-uuid', 'again')]);
  assert.deepEqual(nodeById(b, 'n1-uuid')?.index, 0);
  assert.equal(nodeById(b, 'n2-uuid')?.node.Name, 'c2');
  assert.equal(nodeById(b, 'nope'), undefined);
  assert.deepEqual(agentOfPath('client/n1/monitor.log'), { kind: 'client', id: 'n1' });
  assert.equal(agentOfPath('cluster/nodes.json'), undefined);
  assert.deepEqual(agentOfTarget('server:s1.global'), { kind: 'server', id: 's1.global' });
});

test("an agent's fullest disk: the fuller of client stats and host data, with where it is said", () => {
  const a = withClientStats(agent(emptyBundle(), 'client', 'n1'), { DiskStats: [{ Mountpoint: '/', UsedPercent: 40 }, { Device: '/dev/sdb', UsedPercent: 85 }] });
  assert.deepEqual(fullestDisk(a), { pct: 85, mount: '/dev/sdb', file: 'client/n1/client-stats.json', path: ['DiskStats', 1, 'UsedPercent'] });
  withHost(a, { Disk: { '/var/lib/nomad': { DiskMB: 1000, UsedMB: 970 }, '/bad': { DiskMB: 0, UsedMB: 5 } } });
  assert.deepEqual(fullestDisk(a), { pct: 97, mount: '/var/lib/nomad', file: 'client/n1/agent-host.json', path: ['HostData', 'Disk', '/var/lib/nomad', 'UsedMB'] });
  assert.equal(fullestDisk(agent(emptyBundle(), 'client', 'n2')), undefined);
});

test('captureOf and capturesOfTarget: the manifest indexed once, the first record of a repeated path', () => {
  const b = emptyBundle();
  manifest(b, {
    captures: [
      capture('client/c1/agent-host.json', '/v1/agent/host', 'client:c1', 'TIMEOUT'),
      capture('client/c1/agent-host.json', '/v1/agent/host', 'client:c1'),
      capture('client/c2/agent-host.json', '/v1/agent/host', 'client:c2'),
    ],
  });
  assert.equal(captureOf(b, 'client/c1/agent-host.json')?.code, 'TIMEOUT');
  assert.equal(captureOf(b, 'client/c9/agent-host.json'), undefined);
  assert.deepEqual(capturesOfTarget(b, 'client:c1').map((c) => c.code), ['TIMEOUT', 'OK']);
  assert.deepEqual(capturesOfTarget(emptyBundle(), 'client:c1'), []);
});
