import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, reasons } from '../../src/analyze/checks/placement.ts';
import type { EvaluationStub } from '../../src/model/types.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { emptyBundle, healthyCluster, interval } from './bundle-builder.ts';

const FILE = 'interval/0001/evaluations.json';

function withEvals(evals: EvaluationStub[]) {
  const b = emptyBundle();
  interval(b, 0).evaluations = { file: 'interval/0000/evaluations.json', value: [] };
  interval(b, 1).evaluations = { file: FILE, value: evals };
  return b;
}

test('placement: a blocked job says why per task group, from the evaluation that holds the placement metrics', () => {
  const f = findingsOf(check.run(withEvals([
    { ID: 'e1', JobID: 'search-indexer', Status: 'complete', FailedTGAllocs: { indexer: { NodesEvaluated: 12, NodesExhausted: 12, DimensionExhausted: { memory: 12 }, CoalescedFailures: 2 } } },
    { ID: 'e2', JobID: 'search-indexer', Status: 'blocked', StatusDescription: 'created to place remaining allocations' },
    { ID: 'e3', Namespace: 'prod', JobID: 'ml-training', Status: 'complete', FailedTGAllocs: { train: { NodesEvaluated: 12, NodesFiltered: 12, ConstraintFiltered: { '${device.type} = gpu': 12 }, CoalescedFailures: 1 } } },
    { ID: 'e4', Namespace: 'prod', JobID: 'ml-training', Status: 'blocked' },
    { ID: 'e5', JobID: 'web', Status: 'complete' },
  ])));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), [
    'warning search-indexer: search-indexer: 3 allocations cannot be placed: memory exhausted on 12 nodes',
    'warning ml-training: ml-training: 2 allocations cannot be placed: constraint ${device.type} = gpu filtered 12 nodes',
  ]);
  assert.match(f[1]!.detail, /job ml-training \(namespace prod\), by task group: train: constraint/);
  assert.deepEqual(f[0]!.evidence.map((e) => `${e.file}#${e.pointer}`), [`${FILE}#/1/Status`, `${FILE}#/0/FailedTGAllocs/indexer`]);
});

test('placement: a blocked evaluation without metrics is still reported; reasons cover pools, quotas and classes', () => {
  const f = findingsOf(check.run(withEvals([{ ID: 'e', JobID: 'api', Status: 'failed', StatusDescription: 'maximum attempts reached (5)' }])));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.title, 'api: evaluation failed, allocations not placed');
  assert.match(f[0]!.detail, /maximum attempts reached/);
  assert.deepEqual(reasons({ NodesEvaluated: 0, NodesInPool: 0, NodesAvailable: { dc1: 0 } }), ['no node to evaluate (0 nodes in the pool; available by datacenter: dc1 0): check the job\'s datacenters and node pool']);
  assert.deepEqual(reasons({ QuotaExhausted: ['memory exhausted (65536 needed > 0 limit)'], ClassFiltered: { gpu: 2 }, ClassExhausted: { std: 1 } }),
    ['quota: memory exhausted (65536 needed > 0 limit)', 'node class gpu filtered 2 nodes', 'node class std exhausted on 1 node']);
});

test('placement: silent when everything is placed; not evaluated without evaluations', () => {
  assert.deepEqual(findingsOf(check.run(withEvals([{ ID: 'e', JobID: 'web', Status: 'complete', FailedTGAllocs: null }]))), []);
  notEvaluated(check.run(healthyCluster()));
});
