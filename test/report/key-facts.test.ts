// The key facts diff compares: the cluster-wide ones always (when either bundle holds them), a
// server or node only where it differs; the leader by name from the raft configuration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKeyFacts } from '../../src/report/key-facts.ts';
import { degradedBundle, emptyBundle, healthyCluster, interval, nodeIdOf, node, withNodes } from '../analyze/bundle-builder.ts';

const byKey = (facts: ReturnType<typeof compareKeyFacts>) => new Map(facts.map((f) => [f.key, f]));

test('healthy → degraded: versions, statuses, a failed server and a down node; the same leader', () => {
  const healthy = healthyCluster();
  withNodes(healthy, [1, 2, 3, 4, 5].map((n) => node(nodeIdOf(n), `client-${n}`)));
  const iv = interval(healthy, 0);
  iv.jobs = { file: 'interval/0000/jobs.json', value: [{ ID: 'web', Status: 'running' }, { ID: 'api', Status: 'running' }] };
  iv.allocations = { file: 'interval/0000/allocations.json', value: [{ ID: 'a1', ClientStatus: 'running' }, { ID: 'a2', ClientStatus: 'running' }] };
  const degraded = degradedBundle();
  const d = interval(degraded, 0);
  d.jobs = { file: 'interval/0000/jobs.json', value: [{ ID: 'web', Status: 'running' }, { ID: 'api', Status: 'pending' }] };
  d.allocations = { file: 'interval/0000/allocations.json', value: [{ ID: 'a1', ClientStatus: 'running' }, { ID: 'a2', ClientStatus: 'lost' }] };

  const facts = byKey(compareKeyFacts(healthy, degraded));
  assert.deepEqual(facts.get('leader'), { key: 'leader', label: 'Leader', before: 'server-1.global', after: 'server-1.global', changed: false });
  assert.equal(facts.get('servers')?.after, '2 alive, 1 failed, 1 left');
  assert.equal(facts.get('clients')?.after, '4 ready, 1 down');
  assert.equal(facts.get('jobs')?.after, '1 pending, 1 running');
  assert.deepEqual([facts.get('allocations')?.before, facts.get('allocations')?.after], ['2 running', '1 lost, 1 running']);
  assert.ok(facts.get('server-versions')?.changed);
  assert.deepEqual([facts.get('server:server-3.global')?.before, facts.get('server:server-3.global')?.after], ['alive, 1.10.5', 'failed, 1.10.5']);
  assert.equal(facts.get('server:server-4.global')?.before, null, 'a server only AFTER holds');
  assert.match(facts.get(`client:${nodeIdOf(3)}`)!.label, /^Node client-3 \(0000000/);
  assert.equal(facts.has('server:server-1.global'), false, 'an unchanged server is not listed');
  assert.equal(facts.has(`client:${nodeIdOf(1)}`), false);
});

test('a bundle against itself: every fact unchanged; facts neither bundle holds are left out', () => {
  const b = degradedBundle();
  const facts = compareKeyFacts(b, structuredClone(b));
  assert.ok(facts.length >= 5);
  assert.deepEqual(facts.filter((f) => f.changed), []);
  const none = compareKeyFacts(emptyBundle(), emptyBundle());
  assert.deepEqual(none, []);
});
