import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/metrics-trends.ts';
import type { Bundle } from '../../src/model/types.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { emptyBundle, has, interval, member, withMembers } from './bundle-builder.ts';

function withGauges(b: Bundle, series: Record<string, number[]>) {
  const n = Math.max(...Object.values(series).map((v) => v.length));
  for (let i = 0; i < n; i++) {
    interval(b, i).metrics = {
      file: `interval/000${i}/metrics.json`,
      value: { Timestamp: '2026-11-22 10:15:00 +0000 UTC', Gauges: Object.entries(series).map(([Name, v]) => ({ Name, Value: v[i]!, Labels: { host: 'server-1' } })), Counters: [], Samples: [], Points: [] },
    };
  }
}

test('metrics-trends: blocked evals and goroutines growing across snapshots', () => {
  const b = emptyBundle();
  withGauges(b, { 'nomad.nomad.blocked_evals.total_blocked': [2, 5, 9], 'nomad.runtime.num_goroutines': [300, 400, 500], 'nomad.runtime.alloc_bytes': [5e7, 4e7, 6e7] });
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'warning', subject: 'server-1', title: /Blocked evaluations grow/ }));
  assert.ok(has(f, { severity: 'warning', subject: 'server-1', title: /Goroutines grow/ }));
  assert.ok(!has(f, { title: /heap/i }));
  assert.equal(f.find((x) => /Blocked/.test(x.title))!.evidence[1]!.file, 'interval/0002/metrics.json');
  // with members known, the host label maps to the server member
  withMembers(b, [member('server-1.global')]);
  assert.ok(has(findingsOf(check.run(b)), { subject: 'server-1.global', title: /Goroutines grow/ }));
});

test('metrics-trends: steady values are silent; steady blocked evals are info', () => {
  const b = emptyBundle();
  withGauges(b, { 'nomad.runtime.num_goroutines': [300, 290, 300], 'nomad.nomad.blocked_evals.total_blocked': [0, 0, 0] });
  assert.deepEqual(findingsOf(check.run(b)), []);
  withGauges(b, { 'nomad.nomad.blocked_evals.total_blocked': [3, 3, 3] });
  assert.ok(has(findingsOf(check.run(b)), { severity: 'info', title: /3 blocked evaluations/ }));
});

test('metrics-trends: lost allocations in the latest snapshot (blocked evaluations and failed tasks are other checks\' now)', () => {
  const b = emptyBundle();
  interval(b, 0).evaluations = { file: 'interval/0000/evaluations.json', value: [{ ID: '1', Status: 'blocked', JobID: 'web' }] };
  interval(b, 0).allocations = { file: 'interval/0000/allocations.json', value: [{ ID: 'a', ClientStatus: 'lost', JobID: 'web' }, { ID: 'b', ClientStatus: 'failed', JobID: 'batch' }, { ID: 'c', ClientStatus: 'running', JobID: 'web' }] };
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.title}`), ['warning 1 allocation lost']);
  notEvaluated(check.run(emptyBundle()));
});

test('metrics-trends: the leader\'s eval broker and plan queue are judged by their height, not by growth', () => {
  const b = emptyBundle();
  withGauges(b, { 'nomad.nomad.broker.total_ready': [1, 2, 3], 'nomad.nomad.plan.queue_depth': [4, 18, 25] });
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.title}`), ['warning 25 plans queued at the leader on server-1']);
  assert.match(f[0]!.detail, /applies plans one at a time through raft/);
});
