// The view model: pure mapping from the model's typed Bundle + findings to plain objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import { LIMITS } from '../../src/report/limits.ts';
import { splitCode } from '../../src/report/sections/findings.ts';
import { lineChart, niceMax } from '../../src/report/svg-chart.ts';
import { buildViewModel } from '../../src/report/view-model.ts';
import type { ReportView } from '../../src/report/view-types.ts';
import { emptyBundle } from '../analyze/bundle-builder.ts';
import { hostileBundle } from '../analyze/hostile-files.ts';
import { bigCluster, C, degraded, HOSTILE_SCRIPT } from './fixtures.ts';

const OPTS = { generatedAt: '2026-11-22T11:00:00Z' };
const SECTIONS = ['summary', 'findings', 'members', 'clients', 'secrets', 'schedulers', 'profiles', 'logs', 'events', 'metrics', 'coverage'] as const;

function view(b = degraded()): ReportView {
  return buildViewModel(b, analyze(b), OPTS);
}

test('degraded: every section is built from data, none failed or missing', () => {
  const v = view();
  for (const s of SECTIONS) {
    assert.equal(v[s].error, null, `${s}: ${v[s].error}`);
    assert.equal(v[s].missing, null, `${s}: ${v[s].missing}`);
  }
  assert.equal(v.generatedAt, OPTS.generatedAt);
});

test('degraded: summary names region, leader, versions, layout and counts', () => {
  const facts = Object.fromEntries(view().summary.facts.map((f) => [f.label, f.value]));
  assert.equal(facts['Region'], 'global');
  assert.match(facts['Leader']!, /^server-1\.global/);
  assert.match(facts['Server versions']!, /1\.10\.5 ×3, 1\.9\.7 ×1/);
  assert.match(facts['Servers']!, /^4 \(1 failed, 1 left\)/);
  assert.match(facts['Clients']!, /^5 \(1 down\)/);
  assert.match(facts['Bundle layout']!, /^nomad-debug/);
  assert.equal(facts['Bundle created'], '2026-11-22T10:15:00Z');
});

test('degraded: findings grouped critical first, every finding present, not-evaluated listed', () => {
  const b = degraded();
  const r = analyze(b);
  const v = buildViewModel(b, r, OPTS);
  assert.deepEqual(v.findings.groups.map((g) => g.severity), ['critical', 'warning', 'info']);
  const titles = v.findings.groups.flatMap((g) => g.items.map((i) => i.title));
  assert.deepEqual([...titles].sort(), r.findings.map((f) => f.title).sort());
  assert.deepEqual(v.findings.notEvaluated, r.notEvaluated);
  assert.equal(v.findings.groups.find((g) => g.severity === 'info')!.open, false, 'info folds when there is worse to read');
  const ev = v.findings.groups[0]!.items.flatMap((i) => i.evidence);
  assert.ok(ev.some((e) => e.where?.startsWith('/')), 'pointers shown');
});

test('degraded: tables mark the failed server, the leader and problem clients first', () => {
  const v = view();
  const s3 = v.members.rows.find((r) => r.name === 'server-3.global')!;
  assert.equal(s3.status.cls, 'bad');
  assert.match(s3.health.text, /unreachable/);
  assert.ok(v.members.rows.find((r) => r.name === 'server-1.global')!.leader);
  assert.equal(v.clients.rows.length, 5);
  assert.ok(v.clients.rows[0]!.status.cls === 'bad' || v.clients.rows[0]!.health.cls === 'bad', 'a problem client first');
  const c4 = v.clients.rows.find((r) => r.id === C(4))!;
  assert.deepEqual(c4.disk, { text: '97%', cls: 'bad' });
  assert.equal(v.clients.rows.find((r) => r.id === C(5))!.drain.text, 'draining');
  assert.equal(v.schedulers.rows.find((r) => r.server === 'server-2.global')!.paused, 2);
});

test('degraded: secrets audit names variables and never holds a value', () => {
  const v = view();
  const leaked = v.secrets.leaks.map((l) => l.title).join(' ');
  for (const name of ['DB_PASSWORD', 'STRIPE_API_KEY', 'NOMAD_HTTP_AUTH', 'APP_DATABASE_URL']) assert.ok(leaked.includes(name), name);
  assert.match(v.secrets.redactedNames[0]!.names, /AWS_SECRET_ACCESS_KEY, VAULT_TOKEN/);
  assert.equal(v.secrets.redactions.length, 1);
  assert.ok(!JSON.stringify(v.secrets).includes('CANARY'));
  assert.ok(!JSON.stringify(v).includes('CANARY-'), 'no secret value anywhere in the view model');
});

