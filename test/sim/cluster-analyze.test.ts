// The degraded cluster's documents, laid out as a bundle the way the collector writes them
// and fed to the real analyzer: every planted problem must come out about its subject.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import type { Finding } from '../../src/analyze/types.ts';
import { buildBundle } from '../../src/model/bundle-builder.ts';
import { buildCluster } from '../../src/sim/cluster/build.ts';
import { agentHealth, agentHost, agentSchedulers, agentSchedulersConfig, agentSelf, members } from '../../src/sim/cluster/docs-agent.ts';
import {
  allocationStubs, autopilotHealth, evaluationList, jobStubs, leaderAddr, namespacesList, nodeStubs, raftConfiguration, regions, schedulerConfiguration,
} from '../../src/sim/cluster/docs-cluster.ts';
import { clientMetadata, clientStats } from '../../src/sim/cluster/docs-client.ts';
import { eventsSince } from '../../src/sim/cluster/events.ts';
import { metrics } from '../../src/sim/cluster/metrics.ts';
import type { ClusterOptions, SimAgent, SimCluster } from '../../src/sim/cluster/types.ts';
import { formatLine } from '../../src/sim/content/logs.ts';
import { logSourceFor } from '../../src/sim/server/stream-monitor.ts';
import { cpuProfile, goroutineText, heapProfile } from '../../src/sim/content/profiles.ts';

const ROOT = 'nomad-debug-2026-11-22-103000Z';
const T0 = Date.UTC(2026, 10, 22, 10, 30, 0);
const LOG_LINES = 800;

function agentDir(a: SimAgent): string {
  return a.kind === 'server' ? `server/${a.name}` : `client/${a.id}`;
}

/** What the collector would write for this cluster over three intervals, 2 s apart. */
function bundleEntries(c: SimCluster, logLines = LOG_LINES): [string, string | Uint8Array][] {
  const out: [string, string | Uint8Array][] = [];
  const raw = (path: string, content: string | Uint8Array) => out.push([`${ROOT}/${path}`, content]);
  const put = (path: string, v: unknown) => raw(path, JSON.stringify(v));
  const ndjson = (items: unknown[]) => items.map((x) => JSON.stringify(x)).join('\n') + '\n';
  const entry = c.leader!;
  put('cluster/members.json', members(c, entry));
  put('cluster/leader.json', leaderAddr(c));
  put('cluster/nodes.json', nodeStubs(c));
  put('cluster/agent-self.json', agentSelf(c, entry));
  put('cluster/namespaces.json', namespacesList(c));
  put('cluster/regions.json', regions(c));
  // as Nomad's CLI writes the stream: one event a line, without the server's Namespace
  const events = (eventsSince(c, 0, null) as { Events: Record<string, unknown>[] }[]).flatMap((f) => f.Events.map(({ Namespace: _, ...e }) => e));
  raw('cluster/eventstream.json', ndjson(events));
  for (const a of c.agents.filter((x) => x.listening)) {
    const dir = agentDir(a);
    put(`${dir}/agent-self.json`, agentSelf(c, a));
    put(`${dir}/agent-host.json`, { AgentID: a.kind === 'server' ? a.name : a.id, HostData: agentHost(c, a) });
    put(`${dir}/health.json`, agentHealth(c, a).body);
    if (a.kind === 'server') {
      put(`${dir}/schedulers.json`, agentSchedulers(c, a));
      put(`${dir}/schedulers-config.json`, agentSchedulersConfig(c, a));
    } else {
      put(`${dir}/client-stats.json`, clientStats(c, a, new Date(T0)));
      put(`${dir}/client-metadata.json`, clientMetadata(c, a));
    }
    const seed = { name: a.name, kind: a.kind, seed: c.options.seed, leakedGoroutines: a.leakedGoroutines, hot: a.hot, leader: a === c.leader };
    raw(`${dir}/profile_0000.prof`, new Uint8Array(cpuProfile(seed, 1, new Date(T0))));
    raw(`${dir}/heap_0000.prof`, new Uint8Array(heapProfile(seed, new Date(T0))));
    raw(`${dir}/goroutine-debug2_0000.txt`, goroutineText(seed, 2));
    const logs = logSourceFor(c, a); // as the sim's monitor streams it
    const lines: string[] = [];
    for (let i = 0; i < logLines; i++) lines.push(formatLine(logs.next(new Date(T0 + i * 7)), { json: false, includeLocation: true }));
    raw(`${dir}/monitor.log`, lines.join('\n') + '\n');
  }
  for (let i = 0; i < 3; i++) {
    const at = new Date(T0 + i * 2000);
    const dir = `interval/${String(i).padStart(4, '0')}`;
    raw(`${dir}/nodes.json`, ndjson(nodeStubs(c)));
    raw(`${dir}/jobs.json`, ndjson(jobStubs(c, '*')));
    raw(`${dir}/allocations.json`, ndjson(allocationStubs(c, '*')));
    raw(`${dir}/evaluations.json`, ndjson(evaluationList(c, '*')));
    put(`${dir}/metrics.json`, metrics(c, entry, at));
    put(`${dir}/operator-raft.json`, raftConfiguration(c));
    put(`${dir}/operator-scheduler.json`, schedulerConfiguration(c));
    const ap = autopilotHealth(c, at);
    // Nomad's CLI (and a Go client) treats the 429 as an error and embeds the body.
    put(`${dir}/operator-autopilot-health.json`, ap.status === 200 ? ap.body : { Error: `Unexpected response code: 429 (${JSON.stringify(ap.body)})` });
  }
  return out;
}

