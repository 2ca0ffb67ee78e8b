import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, medianWithout } from '../../src/analyze/checks/logs.ts';
import { errorTimeline, maxErrorsInWindow, normalizeMessage, topMessages } from '../../src/analyze/log-aggregates.ts';
import type { LogEntry } from '../../src/model/types.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, emptyBundle, has, member, withLog, withMembers } from './bundle-builder.ts';

const T0 = Date.parse('2026-11-22T10:15:00Z');
const rpcErr = (i: number, spacingMs = 1000): Partial<LogEntry> => ({
  level: 'ERROR', module: 'client.rpc', ts: T0 + i * spacingMs, time: new Date(T0 + i * spacingMs).toISOString(),
  message: 'error performing RPC to server',
  fields: `error="rpc error: failed to get conn: dial tcp 127.0.0.13:4647: connect: connection refused" rpc=Node.UpdateAlloc server=127.0.0.13:4647`,
});

test('normalizeMessage replaces numbers, addresses, ids, hex and quoted values', () => {
  assert.equal(
    normalizeMessage('failed to contact: server-id=172.31.116.166:4647 time=881.118946ms'),
    'failed to contact: server-id=<ip> time=<dur>',
  );
  assert.equal(normalizeMessage('node 83ce18e2-c653-7a9f-2cd4-b03d8bfac6ba missed 3 heartbeats'), 'node <uuid> missed <n> heartbeats');
  assert.equal(normalizeMessage('bad "x y" at 0xc000123 hash deadbeefdeadbeef'), 'bad "<str>" at <hex> hash <hex>');
  assert.equal(normalizeMessage('a'), 'a');
});

test('topMessages groups by level, module and normalised text across agents', () => {
  const b = emptyBundle();
  withLog(agent(b, 'client', 'c1'), [
    { level: 'WARN', module: 'nomad.raft', message: 'failed to contact: server-id=10.0.0.1:4647 time=10ms' },
    { level: 'WARN', module: 'nomad.raft', message: 'failed to contact: server-id=10.0.0.2:4647 time=12ms' },
    { level: 'ERROR', module: 'worker', message: 'failed to dequeue evaluation' },
  ]);
  withLog(agent(b, 'client', 'c2'), [{ level: 'WARN', module: 'nomad.raft', message: 'failed to contact: server-id=10.0.0.3:4647 time=1.5s' }]);
  const top = topMessages(b);
  assert.equal(top[0]!.level, 'ERROR');
  const raft = top.find((t) => t.module === 'nomad.raft')!;
  assert.equal(raft.count, 3);
  assert.deepEqual(raft.agents, [{ id: 'c1', count: 2 }, { id: 'c2', count: 1 }]);
  assert.deepEqual(raft.first, { file: 'client/c1/monitor.log', line: 1 });
});

test('logs: an agent far above the others gets an error burst warning', () => {
  const b = emptyBundle();
  withLog(agent(b, 'client', 'noisy'), Array.from({ length: 40 }, (_, i) => rpcErr(i, 10_000)), { extraInfo: 100 });
  for (const id of ['q1', 'q2', 'q3']) withLog(agent(b, 'client', id), [rpcErr(0), { level: 'WARN', module: 'client', message: 'slow' }], { extraInfo: 100 });
  const f = findingsOf(check.run(b));
  const burst = f.filter((x) => /Error burst/.test(x.title));
  assert.deepEqual(burst.map((x) => [x.subject, x.severity]), [['noisy', 'warning']]);
  assert.match(burst[0]!.detail, /40 ERROR lines against a median of 1/);
  assert.ok(has(f, { severity: 'warning', subject: 'cluster', title: /"connection refused" logged 43 times on 4 agents/ }));
  assert.ok(has(f, { severity: 'info', subject: 'cluster', title: /43 errors and 3 warnings in 4 agent logs/ }));
});

test('logs: many errors in one minute on a single agent is a burst', () => {
  const b = emptyBundle();
  withLog(agent(b, 'server', 's1'), Array.from({ length: 35 }, (_, i) => rpcErr(i, 500)));
  assert.equal(maxErrorsInWindow(b.servers[0]!.log!.entries, 60_000).count, 35);
  assert.ok(has(findingsOf(check.run(b)), { subject: 's1', title: /Error burst/ }));
  const spread = emptyBundle();
  withLog(agent(spread, 'server', 's1'), Array.from({ length: 35 }, (_, i) => rpcErr(i, 120_000)));
  assert.ok(!has(findingsOf(check.run(spread)), { title: /Error burst/ }));
});

