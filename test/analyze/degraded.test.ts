// A hand-built bundle shaped like the simulated cluster's `degraded` scenario: every planted
// problem must come out of analyze() with the right subject and severity.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import type { Finding } from '../../src/analyze/types.ts';
import { agent, degradedBundle as degraded, nodeIdOf as C } from './bundle-builder.ts';

const find = (fs: Finding[], check: string, subject: string, title: RegExp) => fs.find((f) => f.check === check && f.subject === subject && title.test(f.title));

test('degraded: every planted problem is found with the right subject and severity', () => {
  const r = analyze(degraded());
  const f = r.findings;
  const expect: [string, string, RegExp, string][] = [
    ['member-status', 'server-3.global', /is failed/, 'critical'],
    ['member-status', 'server-4.global', /has left/, 'warning'],
    ['agent-health', C(2), /unhealthy but its node shows ready/, 'critical'],
    ['schedulers', 'server-2.global', /All scheduler workers .* paused/, 'critical'],
    ['nodes', C(3), /is down/, 'warning'],
    ['nodes', C(4), /97% full/, 'critical'],
    ['secrets', C(1), /values look like secrets in the environment of .*DB_PASSWORD/, 'critical'],
    ['secrets', C(1), /values look like secrets in the environment of .*STRIPE_API_KEY/, 'critical'],
    ['secrets', C(1), /values look like secrets in the environment of .*NOMAD_HTTP_AUTH/, 'critical'],
    ['secrets', C(1), /values look like secrets in the environment of .*APP_DATABASE_URL/, 'critical'],
    ['secrets', C(1), /redacted/, 'info'],
    ['leader-raft', 'cluster', /autopilot reports the cluster unhealthy/i, 'critical'],
    ['leader-raft', 'cluster', /Failure tolerance is 0/, 'critical'],
    ['version-skew', 'cluster', /different Nomad versions/, 'warning'],
    ['logs', C(5), /Error burst/, 'warning'],
    ['profiles', C(1), /300 goroutines stuck in taskrunner/, 'warning'],
  ];
  for (const [check, subject, title, severity] of expect) {
    const hit = find(f, check, subject, title);
    assert.ok(hit, `missing ${check} ${subject} ${title}`);
    assert.equal(hit.severity, severity, `${check} ${subject} ${hit.title}`);
  }
  assert.ok(!JSON.stringify(r).includes('CANARY'), 'a secret value leaked into the findings');
  assert.ok(!f.some((x) => x.check === 'capture-coverage' && x.severity === 'warning'));
  assert.equal(r.findings[0]!.severity, 'critical');
  assert.equal(r.summary.critical, f.filter((x) => x.severity === 'critical').length);
  assert.deepEqual(r.findings.filter((x) => x.title.startsWith('incomplete:')), []);
});

test('degraded: the healthy servers and clients are not blamed', () => {
  const f = analyze(degraded()).findings.filter((x) => x.severity !== 'info');
  for (const quiet of ['server-1.global', C(4) + 'x']) assert.ok(!f.some((x) => x.subject === quiet), quiet);
  assert.ok(!f.some((x) => x.check === 'logs' && x.subject === C(1)));
  assert.ok(!f.some((x) => x.check === 'schedulers' && x.subject === 'server-1.global'));
});
