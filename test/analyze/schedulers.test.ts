import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/schedulers.ts';
import type { SchedulerWorker } from '../../src/model/types.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, emptyBundle, has, interval } from './bundle-builder.ts';

const ALL = ['service', 'batch', 'system', 'sysbatch', '_core'];
const worker = (i: number, status: string, workload: string, enabled = ALL): SchedulerWorker => ({
  id: `w-${i}`, enabled_schedulers: enabled, started: '2026-11-22T10:00:00.000000001Z', status, workload_status: workload,
});

function withWorkers(b: ReturnType<typeof emptyBundle>, id: string, workers: SchedulerWorker[]) {
  const a = agent(b, 'server', id);
  a.schedulers = { file: `server/${id}/schedulers.json`, value: { server_id: id, schedulers: workers } };
}

test('schedulers: a server with all workers paused is critical, others silent', () => {
  const b = emptyBundle();
  withWorkers(b, 'server-1.global', [0, 1].map((i) => worker(i, 'Started', 'WaitingToDequeue')));
  withWorkers(b, 'server-2.global', [0, 1, 2, 3].map((i) => worker(i, 'Paused', 'Paused')));
  const f = findingsOf(check.run(b));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.subject, 'server-2.global');
  assert.equal(f[0]!.severity, 'critical');
  assert.match(f[0]!.title, /paused/);
});

test('schedulers: no scheduler enabled, and zero workers', () => {
  const b = emptyBundle();
  withWorkers(b, 's1', [worker(0, 'Started', 'WaitingToDequeue', [])]);
  withWorkers(b, 's2', []);
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { subject: 's1', severity: 'critical', title: /No scheduler enabled/ }));
  assert.ok(has(f, { subject: 's2', severity: 'critical', title: /no scheduler workers/ }));
});

test('schedulers: eval broker paused and job registration rejected', () => {
  const b = emptyBundle();
  interval(b, 0).operatorScheduler = { file: 'interval/0000/operator-scheduler.json', value: { SchedulerConfig: { SchedulerAlgorithm: 'binpack', PauseEvalBroker: true, RejectJobRegistration: true } } };
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'critical', subject: 'cluster', title: /eval broker is paused/ }));
  assert.ok(has(f, { severity: 'warning', subject: 'cluster', title: /registration is rejected/ }));
  interval(b, 0).operatorScheduler!.value.SchedulerConfig = { PauseEvalBroker: false, RejectJobRegistration: false };
  assert.deepEqual(findingsOf(check.run(b)), []);
});

test('schedulers: not evaluated without data', () => {
  notEvaluated(check.run(emptyBundle()));
});