test('logs: known patterns name the agent; a stream error marks the log incomplete', () => {
  const b = emptyBundle();
  withLog(agent(b, 'server', 'server-1.global'), [
    { level: 'ERROR', module: 'nomad.rpc', message: 'rejecting client for exceeding maximum RPC connections', fields: 'remote_addr=172.16.1.101:46868 limit=100' },
    { level: 'WARN', module: 'nomad.raft', message: 'Election timeout reached, restarting election' },
  ], { streamError: 'Unexpected response code: 403 (Permission denied)' });
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { subject: 'server-1.global', severity: 'warning', title: /"rpc connection limit" logged 1 time on server-1.global/ }));
  assert.ok(has(f, { subject: 'server-1.global', severity: 'warning', title: /"election timeout"/ }));
  assert.ok(has(f, { subject: 'server-1.global', severity: 'info', title: /incomplete/ }));
});

test('logs: a quiet healthy log has no warning; not evaluated without logs', () => {
  const b = emptyBundle();
  withLog(agent(b, 'server', 's1'), [{ level: 'WARN', module: 'agent', message: 'something mild' }], { extraInfo: 10 });
  assert.ok(!has(findingsOf(check.run(b)), { severity: 'warning' }));
  notEvaluated(check.run(emptyBundle()));
});

test('logs: a burst needs at least 10 errors and three times the others\' median', () => {
  const run = (mine: number, others: number) => {
    const b = emptyBundle();
    withLog(agent(b, 'client', 'x'), Array.from({ length: mine }, (_, i) => rpcErr(i, 30_000)));
    for (const id of ['o1', 'o2']) withLog(agent(b, 'client', id), Array.from({ length: others }, (_, i) => rpcErr(i, 30_000)));
    return has(findingsOf(check.run(b)), { subject: 'x', title: /Error burst/ });
  };
  assert.equal(run(9, 0), false);
  assert.equal(run(12, 1), true);
  assert.equal(run(12, 5), false);
});