test('degraded: profiles, logs, metrics and coverage carry their data', () => {
  const v = view();
  const s1 = v.profiles.agents.find((a) => a.agent === 'server-1.global')!;
  assert.ok(s1.cpu?.svg?.startsWith('<svg class="flame"'));
  assert.equal(s1.cpu!.top[0]!.name, 'github.com/hashicorp/nomad/scheduler.(*BinPackIterator).Next');
  assert.equal(v.profiles.agents.find((a) => a.agent.startsWith('client-1'))!.goroutines!.groups[0]!.count, 300);
  assert.equal(v.logs.agents[0]!.error.text, '60');
  assert.equal(v.logs.messages[0]!.message, 'error performing RPC to server');
  assert.deepEqual(v.metrics.charts.map((c) => c.metric), ['nomad.runtime.num_goroutines', 'nomad.runtime.alloc_bytes', 'nomad.nomad.blocked_evals.total_blocked']);
  assert.equal(v.coverage.failed.length, 3);
  assert.equal(v.coverage.skippedTargets[0]!.id, 'server-4.global');
  assert.equal(v.coverage.gaps.length, 1);
  assert.deepEqual(v.coverage.limits, []);
});

test('coverage lists the reading caps hit first, the whole-bundle ones named so', () => {
  const b = degraded();
  b.gaps.push({ file: '', code: 'TOO_MANY', reason: 'bundle over the cap of 250000 entries; stopped reading' });
  b.gaps.push({ file: 'interval/0000', code: 'TOO_MANY', reason: '20 more entries in this folder skipped: over the cap of 5000 entries a folder' });
  b.gaps.push({ file: 'server/s1/agent-self.json', code: 'INVALID_JSON', reason: 'bad' });
  const v = buildViewModel(b, analyze(b), OPTS);
  assert.deepEqual(v.coverage.limits.map((l) => [l.file, l.code]), [['(whole bundle)', 'TOO_MANY'], ['interval/0000', 'TOO_MANY']]);
});

test('empty bundle: every data section says it is not in this bundle', () => {
  const b = emptyBundle();
  const v = buildViewModel(b, analyze(b), OPTS);
  for (const s of ['members', 'clients', 'secrets', 'schedulers', 'profiles', 'logs', 'metrics', 'coverage'] as const) {
    assert.match(v[s].missing ?? '', /^Not in this bundle/, s);
    assert.equal(v[s].error, null, s);
  }
  assert.equal(v.findings.total, analyze(b).findings.length);
});

test('a bundle whose files all have fields of the wrong type, read through the model: every section builds, plain JSON, gaps listed', () => {
  const b = hostileBundle();
  const v = buildViewModel(b, analyze(b), OPTS);
  for (const s of SECTIONS) assert.equal(v[s].error, null, `${s}: ${v[s].error}`);
  assert.deepEqual(JSON.parse(JSON.stringify(v)), v, 'plain JSON: no undefined, no Map, no function');
  assert.deepEqual(v.coverage.gaps.map((g) => [g.file, g.code]), b.gaps.map((g) => [g.file, g.code]));
  assert.ok(v.clients.rows.some((r) => r.id === '0000000a-aaaa-4bbb-8ccc-00000000000a' && r.status.text === 'down'), 'what fitted is shown');
});

test('a section that still throws becomes that section\'s error; the others are built', () => {
  const b = degraded();
  const r = analyze(b);
  Object.defineProperty(b.cluster, 'members', { get: () => { throw new Error('boom'); } });
  const v = buildViewModel(b, r, OPTS);
  assert.match(v.members.error ?? '', /could not be built.*boom/);
  assert.equal(v.clients.error, null);
  assert.equal(v.coverage.error, null);
});

test('500 clients: tables and flame graphs are capped', () => {
  const v = view(bigCluster(500));
  assert.equal(v.clients.total, 500);
  // the worst rows open, the rest up to the cap in the collapsed list, the count past it
  assert.equal(v.clients.rows.length, LIMITS.tableHead);
  assert.equal(v.clients.rest.length, LIMITS.clients - LIMITS.tableHead);
  assert.equal(v.clients.more, 500 - LIMITS.clients);
  assert.equal(v.clients.rows[0]!.status.text, 'down', 'down nodes sort first');
  assert.ok(v.clients.rows.filter((r) => r.status.text === 'down').length === 6 && v.clients.rest.every((r) => r.status.text !== 'down'), 'all 6 down nodes open, none collapsed');
  assert.ok(v.profiles.agents.length <= LIMITS.profileAgents);
  assert.ok(v.profiles.agents.filter((a) => a.cpu?.svg).length <= LIMITS.flameGraphs);
  assert.equal(v.logs.agents.length, LIMITS.tableHead);
  assert.equal(v.logs.agents.length + v.logs.agentsRest.length, LIMITS.logAgents);
  // the same variable redacted on every client is one row of the audit, not 500
  assert.equal(v.secrets.redactedNames.length, 1);
  assert.match(v.secrets.redactedNames[0]!.agents, /^500 agents: client-0 .*and 495 more$/);
});

