// The diff's matching of findings: the same finding across two analyses when its check, subjects
// and title stem agree; a grouped finding on fewer agents is a change of subjects; findings that
// only look alike (another pattern on the same agent, another problem of the cluster) are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareAnalyses, matchFindings, titleStem } from '../../src/analyze/compare-findings.ts';
import type { AnalysisResult, Finding } from '../../src/analyze/types.ts';
import { analyze } from '../../src/analyze/run.ts';
import { degradedBundle } from './bundle-builder.ts';

function f(check: string, subject: string, title: string, extra: Partial<Finding> = {}): Finding {
  return { check, severity: 'warning', subject, title, detail: `${title}.`, evidence: [], ...extra };
}

function result(findings: Finding[], notEvaluated: AnalysisResult['notEvaluated'] = []): AnalysisResult {
  return { tool: { name: 'nomad-debug', version: 't' }, bundle: { layout: 'nomad', createdAt: null, servers: 0, clients: 0 }, summary: { critical: 0, warning: 0, info: 0 }, findings, notEvaluated };
}

const titles = (fs: Finding[]) => fs.map((x) => x.title);

test('an analysis compared with itself: nothing added, resolved or changed', () => {
  const r = analyze(degradedBundle());
  assert.ok(r.findings.length > 10);
  const c = compareAnalyses(r, structuredClone(r));
  assert.deepEqual([c.added, c.resolved, c.changed, c.uncompared], [[], [], [], []]);
  assert.equal(c.unchanged, r.findings.length);
});

test('a new count in the title or another severity is a change of the same finding', () => {
  const before = [
    f('logs', 'n1', '"i/o timeout" logged 227 times on client-5 (1175869c)'),
    f('nodes', 'n2', 'Node client-3 (ee18fe9c) is down', { severity: 'warning' }),
    f('leader-raft', 'srv2', 'srv2 trails its raft commit index by 1 entry'),
  ];
  const after = [
    f('logs', 'n1', '"i/o timeout" logged 12 times on client-5 (1175869c)'),
    f('nodes', 'n2', 'Node client-3 (ee18fe9c) is down', { severity: 'critical' }),
    f('leader-raft', 'srv2', 'srv2 trails its raft commit index by 180 entries'),
  ];
  const c = compareAnalyses(result(before), result(after));
  assert.deepEqual([c.added, c.resolved], [[], []]);
  assert.deepEqual(c.changed.map((x) => [x.after.check, x.changes]), [
    ['nodes', ['severity']],
    ['leader-raft', ['title', 'detail']],
    ['logs', ['title', 'detail']],
  ], 'critical first, then by check');
});

test('a grouped finding on fewer agents is one change of subjects, down to the single finding it became', () => {
  const before = [
    { ...f('profiles', 'cluster', 'hottest runtime.scanobject on 3 of 5 agents', { severity: 'info' }), subjects: ['a', 'b', 'c'] },
    { ...f('secrets', 'cluster', '2 values redacted on each of 3 agents', { severity: 'info' }), subjects: ['a', 'b', 'c'] },
  ];
  const after = [
    { ...f('profiles', 'cluster', 'hottest runtime.scanobject on 2 of 5 agents', { severity: 'info' }), subjects: ['a', 'd'] },
    f('secrets', 'a', '2 values redacted for client-1 (0a1b2c3d)', { severity: 'info' }),
    // another finding of the same check about the same agent: not what the group became
    f('secrets', 'a', 'Nomad serves 1 secret of client-1 (0a1b2c3d) in clear: DB_PASSWORD'),
  ];
  const c = compareAnalyses(result(before), result(after));
  assert.deepEqual(c.resolved, []);
  assert.deepEqual(titles(c.added), ['Nomad serves 1 secret of client-1 (0a1b2c3d) in clear: DB_PASSWORD']);
  const byCheck = new Map(c.changed.map((x) => [x.after.check, x]));
  assert.deepEqual(byCheck.get('profiles')?.subjectsGone, ['b', 'c']);
  assert.deepEqual(byCheck.get('profiles')?.subjectsNew, ['d']);
  assert.deepEqual(byCheck.get('secrets')?.subjectsGone, ['b', 'c'], 'the restart fixed two of three agents');
  assert.deepEqual(byCheck.get('secrets')?.subjectsNew, []);
  assert.ok(byCheck.get('secrets')?.changes.includes('subjects'));
});

