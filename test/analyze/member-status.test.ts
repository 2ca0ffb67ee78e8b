import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/member-status.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { emptyBundle, healthyCluster, member, withMembers } from './bundle-builder.ts';

test('member-status: failed is critical, left and leaving are warnings, with pointers', () => {
  const b = withMembers(emptyBundle(), [member('server-1.global'), member('server-3.global', 'failed'), member('server-4.global', 'left'), member('server-5.global', 'leaving')]);
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => [x.subject, x.severity]), [['server-3.global', 'critical'], ['server-4.global', 'warning'], ['server-5.global', 'warning']]);
  assert.equal(f[0]!.title, 'server-3.global is failed');
  assert.deepEqual(f[0]!.evidence, [{ file: 'cluster/members.json', pointer: '/Members/1/Status' }]);
  assert.equal(f[1]!.evidence[0]!.pointer, '/Members/2/Status');
});

test('member-status: silent on a healthy cluster, not evaluated without members', () => {
  assert.deepEqual(findingsOf(check.run(healthyCluster())), []);
  assert.match(notEvaluated(check.run(emptyBundle())), /members\.json/);
});