test('the collector\'s redactions are grouped by field and rule, with how many files', () => {
  const b = bigCluster(3);
  b.manifest!.value.redactions = [0, 1, 2].flatMap((i) => [
    { path: `client/c${i}/agent-self.json`, field: 'config.Consuls.0.Token', rule: 'name:token' },
    { path: `client/c${i}/agent-host.json`, field: 'HostData.Environment.VAULT_TOKEN', rule: 'vault-token' },
  ]).concat([{ path: 'client/c0/agent-self.json', field: 'config.Consuls.1.Token', rule: 'name:token' }]);
  const v = view(b);
  assert.deepEqual(v.secrets.redactions.map((r) => [r.field, r.rule, r.files]), [
    ['HostData.Environment.VAULT_TOKEN', 'vault-token', 3],
    ['config.Consuls[].Token', 'name:token', 3],
  ]);
});

test('splitCode: backtick spans become code parts', () => {
  assert.deepEqual(splitCode('run `nomad eval status <id>` now'), [
    { text: 'run ', code: false }, { text: 'nomad eval status <id>', code: true }, { text: ' now', code: false },
  ]);
  assert.deepEqual(splitCode('plain'), [{ text: 'plain', code: false }]);
});

test('lineChart: escapes series names, draws one path per series, handles gaps', () => {
  const svg = lineChart({ title: 't', xLabels: ['#0', '#1', '#2'], series: [{ name: HOSTILE_SCRIPT, values: [1, null, 3] }, { name: 'b', values: [2, 2, 2] }] });
  assert.ok(!svg.includes('<script>'));
  assert.ok(svg.includes('&lt;script&gt;'));
  assert.equal(svg.match(/<path /g)!.length, 2);
  assert.match(svg, /d="M[\d.]+ [\d.]+M/, 'the gap lifts the pen');
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(7), 10);
  assert.equal(niceMax(2100), 2500);
});

test('the event stream, when captured, is summarised by topic in the summary', () => {
  const b = emptyBundle();
  b.cluster.eventCounts = { file: 'cluster/eventstream.json', value: { Job: 3, Node: 12, Allocation: 40 } };
  const fact = view(b).summary.facts.find((f) => f.label === 'Event stream');
  assert.equal(fact?.value, 'Allocation ×40, Node ×12, Job ×3');
});

test('events: trouble and status changes in stream order, a timeline per topic, absent without a stream', () => {
  const e = view().events;
  assert.equal(e.missing, null);
  assert.equal(e.source, 'cluster/eventstream.json');
  assert.deepEqual(e.rows.map((r) => `${r.topic} ${r.cls} ${r.subject}: ${r.what}`), [
    `Allocation bad web.web[0] on client-3 (${C(3).slice(0, 8)}): lost: alloc is lost since its node is down`,
    `Node bad client-3 (${C(3).slice(0, 8)}): down`,
    'Deployment bad web: failed: Failed due to unhealthy allocations',
  ]);
  assert.equal(e.rows[0]!.line, 5);
  assert.ok(e.timeline && e.timeline.svg.startsWith('<svg class="timeline"'));
  assert.match(e.timeline.svg, /in trouble/);
  assert.match(view(emptyBundle()).events.missing!, /eventstream\.json/);
});

test('an info finding grouped over many agents does not count toward each agent; a warning grouped so does', () => {
  const b = degraded();
  const result = analyze(b);
  const ids = [C(1), C(2), C(3)];
  const before = buildViewModel(b, result, OPTS).clients.rows.find((r) => r.id === C(1))!.findings;
  const plus = (severity: 'info' | 'warning') => ({
    ...result,
    findings: [...result.findings, { check: 'profiles', severity, subject: 'cluster', subjects: ids, title: `hottest x on 3 of 5 clients (${severity})`, detail: '', evidence: [] }],
  });
  assert.equal(buildViewModel(b, plus('info'), OPTS).clients.rows.find((r) => r.id === C(1))!.findings, before);
  assert.equal(buildViewModel(b, plus('warning'), OPTS).clients.rows.find((r) => r.id === C(1))!.findings, before + 1);
});
