import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/version-skew.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { emptyBundle, has, healthyCluster, node, withNodes } from './bundle-builder.ts';

test('version-skew: servers on different builds', () => {
  const b = healthyCluster();
  b.cluster.members!.value.Members[1]!.Tags!.build = '1.9.7';
  const f = findingsOf(check.run(b));
  const v = f.find((x) => /different Nomad versions/.test(x.title))!;
  assert.equal(v.severity, 'warning');
  assert.match(v.detail, /1\.9\.7: server-2\.global/);
  assert.ok(v.evidence.some((e) => e.pointer === '/Members/1/Tags/build'));
});

test('version-skew: failed members do not count; clients newer than servers do', () => {
  const b = healthyCluster();
  b.cluster.members!.value.Members[2]!.Tags!.build = '1.8.0';
  b.cluster.members!.value.Members[2]!.Status = 'failed';
  withNodes(b, [node('n1', 'client-1', 'ready', { Version: '1.11.0' }), node('n2', 'client-2', 'ready', { Version: '1.10.5' })]);
  const f = findingsOf(check.run(b));
  assert.ok(!has(f, { title: /different Nomad versions/ }));
  const c = f.find((x) => /newer than the servers/.test(x.title))!;
  assert.match(c.detail, /client-1 \(1\.11\.0\)/);
  assert.doesNotMatch(c.detail, /client-2/);
});

test('version-skew: clients as new as the newest server are fine during a server upgrade', () => {
  const b = healthyCluster();
  b.cluster.members!.value.Members[1]!.Tags!.build = '1.9.7';
  withNodes(b, [node('n1', 'client-1', 'ready', { Version: '1.10.5' })]);
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => x.title), ['Servers run 2 different Nomad versions']);
});

test('version-skew: raft protocol skew', () => {
  const b = healthyCluster();
  b.cluster.members!.value.Members[0]!.Tags!.raft_vsn = '2';
  assert.ok(has(findingsOf(check.run(b)), { severity: 'warning', title: /raft protocol/ }));
});

test('version-skew: silent when uniform, not evaluated without members', () => {
  assert.deepEqual(findingsOf(check.run(healthyCluster())), []);
  notEvaluated(check.run(emptyBundle()));
});