test('errorTimeline: every agent on one time axis, errors and warnings per bucket, most errors first', () => {
  const b = emptyBundle();
  const t0 = Date.parse('2026-11-22T10:00:00Z');
  withLog(agent(b, 'client', 'quiet'), [{ level: 'WARN', ts: t0 + 50_000 }]);
  withLog(agent(b, 'client', 'loud'), [...Array.from({ length: 5 }, (_, i) => ({ level: 'ERROR' as const, ts: t0 + i * 1000 })), { level: 'WARN', ts: t0 + 99_999 }]);
  withLog(agent(b, 'server', 'untimed'), [{ level: 'ERROR' }]);
  const t = errorTimeline(b, { buckets: 10 })!;
  assert.equal(t.start, t0);
  assert.equal(t.end, t0 + 99_999);
  assert.equal(t.bucketMs, 10_000);
  assert.deepEqual(t.rows.map((r) => r.agent.id), ['loud', 'quiet'], 'agents without timestamps have no row');
  assert.deepEqual(t.rows[0]!.errors, [5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(t.rows[0]!.warns, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(t.rows[1]!.warns, [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.equal(errorTimeline(b, { buckets: 10, maxAgents: 1 })!.more, 1);
  assert.equal(errorTimeline(emptyBundle()), undefined);
});

test('the median of the other agents’ error counts, from one sorted list', () => {
  const median = (xs: number[]) => {
    if (xs.length === 0) return 0;
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  let seed = 7;
  const rand = () => (seed = (seed * 48271) % 2147483647) % 40;
  for (let n = 1; n <= 30; n++) {
    const counts = Array.from({ length: n }, rand);
    const sorted = [...counts].sort((a, b) => a - b);
    counts.forEach((c, i) => assert.equal(medianWithout(sorted, c), median(counts.filter((_, j) => j !== i)), `n=${n} i=${i}`));
  }
});

test('logs: Consul sync, Vault token and template failures are named per agent, with what they usually mean', () => {
  const b = emptyBundle();
  withLog(agent(b, 'client', 'n1'), [
    { level: 'WARN', module: 'consul.sync', message: 'failed to update services in Consul', line: 3 },
    { level: 'ERROR', module: 'client.alloc_runner.task_runner.task_hook.vault', message: 'failed to derive Vault token', line: 9 },
    { level: 'ERROR', module: 'client.alloc_runner.task_runner.task_hook.vault', message: 'failed to derive Vault token', line: 12 },
  ]);
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'warning', subject: 'n1', title: /^"Consul service sync" logged 1 time on n1$/ }));
  assert.ok(has(f, { severity: 'warning', subject: 'n1', title: /^"Vault token" logged 2 times on n1$/ }));
  assert.match(f.find((x) => /^"Vault token"/.test(x.title))!.detail, /Vault sealed or unreachable/);
});

test('logs: past the entry cap the counts in findings say "at least"', () => {
  const b = emptyBundle();
  const a = withLog(agent(b, 'client', 'n1'), [{ level: 'ERROR', module: 'client.rpc', message: 'dial: i/o timeout', line: 1 }]);
  a.log!.capped = true;
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { title: /^"i\/o timeout" logged at least 1 time on n1$/ }), JSON.stringify(f.map((x) => x.title)));
});

test('logs: logs cut short by the same error on several agents are one finding with every subject', () => {
  const b = emptyBundle();
  const cut = 'No answer before the capture window ended';
  for (const id of ['c1', 'c2', 'c3']) withLog(agent(b, 'client', id), [{ level: 'WARN', module: 'agent', message: 'mild' }], { streamError: cut });
  withLog(agent(b, 'client', 'c4'), [{ level: 'WARN', module: 'agent', message: 'mild' }], { streamError: 'Unexpected response code: 403 (Permission denied)' });
  const f = findingsOf(check.run(b)).filter((x) => /incomplete/.test(x.title));
  assert.deepEqual(f.map((x) => `${x.subject}: ${x.title}`).sort(), [
    'c4: Log of c4 is incomplete',
    `cluster: Log of 3 agents is incomplete: ${cut}`,
  ]);
  const many = f.find((x) => x.subject === 'cluster')!;
  assert.deepEqual(many.subjects, ['c1', 'c2', 'c3']);
  assert.match(many.detail, /^The log streams \(monitor\.log, monitor_export\.log\) of c1, c2, c3 ended with an error/);
  // the history of the same agents cut by the same error is the same cause: still one finding
  for (const id of ['c1', 'c2']) agent(b, 'client', id).exportLog = { ...agent(b, 'client', id).log!, file: `client/${id}/monitor_export.log` };
  const again = findingsOf(check.run(b)).filter((x) => x.subject === 'cluster' && /incomplete/.test(x.title));
  assert.deepEqual(again.map((x) => x.title), [`Logs and log history of 3 agents are incomplete: ${cut}`]);
  assert.deepEqual(again[0]!.subjects, ['c1', 'c2', 'c3']);
  // a server that failed cannot be asked: its log is not reported again
  const gone = withMembers(emptyBundle(), [member('s-3', 'failed')]);
  withLog(agent(gone, 'server', 's-3'), [{ level: 'WARN', module: 'agent', message: 'mild' }], { streamError: 'connect ECONNREFUSED' });
  assert.ok(!findingsOf(check.run(gone)).some((x) => /incomplete/.test(x.title)));
});

test('logs: an error burst holds the known patterns its agent logged, instead of a finding for each', () => {
  const b = emptyBundle();
  const burst = Array.from({ length: 40 }, (_, i) => ({ level: 'ERROR' as const, module: 'client.rpc', message: 'error performing RPC to server', fields: 'error="dial tcp 10.0.0.3:4647: i/o timeout"', ts: 1_700_000_000_000 + i * 500 }));
  withLog(agent(b, 'client', 'noisy'), burst);
  withLog(agent(b, 'client', 'calm'), [{ level: 'WARN', module: 'agent', message: 'mild' }]);
  const f = findingsOf(check.run(b)).filter((x) => x.severity === 'warning');
  assert.deepEqual(f.map((x) => `${x.subject}: ${x.title}`), ['noisy: Error burst on noisy']);
  assert.match(f[0]!.detail, /Among its lines: "i\/o timeout" logged 40 times \(network calls timed out/);
  assert.ok(f[0]!.evidence.length >= 2);
});

test('logs: a line two patterns match counts once, under the more specific one', () => {
  const b = emptyBundle();
  const sync = { level: 'ERROR' as const, module: 'consul.sync', message: 'failed to update services in Consul: Unexpected response code: 403 (Permission denied: token lacks service:write)' };
  withLog(agent(b, 'client', 'c1'), Array.from({ length: 30 }, () => ({ ...sync })));
  const titles = findingsOf(check.run(b)).map((f) => f.title);
  assert.ok(titles.some((t) => /"Consul service sync" logged 30 times/.test(t)), JSON.stringify(titles));
  assert.ok(!titles.some((t) => /"permission denied"/.test(t)), JSON.stringify(titles));
});
