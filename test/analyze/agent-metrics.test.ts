// Each agent's own metrics (metrics_NNNN.json) in the model, the metrics-trends check and the
// report's metrics section: charts per agent, the leader's gauges read from the leader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import { check } from '../../src/analyze/checks/metrics-trends.ts';
import { buildBundle } from '../../src/model/bundle-builder.ts';
import { routePath, entryHandling } from '../../src/model/route-path.ts';
import { buildViewModel } from '../../src/report/view-model.ts';
import { findingsOf } from './assert-findings.ts';

const ROOT = 'nomad-debug-2026-12-05-040000Z';
const NODE = '3f1c2b9e-1111-2222-3333-444455556666';

const metrics = (host: string, gauges: Record<string, number>) =>
  JSON.stringify({ Timestamp: '2026-12-05 04:00:00 +0000 UTC', Gauges: Object.entries(gauges).map(([Name, Value]) => ({ Name, Value, Labels: { host } })), Counters: [], Samples: [], Points: [] });

const leaderGauges = (i: number) => ({ 'nomad.runtime.num_goroutines': 300, 'nomad.nomad.broker.total_ready': 2 + i, 'nomad.nomad.heartbeat.active': 40, 'nomad.nomad.plan.queue_depth': 0, 'nomad.nomad.blocked_evals.total_blocked': 0, 'nomad.raft.leader.oldestLogAge': 1000 });
const followerGauges = () => ({ 'nomad.runtime.num_goroutines': 280, 'nomad.nomad.broker.total_ready': 0, 'nomad.nomad.heartbeat.active': 0, 'nomad.nomad.plan.queue_depth': 0, 'nomad.nomad.blocked_evals.total_blocked': 0 });

function bundle(opts: { leak: boolean; members?: boolean } = { leak: true }) {
  const entries: [string, string][] = [];
  if (opts.members !== false) {
    entries.push([`${ROOT}/cluster/members.json`, JSON.stringify({ Members: ['server-1.global', 'server-2.global'].map((Name, i) => ({ Name, Addr: `127.0.0.1${i + 1}`, Port: 4648, Status: 'alive', Tags: { role: 'nomad', port: '4647' } })) })]);
    entries.push([`${ROOT}/cluster/leader.json`, JSON.stringify('127.0.0.12:4647')]);
  }
  for (let i = 0; i < 4; i++) {
    const n = String(i).padStart(4, '0');
    entries.push([`${ROOT}/server/server-1.global/metrics_${n}.json`, metrics('server-1', followerGauges())]);
    entries.push([`${ROOT}/server/server-2.global/metrics_${n}.json`, metrics('server-2', leaderGauges(i))]);
    entries.push([`${ROOT}/client/${NODE}/metrics_${n}.json`, metrics('client-1', { 'nomad.runtime.num_goroutines': opts.leak ? 400 + i * 300 : 400, 'nomad.client.allocations.running': 3 })]);
  }
  return buildBundle(entries);
}

test('the model routes metrics_NNNN.json of each agent and keeps its rounds in order', () => {
  const r = routePath('client/abc/metrics_0012.json');
  assert.deepEqual(r.area === 'agent' && r.file, { what: 'metrics', round: 12 });
  assert.equal(entryHandling(r), 'whole');
  assert.deepEqual(routePath('client/abc/metrics.json').area === 'agent' && routePath('client/abc/metrics.json'), { area: 'agent', kind: 'client', id: 'abc', dir: 'client/abc', file: { what: 'other' } });
  const b = bundle();
  const c = b.clients[0]!;
  assert.deepEqual(c.metrics.map((m) => m.round), [0, 1, 2, 3]);
  assert.equal(c.metrics[0]!.file, `client/${NODE}/metrics_0000.json`);
});

test('a broken metrics file is a gap on that file, the other rounds still read', () => {
  const b = buildBundle([
    [`${ROOT}/client/${NODE}/metrics_0000.json`, '{"Gauges": [{"Name": '],
    [`${ROOT}/client/${NODE}/metrics_0001.json`, metrics('client-1', { 'nomad.runtime.num_goroutines': 1 })],
  ]);
  assert.deepEqual(b.clients[0]!.metrics.map((m) => m.round), [1]);
  assert.ok(b.gaps.some((g) => g.file === `client/${NODE}/metrics_0000.json`));
});

test('metrics-trends reads each agent\'s own metrics: a client whose goroutines grow is named (node id)', () => {
  const f = findingsOf(check.run(bundle()));
  const grow = f.find((x) => /Goroutines grow in every snapshot/.test(x.title));
  assert.ok(grow, JSON.stringify(f.map((x) => x.title)));
  assert.equal(grow.subject, NODE);
  assert.deepEqual(grow.evidence.map((e) => e.file), [`client/${NODE}/metrics_0000.json`, `client/${NODE}/metrics_0003.json`]);
  assert.ok(!findingsOf(check.run(bundle({ leak: false }))).some((x) => /Goroutines grow/.test(x.title)));
});

test("the report charts every agent's metrics and reads the leader's gauges from the leader (by leader.json, else raft.leader.*)", () => {
  for (const members of [true, false]) {
    const b = bundle({ leak: true, members });
    const v = buildViewModel(b, analyze(b), { generatedAt: '2026-12-05T05:00:00Z' }).metrics;
    assert.equal(v.error, null);
    assert.equal(v.missing, null);
    assert.equal(v.perAgent.agents, 3);
    assert.equal(v.perAgent.leader, 'server-2.global', `members: ${members}`);
    const titles = v.perAgent.charts.map((c) => c.title);
    assert.ok(titles.includes('Goroutines per agent'), titles.join(' | '));
    assert.ok(titles.includes('Eval broker: ready evaluations, on the leader server-2.global'));
    assert.ok(titles.includes('Client heartbeats tracked, on the leader server-2.global'));
    const goroutines = v.perAgent.charts.find((c) => c.title === 'Goroutines per agent')!;
    assert.match(goroutines.svg, /server-2\.global \(leader\)/);
  }
});
