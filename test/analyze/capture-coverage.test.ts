import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/capture-coverage.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, capture, emptyBundle, has, interval, manifest, withHost, withRound } from './bundle-builder.ts';

function manifestOnly(skipped: { id: string; reason: string }[]) {
  const b = emptyBundle();
  manifest(b, { targets: { servers: [], clients: [], skipped }, captures: [] });
  return b;
}

test('capture-coverage: failures by code, skipped targets, missing agents, cluster 403s with hints', () => {
  const b = emptyBundle();
  agent(b, 'server', 's1');
  manifest(b, {
    interrupted: true,
    targets: { servers: [{ id: 's1' }], clients: [{ id: 'c-gone' }], skipped: [{ id: 'c9', reason: 'max-nodes 10 reached' }, { id: 'leader', reason: 'no cluster leader' }] },
    captures: [
      capture('cluster/members.json', '/v1/agent/members', 'cluster'),
      capture('interval/0000/operator-raft.json', '/v1/operator/raft/configuration', 'cluster', 'HTTP_403'),
      capture('client/c-gone/agent-self.json', '/v1/agent/self', 'client:c-gone', 'CONNECT_REFUSED'),
      capture('server/s1/health.json', '/v1/agent/health', 'server:s1'),
      capture('interval/0000/operator-autopilot-health.json', '/v1/operator/autopilot/health', 'cluster', 'HTTP_429'),
    ],
  });
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'warning', title: /interrupted/ }));
  assert.ok(has(f, { severity: 'info', title: /2 agents not collected/ }));
  const skipped = f.find((x) => /not collected/.test(x.title))!.detail;
  assert.match(skipped, /c9 \(max-nodes 10 reached\); leader \(no cluster leader\)\. To include them: -max-nodes 0 includes every node\.$/);
  // the hint is only given for reasons a flag would change
  const noHint = findingsOf(check.run(manifestOnly([{ id: 'leader', reason: 'no cluster leader' }])));
  assert.match(noHint.find((x) => /not collected/.test(x.title))!.detail, /\(no cluster leader\)\.$/);
  assert.ok(has(f, { title: /1 selected agent left no data/ }));
  const sum = f.find((x) => /captures failed/.test(x.title))!;
  assert.equal(sum.title, '2 of 5 captures failed', 'an autopilot 429 is the health answer, not a failure');
  assert.match(sum.detail, /HTTP_403 ×1/);
  assert.match(f.find((x) => /refused \(403\)/.test(x.title))!.detail, /operator:read/);
});

test('capture-coverage: Nomad bundle without manifest, no host data and no profiles anywhere', () => {
  const b = emptyBundle();
  b.layout = 'nomad';
  agent(b, 'server', 's1');
  agent(b, 'client', 'c1');
  interval(b, 0);
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'warning', title: /No host data and no profiles/ }));
  assert.match(f[0]!.detail, /enable_debug/);
  // once one agent has both, only the others are listed
  withRound(withHost(b.servers[0]!, {}), {});
  const g = findingsOf(check.run(b));
  assert.ok(has(g, { severity: 'info', title: /1 agent without agent-host.json/ }));
  assert.ok(has(g, { severity: 'info', title: /1 agent without pprof files/ }));
});

test('capture-coverage: gaps are listed; all-ok manifest says so; empty bundle not evaluated', () => {
  const b = emptyBundle();
  manifest(b, { captures: [capture('cluster/members.json', '/v1/agent/members', 'cluster')] });
  b.gaps.push({ file: 'interval/0000/license.json', reason: 'Nomad Enterprise only endpoint', code: 'ERROR_FILE' });
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'info', title: /All 1 captures arrived/ }));
  assert.match(f.find((x) => /missing or unreadable/.test(x.title))!.detail, /license\.json \(Nomad Enterprise only endpoint\)/);
  notEvaluated(check.run(emptyBundle()));
  // many gaps of one code: four named, the rest counted once
  for (let i = 0; i < 20; i++) b.gaps.push({ file: `client/c${i}/agent-host.json`, reason: 'missing', code: 'MISSING' });
  const many = findingsOf(check.run(b)).find((x) => /missing or unreadable/.test(x.title))!.detail;
  assert.match(many, /MISSING: client\/c0\/agent-host\.json \(missing\), .*c3\/agent-host\.json \(missing\) and 16 more/);
  assert.doesNotMatch(many, /more and/);
  // a file with two gaps is one file
  const twice = emptyBundle();
  twice.gaps.push({ file: 'cluster/eventstream.json', code: 'TOO_MANY', reason: 'over 20000 events' }, { file: 'cluster/eventstream.json', code: 'WRONG_FIELDS', reason: 'line 3' });
  assert.ok(has(findingsOf(check.run(twice)), { title: /^1 file missing or unreadable/ }));
});

test('capture-coverage: a reading limit reached is a warning, a file over its own cap too (a check without that file cannot say so)', () => {
  const b = emptyBundle();
  b.gaps.push({ file: 'interval/0000/evaluations.json', code: 'TOO_LARGE', reason: 'entry of 95 MB is over the cap of 64 MiB' });
  const one = findingsOf(check.run(b));
  assert.ok(has(one, { severity: 'warning', title: /read only in part: a reading limit was reached/ }));
  assert.match(one.find((x) => x.severity === 'warning')!.detail, /interval\/0000\/evaluations\.json: entry of 95 MB/);
  b.gaps.push({ file: '', code: 'TOO_MANY', reason: 'bundle over the cap of 250000 entries; stopped reading' });
  const f = findingsOf(check.run(b));
  assert.match(f.find((x) => x.severity === 'warning')!.detail, /the bundle: bundle over the cap of 250000 entries/);
});

test('capture-coverage: failed captures and the files that hold their errors are one finding', () => {
  const b = emptyBundle();
  manifest(b, { captures: [capture('cluster/members.json', '/v1/agent/members', 'cluster'), capture('client/c1/agent-host.json', '/v1/agent/host', 'client:c1', 'CONNECT_REFUSED')] });
  b.gaps.push({ file: 'client/c1/agent-host.json', reason: 'connect ECONNREFUSED', code: 'ERROR_FILE' });
  const f = findingsOf(check.run(b)).filter((x) => /captures failed|missing or unreadable/.test(x.title));
  assert.deepEqual(f.map((x) => x.title), ['1 of 2 captures failed; 1 file missing or unreadable']);
  assert.match(f[0]!.detail, /client\/c1\/agent-host\.json \(connect ECONNREFUSED\)/);
});
