import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, lastReason } from '../../src/analyze/checks/allocations.ts';
import type { AllocationStub, TaskEvent } from '../../src/model/types.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { emptyBundle, healthyCluster, interval, withEvents } from './bundle-builder.ts';

const oom: TaskEvent = { Type: 'Terminated', ExitCode: 137, Details: { oom_killed: 'true', exit_code: '137' } };
const restarting: TaskEvent = { Type: 'Restarting', DisplayMessage: 'Task restarting in 16.8s' };

function withAllocs(allocs: AllocationStub[]) {
  const b = emptyBundle();
  interval(b, 0).allocations = { file: 'interval/0000/allocations.json', value: allocs };
  return b;
}

test('allocations: a task restarted again and again is a crash loop named by job and task, with the reason', () => {
  const loop = (id: string) => ({ ID: id, JobID: 'checkout', ClientStatus: 'running', TaskStates: { checkout: { State: 'running', Restarts: 6, Events: [oom, restarting] }, sidecar: { State: 'running', Restarts: 0, Events: [] } } });
  const f = findingsOf(check.run(withAllocs([loop('a1'), loop('a2'), { ID: 'a3', JobID: 'web', ClientStatus: 'running', TaskStates: { web: { Restarts: 1, Events: [oom] } } }])));
  assert.equal(f.length, 1);
  assert.deepEqual([f[0]!.severity, f[0]!.subject, f[0]!.title], ['warning', 'checkout', 'checkout/checkout is crash-looping: OOM killed']);
  assert.match(f[0]!.detail, /restarted 12 times across 2 allocations; last reasons: OOM killed \(2\)\. It uses more memory than it reserves/);
  assert.deepEqual(f[0]!.evidence.map((e) => e.pointer), ['/0/TaskStates/checkout/Restarts', '/1/TaskStates/checkout/Restarts']);
});

test('allocations: failed tasks are grouped by job and task with their reasons; failed siblings are not blamed', () => {
  const failed = (id: string, events: TaskEvent[]) => ({ ID: id, JobID: 'etl', ClientStatus: 'failed', TaskStates: { extract: { State: 'dead', Failed: true, Events: events }, load: { State: 'dead', Failed: false, Events: [] } } });
  const f = findingsOf(check.run(withAllocs([failed('a', [{ Type: 'Terminated', ExitCode: 2 }]), failed('b', [{ Type: 'Driver Failure', DriverError: 'image not found' }])])));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), ['info etl: etl/extract failed in 2 allocations: exit code 2']);
  assert.match(f[0]!.detail, /reasons: exit code 2 \(1\) and driver error: image not found \(1\)|reasons: exit code 2 \(1\), driver error: image not found \(1\)/);
});

test('allocations: the newest telling event decides; silent when healthy; not evaluated without allocations', () => {
  assert.equal(lastReason([oom, restarting, { Type: 'Started' }]), 'OOM killed');
  assert.equal(lastReason([{ Type: 'Template', DisplayMessage: 'Missing: vault.read(secret/db)' }]), 'template: Missing: vault.read(secret/db)');
  assert.equal(lastReason([{ Type: 'Task Setup', VaultError: 'permission denied' }]), 'Vault: permission denied');
  assert.equal(lastReason([{ Type: 'Terminated', ExitCode: 0 }, { Type: 'Started' }]), undefined);
  assert.deepEqual(findingsOf(check.run(withAllocs([{ ID: 'x', JobID: 'web', ClientStatus: 'running', TaskStates: { web: { State: 'running', Restarts: 0 } } }]))), []);
  notEvaluated(check.run(healthyCluster()));
});

test('allocations: the event stream adds the allocations the last snapshot no longer lists, each by its last event', () => {
  const loop = { checkout: { State: 'running', Restarts: 5, Events: [oom, restarting] } };
  const b = withAllocs([{ ID: 'a1', JobID: 'checkout', ClientStatus: 'running', TaskStates: loop }]);
  withEvents(b, [
    // a1 is in the snapshot: its events are not counted twice
    { topic: 'Allocation', type: 'AllocationUpdated', key: 'a1', job: 'checkout', status: 'running', tasks: loop },
    // a9 was replaced before the snapshot: it ran, then crash-looped
    { topic: 'Allocation', type: 'AllocationUpdated', key: 'a9', job: 'checkout', status: 'running', tasks: { checkout: { State: 'running', Restarts: 0 } } },
    { topic: 'Allocation', type: 'AllocationUpdated', key: 'a9', job: 'checkout', status: 'failed', tasks: loop, at: 2 },
  ]);
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), ['warning checkout: checkout/checkout is crash-looping: OOM killed']);
  assert.match(f[0]!.detail, /restarted 10 times across 2 allocations/);
  assert.deepEqual(f[0]!.evidence.map((e) => `${e.file}:${e.line ?? ''}#${e.pointer}`), [
    'interval/0000/allocations.json:#/0/TaskStates/checkout/Restarts', 'cluster/eventstream.json:3#/Events/2/Payload/Allocation/TaskStates/checkout/Restarts',
  ]);
  // with only the event stream, the check still runs
  const only = withEvents(emptyBundle(), [{ topic: 'Allocation', key: 'a9', job: 'etl', status: 'failed', tasks: { load: { State: 'dead', Failed: true, Events: [{ Type: 'Terminated', ExitCode: 3 }] } } }]);
  assert.deepEqual(findingsOf(check.run(only)).map((x) => x.title), ['etl/load failed in 1 allocation: exit code 3']);
});

test('allocations: tasks of one job failing for the same reason are one finding; another reason stays apart', () => {
  const step = (task: string, code: number) => ({ State: 'dead', Failed: true, Events: [{ Type: 'Terminated', ExitCode: code }] });
  const f = findingsOf(check.run(withAllocs([
    { ID: 'a', JobID: 'etl', ClientStatus: 'failed', TaskStates: { extract: step('extract', 1), load: step('load', 1), report: step('report', 2) } },
    { ID: 'b', JobID: 'etl', ClientStatus: 'failed', TaskStates: { extract: step('extract', 1), load: step('load', 1) } },
  ])));
  assert.deepEqual(f.map((x) => x.title).sort(), ['etl/extract and load failed in 2 allocations: exit code 1', 'etl/report failed in 1 allocation: exit code 2']);
});
