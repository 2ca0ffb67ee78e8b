import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/deployments.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { emptyBundle, healthyCluster, interval, withEvents } from './bundle-builder.ts';

const dep = (key: string, job: string, status: string, index: number, description = '') => ({ topic: 'Deployment', type: 'DeploymentStatusUpdate', key, job, status, index, description });

test('deployments: a job whose latest deployment failed is a warning with the reason; an earlier failure replaced since is info', () => {
  const b = withEvents(emptyBundle(), [
    dep('d-pay-1', 'payments-api', 'running', 10),
    dep('d-pay-1', 'payments-api', 'failed', 14, 'Failed due to progress deadline - rolling back to job version 3'),
    dep('d-web-1', 'web', 'failed', 11, 'Failed due to unhealthy allocations'),
    dep('d-web-2', 'web', 'successful', 20),
    dep('d-api-1', 'api', 'successful', 12),
  ]);
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), [
    'warning payments-api: The latest deployment of payments-api failed: Failed due to progress deadline - rolling back to job version 3',
    'info web: A deployment of web failed: Failed due to unhealthy allocations; a later one is successful',
  ]);
  assert.deepEqual(f[0]!.evidence.map((e) => `${e.file}:${e.line}#${e.pointer}`), ['cluster/eventstream.json:2#/Payload/Deployment/Status']);
});

test('deployments: the latest deployments.json counts too, and says the last word on a deployment the events also saw', () => {
  const b = withEvents(emptyBundle(), [dep('d1', 'web', 'failed', 10, 'Failed due to progress deadline')]);
  interval(b, 0).deployments = { file: 'interval/0000/deployments.json', value: [{ ID: 'd1', JobID: 'web', Status: 'failed', StatusDescription: 'Failed due to progress deadline', ModifyIndex: 12 }, { ID: 'd2', JobID: 'api', Status: 'failed', ModifyIndex: 9 }] };
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.subject} ${x.evidence[0]!.file}`), ['web interval/0000/deployments.json', 'api interval/0000/deployments.json']);
});

test('deployments: healthy deployments flag nothing; without deployments the check is not evaluated', () => {
  assert.deepEqual(findingsOf(check.run(withEvents(emptyBundle(), [dep('d1', 'web', 'running', 3), dep('d1', 'web', 'successful', 5)]))), []);
  notEvaluated(check.run(healthyCluster()));
});

test('deployments: many jobs failing the same way are one finding that keeps every job; another reason stays apart', () => {
  const events = Array.from({ length: 300 }, (_, i) => dep(`d-${i}`, `job-${i}`, 'failed', i + 1, 'Failed due to unhealthy allocations'));
  const b = withEvents(emptyBundle(), [...events, dep('d-x', 'odd', 'failed', 999, 'Failed due to progress deadline')]);
  const f = findingsOf(check.run(b));
  assert.equal(f.length, 2);
  const many = f.find((x) => x.subject === 'cluster')!;
  assert.equal(many.title, 'The latest deployments of 300 jobs failed: Failed due to unhealthy allocations');
  assert.equal(many.subjects!.length, 300);
  assert.ok(f.some((x) => x.subject === 'odd' && x.severity === 'warning'));
});