const opts = (scenario: 'healthy' | 'degraded', clients = 5): ClusterOptions => ({
  servers: 3, clients, scenario, seed: 7, port: 4646, enableDebug: true, aclEnabled: true, tls: true,
});

const describe = (f: Finding) => `${f.severity} ${f.check} ${f.subject}: ${f.title}`;

test('degraded: the analyzer finds every planted problem, about its subject, as warning or critical', () => {
  const c = buildCluster(opts('degraded'), new Date(T0 - 500));
  const report = analyze(buildBundle(bundleEntries(c)));
  const serious = report.findings.filter((f) => f.severity !== 'info');
  if (process.env['SHOW_FINDINGS']) console.log(serious.map(describe).join('\n'));
  const CHECK: Record<string, string> = {
    'member-failed': 'member-status', 'member-left': 'member-status', 'version-skew': 'version-skew', 'schedulers-paused': 'schedulers',
    'hot-cpu': 'profiles', 'autopilot-unhealthy': 'leader-raft', 'failure-tolerance-zero': 'leader-raft', 'leaked-secret': 'secrets',
    'goroutine-leak': 'profiles', 'health-unhealthy': 'agent-health', 'node-down': 'nodes', 'disk-full': 'nodes', 'error-burst': 'logs',
    'blocked-evals': 'placement', 'allocs-lost': 'metrics-trends', 'raft-lagging': 'leader-raft', 'crash-loop': 'allocations', 'clock-skew': 'clock-skew', 'node-flapping': 'nodes', 'service-errors': 'logs', 'leader-churn': 'leader-raft', 'plan-queue': 'metrics-trends',
    'deployment-failed': 'deployments', 'gc-pressure': 'gc-pressure',
  };
  // these entries come straight from the sim, once: clock skew and GC pressure need a collector's
  // capture times and each agent's own metrics rounds (the demo test covers both); flapping shows in
  // the event stream's Node events
  const NEEDS_MANIFEST = new Set(['clock-skew', 'gc-pressure']);
  for (const p of c.planted.filter((x) => !NEEDS_MANIFEST.has(x.kind))) {
    const check = CHECK[p.kind];
    assert.ok(check, `no check known for ${p.kind}`);
    const hits = serious.filter((f) => f.check === check && f.subject === p.subject);
    assert.ok(hits.length > 0, `${p.kind} ${p.subject} (${p.detail}) not found; got:\n${serious.map(describe).join('\n')}`);
  }
  // Each leaked value gets its own critical finding naming the variable.
  for (const p of c.planted.filter((x) => x.kind === 'leaked-secret')) {
    const name = /^(\S+) in /.exec(p.detail)![1]!;
    assert.ok(serious.some((f) => f.check === 'secrets' && f.subject === p.subject && f.severity === 'critical' && f.title.includes(name)), p.detail);
  }
  const text = JSON.stringify(report);
  for (const p of c.planted) if (p.value) assert.ok(!text.includes(p.value), `a planted secret leaked into the findings: ${p.detail}`);
  // The leader is blamed only for its leaked config secrets and the blocked-eval trend it reports.
  const blamed = serious.filter((f) => f.subject === 'server-1.global' && f.check !== 'secrets' && f.check !== 'metrics-trends');
  assert.deepEqual(blamed.map(describe), []);
});

test('healthy: the analyzer raises nothing above info', () => {
  const c = buildCluster(opts('healthy'), new Date(T0 - 500));
  const report = analyze(buildBundle(bundleEntries(c)));
  const serious = report.findings.filter((f) => f.severity !== 'info');
  assert.deepEqual(serious.map(describe), []);
});

test('300 clients, degraded: at most 40 findings, every planted problem among them, critical and warning first', () => {
  const c = buildCluster(opts('degraded', 300), new Date(T0 - 500));
  const report = analyze(buildBundle(bundleEntries(c, 200)));
  if (process.env['SHOW_FINDINGS']) console.log(report.findings.map(describe).join('\n'));
  assert.ok(report.findings.length <= 40, `${report.findings.length} findings:\n${report.findings.map(describe).join('\n')}`);
  // the report lists them in this order, so its first screen holds the serious ones
  const ranks = report.findings.map((f) => ({ critical: 0, warning: 1, info: 2 })[f.severity]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  const serious = report.findings.filter((f) => f.severity !== 'info');
  for (const p of c.planted.filter((x) => x.kind !== 'clock-skew' && x.kind !== 'gc-pressure')) {
    assert.ok(serious.some((f) => f.subject === p.subject || f.subjects?.includes(p.subject)), `${p.kind} ${p.subject} lost among ${report.findings.length} findings`);
  }
});
