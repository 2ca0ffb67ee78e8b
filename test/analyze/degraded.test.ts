// A hand-built bundle shaped like the simulated cluster's `degraded` scenario: every planted
// problem must come out of analyze() with the right subject and severity.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import type { Finding } from '../../src/analyze/types.ts';
import type { LogEntry } from '../../src/model/types.ts';
import {
  agent, autopilotServer, capture, goroutineDump, healthyCluster, interval, manifest, member, node, normalGroups, redaction, withClientStats,
  withHealth, withHost, withLog, withNodes, withRound,
} from './bundle-builder.ts';

const C = (n: number) => `0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`;
const T0 = Date.parse('2026-11-22T10:15:00Z');

function degraded() {
  const b = healthyCluster();
  const ms = b.cluster.members!.value.Members;
  ms[1]!.Tags!.build = '1.9.7';
  ms[2]!.Status = 'failed';
  ms.push(member('server-4.global', 'left', {}, 4));
  interval(b, 0).autopilotHealth!.value = {
    Healthy: false, FailureTolerance: 0,
    Servers: [autopilotServer('server-1.global', true, true), autopilotServer('server-2.global', false, true), autopilotServer('server-3.global', false, false, 'failed')],
  };
  withNodes(b, [node(C(1), 'client-1'), node(C(2), 'client-2'), node(C(3), 'client-3', 'down'), node(C(4), 'client-4'), node(C(5), 'client-5')]);
  for (const id of ['server-1.global', 'server-2.global']) {
    const s = agent(b, 'server', id);
    s.schedulers = {
      file: `server/${id}/schedulers.json`,
      value: { server_id: id, schedulers: [0, 1].map((i) => ({ id: `w${i}`, enabled_schedulers: ['service', 'batch', 'system', 'sysbatch', '_core'], started: '2026-11-22T10:00:00Z', status: id === 'server-2.global' ? 'Paused' : 'Started', workload_status: id === 'server-2.global' ? 'Paused' : 'WaitingToDequeue' })) },
    };
    withHealth(s, { server: { ok: true, message: 'ok' } });
  }
  for (const n of [1, 2, 4, 5]) withHealth(agent(b, 'client', C(n)), { client: { ok: true, message: 'ok' } });
  withHealth(agent(b, 'client', C(2)), { client: { ok: false, message: 'no known servers' } });
  withClientStats(agent(b, 'client', C(4)), { DiskStats: [{ Device: '/dev/sda1', Mountpoint: '/', Size: 1e11, Used: 9.7e10, Available: 3e9, UsedPercent: 97.1, InodesUsedPercent: 5 }], Memory: { Total: 8e9, Available: 4e9, Used: 4e9, Free: 3e9 } });
  withHost(agent(b, 'client', C(1)), {
    Environment: {
      PATH: '/usr/bin', VAULT_TOKEN: '<redacted>', AWS_SECRET_ACCESS_KEY: '<redacted>', DB_PASSWORD: 'CANARY-db-7f3a9', STRIPE_API_KEY: 'sk_live_CANARY42abcdef',
      NOMAD_HTTP_AUTH: 'ops:CANARY-http-auth', APP_DATABASE_URL: 'postgres://app:CANARY-s3cret@db.internal:5432/app',
    },
  });
  const burst: Partial<LogEntry>[] = Array.from({ length: 60 }, (_, i) => ({
    level: 'ERROR', module: 'client.rpc', ts: T0 + i * 700, message: 'error performing RPC to server',
    fields: `error="rpc error: failed to get conn: dial tcp 127.0.0.13:4647: connect: connection refused" rpc=Node.UpdateAlloc server=127.0.0.13:4647`,
  }));
  withLog(agent(b, 'client', C(5)), burst, { extraInfo: 400 });
  for (const n of [1, 2, 4]) withLog(agent(b, 'client', C(n)), [{ level: 'WARN', module: 'client.gc', message: 'garbage collection skipped' }], { extraInfo: 400 });
  withRound(agent(b, 'client', C(1)), {
    goroutineDebug2: goroutineDump(`client/${C(1)}/goroutine-debug2_0000.txt`, [...normalGroups(), {
      count: 300, state: 'chan receive', waitMinutes: 42, stack: ['runtime.gopark', 'runtime.chanrecv', 'runtime.chanrecv1', 'github.com/hashicorp/nomad/client/allocrunner/taskrunner.(*TaskRunner).Run'],
    }]),
  });
  manifest(b, {
    targets: { servers: ['server-1.global', 'server-2.global', 'server-3.global'].map((id) => ({ id })), clients: [1, 2, 3, 4, 5].map((n) => ({ id: C(n) })), skipped: [] },
    captures: [
      capture(`client/${C(3)}/agent-self.json`, '/v1/agent/self', `client:${C(3)}`, 'CONNECT_REFUSED'),
      capture('server/server-3.global/agent-self.json', '/v1/agent/self', 'server:server-3.global', 'CONNECT_REFUSED'),
      capture('interval/0000/operator-autopilot-health.json', '/v1/operator/autopilot/health', 'cluster', 'HTTP_429'),
      ...[1, 2, 4, 5].flatMap((n) => ['agent-self', 'health', 'agent-host', 'client-stats'].map((f) => capture(`client/${C(n)}/${f}.json`, `/v1/${f}`, `client:${C(n)}`))),
    ],
    redactions: [redaction(`client/${C(1)}/agent-host.json`, 'HostData.Environment.VAULT_TOKEN', 'nomad')],
  });
  return b;
}

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
    ['secrets', C(1), /^DB_PASSWORD/, 'critical'],
    ['secrets', C(1), /^STRIPE_API_KEY/, 'critical'],
    ['secrets', C(1), /^NOMAD_HTTP_AUTH/, 'critical'],
    ['secrets', C(1), /^APP_DATABASE_URL/, 'critical'],
    ['secrets', C(1), /redacted/, 'info'],
    ['leader-raft', 'cluster', /Autopilot/, 'critical'],
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
  assert.deepEqual(r.notEvaluated.filter((n) => n.reason.startsWith('check failed')), []);
});

test('degraded: the healthy servers and clients are not blamed', () => {
  const f = analyze(degraded()).findings.filter((x) => x.severity !== 'info');
  for (const quiet of ['server-1.global', C(4) + 'x']) assert.ok(!f.some((x) => x.subject === quiet), quiet);
  assert.ok(!f.some((x) => x.check === 'logs' && x.subject === C(1)));
  assert.ok(!f.some((x) => x.check === 'schedulers' && x.subject === 'server-1.global'));
});
