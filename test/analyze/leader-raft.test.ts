import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/leader-raft.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, autopilotServer, emptyBundle, has, healthyCluster, interval, member, withLog, withMembers } from './bundle-builder.ts';

test('leader-raft: silent on a healthy cluster', () => {
  assert.deepEqual(findingsOf(check.run(healthyCluster())), []);
});

test('leader-raft: no leader when leader.json is empty or an error gap', () => {
  const b = healthyCluster();
  b.cluster.leader = { file: 'cluster/leader.json', value: '' };
  assert.ok(has(findingsOf(check.run(b)), { severity: 'critical', subject: 'cluster', title: /No cluster leader/ }));
  delete b.cluster.leader;
  b.gaps.push({ file: 'cluster/leader.json', reason: 'Unexpected response code: 500 (No cluster leader)', code: 'ERROR_FILE' });
  const f = findingsOf(check.run(b)).find((x) => /leader/.test(x.title))!;
  assert.match(f.detail, /No cluster leader/);
});

test('leader-raft: without leader.json (Nomad before 1.4) the raft configuration decides; with neither, no claim', () => {
  const b = healthyCluster();
  delete b.cluster.leader;
  assert.ok(!has(findingsOf(check.run(b)), { title: /No cluster leader/ }), 'raft names a leader');
  for (const s of b.intervals.flatMap((i) => i.operatorRaft?.value.Servers ?? [])) s.Leader = false;
  assert.ok(has(findingsOf(check.run(b)), { severity: 'critical', title: /No cluster leader/ }), 'raft names none');
  for (const i of b.intervals) delete i.operatorRaft;
  assert.ok(!has(findingsOf(check.run(b)), { title: /No cluster leader/ }), 'nothing to go by');
});

test('leader-raft: a failed member still in raft, and an alive member missing from raft', () => {
  const b = healthyCluster();
  b.cluster.members!.value.Members[2]!.Status = 'failed';
  b.cluster.members!.value.Members.push(member('server-9.global', 'alive', {}, 9));
  const f = findingsOf(check.run(b));
  // the failed member is member-status's finding (it says it still counts as a raft voter): not a second one here
  assert.ok(!f.some((x) => x.subject === 'server-3.global'));
  assert.ok(has(f, { severity: 'warning', subject: 'server-9.global', title: /not a raft peer/ }));
});

test('leader-raft: a raft peer no member matches', () => {
  const b = healthyCluster();
  interval(b, 0).operatorRaft!.value.Servers.push({ ID: 'zzz', Node: 'old.global', Address: '10.0.0.9:4647', Leader: false, Voter: true });
  assert.ok(has(findingsOf(check.run(b)), { subject: 'old.global', title: /not a server member/ }));
});

test('leader-raft: autopilot unhealthy names the server, failure tolerance 0 with 3 voters is critical', () => {
  const b = healthyCluster();
  interval(b, 1).autopilotHealth = {
    file: 'interval/0001/operator-autopilot-health.json',
    value: { Healthy: false, FailureTolerance: 0, Servers: [autopilotServer('server-1.global', true, true), autopilotServer('server-2.global', false, true), autopilotServer('server-3.global', false, false, 'failed')] },
  };
  const f = findingsOf(check.run(b));
  const ap = f.find((x) => /autopilot reports/i.test(x.title))!;
  assert.equal(ap.severity, 'critical');
  assert.match(ap.detail, /server-3\.global/);
  assert.doesNotMatch(ap.detail, /server-2\.global/);
  assert.ok(ap.evidence.some((e) => e.file === 'interval/0001/operator-autopilot-health.json' && e.pointer === '/Servers/2/Healthy'));
  // the unhealthy server is the tolerance used up: one finding says both
  assert.equal(ap.title, 'Failure tolerance is 0: autopilot reports the cluster unhealthy');
  assert.equal(f.filter((x) => /autopilot|tolerance/i.test(x.title)).length, 1);
  assert.ok(ap.evidence.some((e) => e.pointer === '/FailureTolerance'));
});