test('a cluster-wide finding and the one agent still affected are the same finding', () => {
  const before = [f('security-posture', 'cluster', 'ACLs are disabled'), f('security-posture', 'cluster', 'TLS is off for HTTP')];
  const after = [f('security-posture', 'srv2', 'ACLs are disabled on srv2'), f('security-posture', 'srv2', 'enable_debug is on on srv2')];
  const c = compareAnalyses(result(before), result(after));
  assert.deepEqual(c.changed.map((x) => [x.before.title, x.after.title, x.changes]), [['ACLs are disabled', 'ACLs are disabled on srv2', ['subjects', 'title', 'detail']]]);
  assert.equal(c.changed[0]!.subjectsGone, undefined, 'no "no longer on: cluster"');
  assert.deepEqual(titles(c.resolved), ['TLS is off for HTTP']);
  assert.deepEqual(titles(c.added), ['enable_debug is on on srv2']);
});

test('findings that only look alike are not matched: another pattern, another problem, another agent', () => {
  const before = [
    f('logs', 'n1', '"i/o timeout" logged 227 times on client-5 (1175869c)'),
    f('leader-raft', 'cluster', 'Autopilot reports the cluster unhealthy', { severity: 'critical' }),
    f('capture-coverage', 'cluster', '3 agents without agent-host.json', { severity: 'info' }),
    f('member-status', 'srv3', 'srv3 is failed', { severity: 'critical' }),
  ];
  const after = [
    f('logs', 'n1', '"connection refused" logged 227 times on client-5 (1175869c)'),
    f('leader-raft', 'cluster', 'Failure tolerance is 0', { severity: 'critical' }),
    f('capture-coverage', 'cluster', '3 agents without pprof files', { severity: 'info' }),
    f('member-status', 'srv2', 'srv2 is failed', { severity: 'critical' }),
  ];
  // a group gone, and another finding of the same check on one of its agents
  before.push({ ...f('profiles', 'cluster', 'hottest runtime.scanobject on 3 of 5 agents', { severity: 'info' }), subjects: ['a', 'b', 'c'] });
  after.push(f('profiles', 'a', 'client-1 (0a1b2c3d): state.(*StateStore).UpsertAllocs takes 50% of CPU'));
  const m = matchFindings(before, after);
  assert.deepEqual(m.pairs, []);
  assert.equal(m.added.length, 5);
  assert.equal(m.resolved.length, 5);
});

test('a list after the title\'s last colon is set aside; the thing a title names is not', () => {
  assert.equal(titleStem('Nomad serves 12 secrets of client-1 (13617d0f) in clear: APP_ARGS, APP_DB and 8 more'),
    titleStem('Nomad serves 1 secret of client-1 (13617d0f) in clear: VAULT_TOKEN'));
  assert.equal(titleStem('1 client is newer than the servers'), titleStem('3 clients are newer than the servers'));
  assert.notEqual(titleStem('client-4 (f382fcaa): disk / is 97% full'), titleStem('client-4 (f382fcaa): only 3% memory available'));
  assert.notEqual(titleStem('"i/o timeout" logged 2 times'), titleStem('"connection refused" logged 2 times'));
});

test('a finding of a check that did not run on the other side is not called resolved or new', () => {
  const before = [f('profiles', 'srv1', 'srv1: hottest x (40%)'), f('nodes', 'n1', 'Node n1 is down')];
  const c = compareAnalyses(result(before), result([], [{ check: 'profiles', reason: 'no pprof files in the bundle' }]));
  assert.deepEqual(titles(c.resolved), ['Node n1 is down']);
  assert.deepEqual(c.uncompared.map((u) => [u.side, u.finding.check, u.reason]), [['before', 'profiles', 'no pprof files in the bundle']]);

  // a check that threw on AFTER: its findings of BEFORE are not resolved, its failure is new
  const failed = f('profiles', 'cluster', 'incomplete: check profiles failed on server/s1/heap_0000.prof');
  const d = compareAnalyses(result(before), result([failed, before[1]!]));
  assert.deepEqual(titles(d.added), [failed.title]);
  assert.deepEqual(d.resolved, []);
  assert.deepEqual(d.uncompared.map((u) => [u.side, u.finding.title, u.reason]), [['before', 'srv1: hottest x (40%)', failed.title]]);
});

test('thousands of findings on one subject are compared in bounded time', () => {
  const many = (n: number, word: string) => Array.from({ length: n }, (_, i) => f('logs', 'n1', `"${word} ${i}" logged ${i} times on n1`));
  const t0 = performance.now();
  const grouped = Array.from({ length: 3000 }, (_, i) => ({ ...f('secrets', 'cluster', `x${i} values redacted on each of 2 agents`), subjects: ['n1', `m${i}`] }));
  const c = compareAnalyses(result([...many(5000, 'a'), ...grouped]), result([...many(5000, 'b'), ...grouped.map((g) => ({ ...g, subjects: ['n1', 'z'] }))]));
  assert.ok(performance.now() - t0 < 5000, `${Math.round(performance.now() - t0)} ms`);
  assert.equal(c.added.length + c.changed.length, 8000);
});
