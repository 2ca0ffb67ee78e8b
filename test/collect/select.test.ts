import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Member, NodeStub } from '../../src/nomad/api.ts';
import { selectClients, selectServers } from '../../src/collect/select.ts';

const member = (name: string, addr: string, status = 'alive', region = 'global'): Member => ({
  Name: name,
  Addr: addr,
  Port: 4648,
  Status: status,
  Tags: { region, port: '4647', rpc_addr: addr },
});

const members = [
  member('srv1.global', '127.0.0.11'),
  member('srv2.global', '127.0.0.12'),
  member('srv3.global', '127.0.0.13', 'failed'),
  member('east1.east', '127.0.0.21', 'alive', 'east'),
];

const nodes: NodeStub[] = [
  { ID: 'b2000000-0000-0000-0000-000000000000', Name: 'web-2', NodeClass: 'web', Status: 'ready' },
  { ID: 'a1000000-0000-0000-0000-000000000000', Name: 'web-1', NodeClass: 'web', Status: 'ready' },
  { ID: 'a1200000-0000-0000-0000-000000000000', Name: 'db-1', NodeClass: 'db', Status: 'down' },
  { ID: 'c3000000-0000-0000-0000-000000000000', Name: 'web-3', NodeClass: 'web', Status: 'ready' },
];

test('servers: all keeps the region of the agent, sorted, other regions left out', () => {
  const s = selectServers(members, { serverIds: ['all'], region: 'global', leaderAddr: undefined });
  assert.deepEqual(s.selected.map((t) => t.id), ['srv1.global', 'srv2.global', 'srv3.global']);
});

test('servers: leader resolves to the member whose RPC address is the leader', () => {
  const s = selectServers(members, { serverIds: ['leader'], region: 'global', leaderAddr: '127.0.0.12:4647' });
  assert.deepEqual(s.selected.map((t) => t.id), ['srv2.global']);
  const none = selectServers(members, { serverIds: ['leader'], region: 'global', leaderAddr: '' });
  assert.equal(none.selected.length, 0);
  assert.deepEqual(none.skipped, [{ id: 'leader', reason: 'no cluster leader' }]);
});

test('servers: prefixes, no duplicates, empty list selects nothing', () => {
  const s = selectServers(members, { serverIds: ['srv1', 'srv', 'leader'], region: 'global', leaderAddr: '127.0.0.11:4647' });
  assert.deepEqual(s.selected.map((t) => t.id), ['srv1.global', 'srv2.global', 'srv3.global']);
  assert.equal(selectServers(members, { serverIds: [], region: 'global', leaderAddr: undefined }).selected.length, 0);
  const miss = selectServers(members, { serverIds: ['east'], region: 'global', leaderAddr: undefined });
  assert.equal(miss.selected.length, 0);
  assert.match(miss.skipped[0]!.reason, /another region/);
});

test('servers: a hostile member name is kept as data (the writer sanitises it)', () => {
  const s = selectServers([member('../../x.global', '127.0.0.9')], { serverIds: ['all'], region: 'global', leaderAddr: undefined });
  assert.equal(s.selected[0]!.id, '../../x.global');
});

test('clients: all, sorted by ID, cap exact, the rest recorded as skipped', () => {
  const c = selectClients(nodes, { nodeIds: ['all'], nodeClass: undefined, maxNodes: 2 });
  assert.deepEqual(c.selected.map((t) => t.name), ['web-1', 'db-1']);
  assert.equal(c.skipped.length, 2);
  assert.ok(c.skipped.every((s) => /max-nodes 2/.test(s.reason)));
});

test('clients: overlapping prefixes give no duplicates and do not pass the cap', () => {
  const c = selectClients(nodes, { nodeIds: ['a', 'a1', 'all', 'b'], nodeClass: undefined, maxNodes: 3 });
  assert.equal(c.selected.length, 3);
  assert.equal(new Set(c.selected.map((t) => t.id)).size, 3);
});

test('clients: a one-character prefix selects by that prefix only', () => {
  const c = selectClients(nodes, { nodeIds: ['c'], nodeClass: undefined, maxNodes: 0 });
  assert.deepEqual(c.selected.map((t) => t.name), ['web-3']);
});

test('clients: class filter, class alone means all, empty list selects none, unknown prefix is recorded', () => {
  const c = selectClients(nodes, { nodeIds: [], nodeClass: 'db', maxNodes: 0 });
  assert.deepEqual(c.selected.map((t) => t.name), ['db-1']);
  assert.equal(selectClients(nodes, { nodeIds: [], nodeClass: undefined, maxNodes: 0 }).selected.length, 0);
  const miss = selectClients(nodes, { nodeIds: ['ffff'], nodeClass: undefined, maxNodes: 0 });
  assert.deepEqual(miss.skipped, [{ id: 'ffff', reason: 'no node matches' }]);
});