test('leader-raft: failure tolerance 0 on a single server is a warning', () => {
  const b = healthyCluster();
  interval(b, 0).autopilotHealth!.value = { Healthy: true, FailureTolerance: 0, Servers: [autopilotServer('server-1.global', true, true)] };
  assert.ok(has(findingsOf(check.run(b)), { severity: 'warning', title: /Failure tolerance is 0/ }));
});

test('leader-raft: not evaluated with nothing to read', () => {
  notEvaluated(check.run(emptyBundle()));
});

/** A server's own agent-self with hashicorp/raft's Stats() strings. */
function raftStats(b: ReturnType<typeof healthyCluster>, id: string, raft: Record<string, unknown>) {
  agent(b, 'server', id, { self: { file: `server/${id}/agent-self.json`, value: { stats: { raft: raft as Record<string, string> } } } });
}

test('leader-raft: a server whose FSM trails its commit index is named, with both indexes as evidence', () => {
  const b = healthyCluster();
  raftStats(b, 'server-1.global', { applied_index: '5000', commit_index: '5000', fsm_pending: '0', state: 'Leader' });
  raftStats(b, 'server-2.global', { applied_index: '4820', commit_index: '5000', fsm_pending: '3', state: 'Follower' });
  raftStats(b, 'server-3.global', { applied_index: '4990', commit_index: '5000', fsm_pending: '0', state: 'Follower' });
  const f = findingsOf(check.run(b));
  assert.equal(f.length, 1, JSON.stringify(f));
  assert.ok(has(f, { severity: 'warning', subject: 'server-2.global', title: /trails its raft commit index by 180 entries/ }));
  assert.match(f[0]!.detail, /committed raft index 5000 .* applied only up to 4820 \(fsm_pending 3\)/);
  assert.deepEqual(f[0]!.evidence, [
    { file: 'server/server-2.global/agent-self.json', pointer: '/stats/raft/commit_index' },
    { file: 'server/server-2.global/agent-self.json', pointer: '/stats/raft/applied_index' },
  ]);
});

test('leader-raft: raft stats that are not index strings are no evidence of lag', () => {
  const b = healthyCluster();
  raftStats(b, 'server-2.global', { applied_index: 1, commit_index: '5000' });
  raftStats(b, 'server-3.global', { applied_index: '-4', commit_index: '9999999999999999999' });
  assert.deepEqual(findingsOf(check.run(b)), []);
});

test('leader-raft: leadership gained and lost in the servers\' logs is churn, counted per server; one acquisition alone is not', () => {
  const b = withMembers(emptyBundle(), [member('s1.global'), member('s2.global')]);
  b.cluster.leader = { file: 'cluster/leader.json', value: '127.0.0.1:4647' };
  const s1 = withLog(agent(b, 'server', 's1.global'), []);
  const s2 = withLog(agent(b, 'server', 's2.global'), []);
  s1.log!.leadership = [{ line: 4, event: 'lost', ts: Date.parse('2026-11-22T10:15:00Z') }, { line: 9, event: 'acquired', ts: Date.parse('2026-11-22T10:16:00Z') }];
  s2.log!.leadership = [{ line: 7, event: 'acquired', ts: Date.parse('2026-11-22T10:15:30Z') }];
  const f = findingsOf(check.run(b)).filter((x) => /Leadership changed/.test(x.title));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), ['warning cluster: Leadership changed 3 times in the captured logs']);
  assert.match(f[0]!.detail, /acquired 2 and lost 1 times between 2026-11-22T10:15:00.000Z and 2026-11-22T10:16:00.000Z \(s1.global: acquired ×1, lost ×1; s2.global: acquired ×1, lost ×0\)/);
  s1.log!.leadership = [];
  assert.deepEqual(findingsOf(check.run(b)).filter((x) => /Leadership changed/.test(x.title)), []);
});
