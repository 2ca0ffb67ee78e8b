// The diff of two analysed bundles: findings compared, key facts, and names for the node ids a
// grouped finding is no longer (or now also) on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalysisResult, Finding } from '../../src/analyze/types.ts';
import { diffBundles, subjectLabel } from '../../src/report/bundle-diff.ts';
import { healthyCluster, node, nodeIdOf as C, withNodes } from '../analyze/bundle-builder.ts';

const grouped = (subjects: string[]): Finding =>
  ({ check: 'profiles', severity: 'info', subject: 'cluster', subjects, title: `hottest x on ${subjects.length} of 4 agents`, detail: '', evidence: [] });
const result = (findings: Finding[]): AnalysisResult =>
  ({ tool: { name: 'nomad-debug', version: 't' }, bundle: { layout: 'nomad', createdAt: null, servers: 3, clients: 4 }, summary: { critical: 0, warning: 0, info: findings.length }, findings, notEvaluated: [] });

test('node ids a group is no longer on are named from the bundles; a crafted "__proto__" id is an own key', () => {
  const before = withNodes(healthyCluster(), [node(C(1), 'client-1'), node(C(2), 'client-2'), node(C(3), 'client-3'), node('__proto__', 'evil')]);
  const after = withNodes(healthyCluster(), [node(C(1), 'client-1'), node(C(2), 'client-2')]);
  const d = diffBundles(
    { file: 'a', bundle: before, result: result([grouped([C(1), C(2), C(3), '__proto__', 'server-2.global'])]) },
    { file: 'b', bundle: after, result: result([grouped([C(1), C(2)])]) },
  );
  assert.deepEqual(d.changed[0]!.subjectsGone, [C(3), '__proto__', 'server-2.global']);
  assert.equal(subjectLabel(d, C(3)), `client-3 (${C(3).slice(0, 8)})`, 'named by the bundle that still lists it');
  assert.equal(subjectLabel(d, 'server-2.global'), 'server-2.global');
  assert.equal(subjectLabel(d, '__proto__'), 'evil (__proto_)');
  assert.deepEqual(JSON.parse(JSON.stringify(d)).labels, { [C(3)]: `client-3 (${C(3).slice(0, 8)})`, ['__proto__']: 'evil (__proto_)' });
  assert.equal(subjectLabel(d, 'constructor'), 'constructor', 'no inherited keys');
  assert.equal(d.facts.find((f) => f.key === 'clients')?.after, '2 ready');
});
