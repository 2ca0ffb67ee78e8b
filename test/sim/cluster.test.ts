// The simulated cluster's data layer: deterministic, loopback-only, and planting exactly what
// the degraded scenario promises, with Nomad's own shapes and redactions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCluster } from '../../src/sim/cluster/build.ts';
import {
  agentHealth, agentHost, agentSchedulers, agentSchedulersConfig, agentSelf, agentServers, members,
} from '../../src/sim/cluster/docs-agent.ts';
import {
  allocationStubs, autopilotHealth, csiPlugin, csiPluginStubs, csiVolume, csiVolumeStubs, deploymentList, evaluationList, findAllocation,
  jobStubs, leaderAddr, namespacesList, nodeDoc, nodeStubs, peers, raftConfiguration, regions, schedulerConfiguration,
} from '../../src/sim/cluster/docs-cluster.ts';
import { allocStats, clientMetadata, clientStats } from '../../src/sim/cluster/docs-client.ts';
import { allocFs } from '../../src/sim/cluster/alloc-fs.ts';
import { eventsSince } from '../../src/sim/cluster/events.ts';
import { metrics } from '../../src/sim/cluster/metrics.ts';
import { nomadRedactsEnv, redactEnvironment } from '../../src/sim/cluster/redact.ts';
import type { ClusterOptions, Doc, SimCluster } from '../../src/sim/cluster/types.ts';

const AT = new Date(Date.UTC(2026, 10, 22, 10, 30, 0));
const opts = (o: Partial<ClusterOptions> = {}): ClusterOptions => ({
  servers: 3, clients: 5, scenario: 'degraded', seed: 42, port: 4646, enableDebug: true, aclEnabled: false, tls: false, ...o,
});

/** Every document the server layer can ask for, with a label. */
function allDocs(c: SimCluster): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const a of c.agents) {
    out.push([`self ${a.name}`, agentSelf(c, a)], [`host ${a.name}`, agentHost(c, a)], [`health ${a.name}`, agentHealth(c, a)]);
    out.push([`servers ${a.name}`, agentServers(c, a)], [`members ${a.name}`, members(c, a)], [`metrics ${a.name}`, metrics(c, a, AT)]);
    if (a.kind === 'server') out.push([`schedulers ${a.name}`, agentSchedulers(c, a)], [`sconf ${a.name}`, agentSchedulersConfig(c, a)]);
    else out.push([`stats ${a.name}`, clientStats(c, a, AT)], [`meta ${a.name}`, clientMetadata(c, a)], [`node ${a.name}`, nodeDoc(c, a.id)]);
  }
  out.push(['leader', leaderAddr(c)], ['peers', peers(c)], ['regions', regions(c)], ['namespaces', namespacesList(c)]);
  out.push(['nodes', nodeStubs(c, '', { os: true, resources: true })], ['jobs', jobStubs(c, '*')], ['allocs', allocationStubs(c, '*')]);
  out.push(['evals', evaluationList(c, '*')], ['deployments', deploymentList(c, '*')], ['plugins', csiPluginStubs(c)], ['plugin', csiPlugin(c, 'aws/ebs')]);
  out.push(['volumes', csiVolumeStubs(c, '*')], ['volume', csiVolume(c, 'postgres-data')], ['raft', raftConfiguration(c)]);
  out.push(['autopilot', autopilotHealth(c, AT)], ['scheduler', schedulerConfiguration(c)], ['events', eventsSince(c, 0, null)]);
  for (const a of c.allocations.slice(0, 20)) {
    const id = String(a['ID']);
    out.push([`alloc ${id}`, findAllocation(c, id)], [`astats ${id}`, allocStats(c, id, AT)], [`fs ${id}`, allocFs(c, id)]);
  }
  return out;
}

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])/g;

function ipv4Strings(v: unknown, path: string, out: { path: string; ip: string }[]): void {
  if (typeof v === 'string') {
    for (const m of v.matchAll(IPV4)) out.push({ path, ip: m[0] });
  } else if (Array.isArray(v)) v.forEach((x, i) => ipv4Strings(x, `${path}/${i}`, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (k !== 'netmask') ipv4Strings(x, `${path}/${k}`, out);
  }
}

test('same seed gives identical documents; another seed gives other ids', () => {
  const a = buildCluster(opts());
  const b = buildCluster(opts());
  assert.equal(JSON.stringify(allDocs(a)), JSON.stringify(allDocs(b)));
  assert.deepEqual(a.planted, b.planted);
  const other = buildCluster(opts({ seed: 43 }));
  assert.notEqual(other.clients[0]!.id, a.clients[0]!.id);
  assert.notEqual(other.servers[0]!.id, a.servers[0]!.id);
  assert.notEqual(other.allocations[0]!['ID'], a.allocations[0]!['ID']);
});

test('every IPv4 address in every document is in 127.0.0.0/8', () => {
  for (const scenario of ['healthy', 'degraded'] as const) {
    const c = buildCluster(opts({ scenario, clients: 12, tls: true, aclEnabled: true }));
    const found: { path: string; ip: string }[] = [];
    for (const [label, doc] of allDocs(c)) ipv4Strings(doc, label, found);
    assert.ok(found.length > 100, 'the walk found addresses');
    const outside = found.filter((f) => !f.ip.startsWith('127.'));
    assert.deepEqual(outside, []);
  }
});

test('addresses and advertised endpoints follow the layout', () => {
  const c = buildCluster(opts({ port: 5646 }));
  assert.deepEqual(c.servers.map((s) => s.address), ['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14']);
  assert.equal(c.clients[0]!.address, '127.0.1.1');
  assert.equal(leaderAddr(c), '127.0.0.11:4647');
  assert.equal(nodeDoc(c, c.clients[0]!.id)!['HTTPAddr'], '127.0.1.1:5646');
  assert.equal(nodeDoc(c, c.clients[0]!.id)!['SecretID'], '');
  const self = agentSelf(c, c.servers[0]!) as { config: Doc; member: Doc; stats: Record<string, Record<string, string>> };
  assert.deepEqual(self.config['AdvertiseAddrs'], { HTTP: '127.0.0.11:5646', RPC: '127.0.0.11:4647', Serf: '127.0.0.11:4648' });
  assert.equal(self.member['Name'], 'server-1.global');
  for (const section of Object.values(self.stats)) for (const v of Object.values(section)) assert.equal(typeof v, 'string');
  const clientSelf = agentSelf(c, c.clients[0]!) as { member: Doc; stats: Record<string, Record<string, string>> };
  assert.equal(clientSelf.member['Status'], 'none');
  assert.equal(clientSelf.stats['client']!['node_id'], c.clients[0]!.id);
  assert.equal(clientSelf.stats['client']!['known_servers'], '127.0.0.11:4647,127.0.0.12:4647');
  const ids = nodeStubs(c).map((n) => String(n['ID']));
  assert.deepEqual(ids, [...ids].sort());
  assert.deepEqual(nodeStubs(c, ids[2]!.slice(0, 6)).map((n) => n['ID']), ids.filter((i) => i.startsWith(ids[2]!.slice(0, 6))));
});

test('healthy: nothing planted, every agent alive, ready and ok', () => {
  const c = buildCluster(opts({ scenario: 'healthy' }));
  assert.deepEqual(c.planted, []);
  assert.equal(c.servers.length, 3);
  for (const a of c.agents) {
    assert.ok(a.listening && a.health.ok && !a.schedulersPaused && !a.hot && !a.errorBurst && a.leakedGoroutines === 0, a.name);
    assert.equal(a.status, a.kind === 'server' ? 'alive' : 'ready');
    assert.equal(agentHealth(c, a).status, 200);
  }
  assert.equal(autopilotHealth(c, AT).status, 200);
  assert.equal(new Set(c.agents.map((a) => a.version)).size, 1);
  assert.ok(!c.evaluations.some((e) => e['Status'] === 'blocked'));
});

test('degraded: every problem is planted on the agent it names', () => {
  const c = buildCluster(opts());
  const [s1, s2, s3, s4] = c.servers;
  const [c1, c2, c3, c4, c5] = c.clients;
  const has = (kind: string, subject: string) => assert.ok(c.planted.some((p) => p.kind === kind && p.subject === subject), `${kind} ${subject}`);
  assert.equal(s3!.status, 'failed');
  assert.equal(s3!.listening, false);
  has('member-failed', 'server-3.global');
  assert.equal(s4!.name, 'server-4.global');
  assert.equal(s4!.status, 'left');
  has('member-left', 'server-4.global');
  assert.equal((members(c, s1!)['Members'] as Doc[]).length, 4);
  assert.equal(s2!.version, '1.9.7');
  has('version-skew', 'cluster');
  assert.ok(s2!.schedulersPaused);
  assert.ok((agentSchedulers(c, s2!)['schedulers'] as Doc[]).every((w) => w['status'] === 'Paused' && w['workload_status'] === 'Paused'));
  has('schedulers-paused', 'server-2.global');
  has('hot-cpu', 'server-2.global');
  assert.deepEqual(agentHealth(c, c2!), { status: 500, body: { client: { ok: false, message: 'no known servers' } } });
  assert.equal(nodeDoc(c, c2!.id)!['Status'], 'ready');
  assert.deepEqual(agentServers(c, c2!), []);
  has('health-unhealthy', c2!.id);
  assert.equal(c3!.status, 'down');
  assert.equal(c3!.listening, false);
  has('node-down', c3!.id);
  assert.ok(allocationStubs(c, '*').some((a) => a['NodeID'] === c3!.id && a['ClientStatus'] === 'lost'));
  const stats = clientStats(c, c4!, AT) as { DiskStats: { UsedPercent: number }[] };
  assert.ok(Math.abs(stats.DiskStats[0]!.UsedPercent - 97.1) < 0.05);
  const disk = (agentHost(c, c4!)['Disk'] as Record<string, { DiskMB: number; UsedMB: number }>)['/']!;
  assert.ok(Math.abs((disk.UsedMB / disk.DiskMB) * 100 - 97.1) < 0.05);
  has('disk-full', c4!.id);
  assert.ok(c5!.errorBurst);
  has('error-burst', c5!.id);
  assert.equal(c1!.leakedGoroutines, 300);
  has('goroutine-leak', c1!.id);
  const ap = autopilotHealth(c, AT);
  assert.equal(ap.status, 429);
  assert.equal(ap.body['FailureTolerance'], 0);
  assert.ok((ap.body['Servers'] as Doc[]).some((s) => s['Name'] === 'server-3.global' && s['Healthy'] === false && /^(\d+h)?(\d+m)?[\d.]+m?s$/.test(String(s['LastContact']))));
  has('autopilot-unhealthy', 'cluster');
  has('blocked-evals', 'search-indexer');
  has('blocked-evals', 'ml-training');
  has('crash-loop', 'checkout');
  assert.ok(evaluationList(c, '*').filter((e) => e['Status'] === 'blocked').length >= 2);
  const jobs = new Set(c.jobs.map((j) => j['ID']));
  for (const p of c.planted) assert.ok(p.subject === 'cluster' || jobs.has(p.subject) || c.agents.some((a) => a.name === p.subject || a.id === p.subject), p.subject);
});

test('degraded: leaked secrets are in the documents as planted, the redacted ones are not', () => {
  const c = buildCluster(opts());
  const c1 = c.clients[0]!;
  const leaks = c.planted.filter((p) => p.kind === 'leaked-secret');
  const env = agentHost(c, c1)['Environment'] as Record<string, string>;
  for (const name of ['DB_PASSWORD', 'STRIPE_API_KEY', 'NOMAD_HTTP_AUTH', 'APP_DATABASE_URL']) {
    assert.ok(leaks.some((p) => p.subject === c1.id && p.value === env[name]), name);
    assert.match(env[name]!, /CANARY/);
  }
  assert.match(env['STRIPE_API_KEY']!, /^sk_live_/);
  assert.match(env['APP_DATABASE_URL']!, /^postgres:\/\/app:[^@]+@db\.internal:5432\/app$/);
  for (const name of ['VAULT_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'CONSUL_HTTP_TOKEN', 'GITHUB_TOKEN', 'APP_SECRET']) assert.equal(env[name], '<redacted>', name);
  const self = agentSelf(c, c.servers[0]!) as { config: { Consuls: Doc[]; Vaults: Doc[]; ACL: Doc } };
  assert.match(String(self.config.Consuls[0]!['Auth']), /^consul-ops:CANARY/);
  assert.equal(self.config.Consuls[0]!['Token'], '<redacted>');
  assert.match(String(self.config.Vaults[0]!['Token']), /^hvs\.CANARY/);
  assert.ok(leaks.some((p) => p.subject === 'server-1.global' && p.value === self.config.Consuls[0]!['Auth']));
  assert.ok(leaks.some((p) => p.subject === 'server-1.global' && p.value === self.config.Vaults[0]!['Token']));
  // 1.9 still redacted the Vault token.
  const old = agentSelf(c, c.servers[1]!) as { config: { Vaults: Doc[] } };
  assert.equal(old.config.Vaults[0]!['Token'], '<redacted>');
  assert.ok(!leaks.some((p) => p.subject === 'server-2.global' && p.detail.startsWith('Vaults')));
  // Every planted value is unique and appears in some document.
  const all = JSON.stringify(allDocs(c));
  assert.equal(new Set(leaks.map((p) => p.value)).size, leaks.length);
  for (const p of leaks) assert.ok(all.includes(JSON.stringify(p.value!).slice(1, -1)), p.detail);
  const acl = agentSelf(buildCluster(opts({ aclEnabled: true })), c.servers[0]!) as { config: { ACL: Doc } };
  assert.equal(acl.config.ACL['ReplicationToken'], '<redacted>');
});

test("Nomad's agent/host environment rule", () => {
  for (const n of ['VAULT_TOKEN', 'BOGUS_TOKEN', 'BOGUS_SECRET', 'ryanSECRETS', 'AWS_ACCESS_KEY_ID', 'GOOGLE_APPLICATION_CREDENTIALS', 'nomad_token']) {
    assert.ok(nomadRedactsEnv(n), n);
  }
  for (const n of ['DB_PASSWORD', 'API_KEY', 'STRIPE_API_KEY', 'NOMAD_HTTP_AUTH', 'PATH', 'aws_access_key_id']) assert.ok(!nomadRedactsEnv(n), n);
  assert.deepEqual(redactEnvironment({ VAULT_TOKEN: 'x', DB_PASSWORD: 'p', ryanSECRETS: 'y', BOGUS_SECRET: 'z' }),
    { VAULT_TOKEN: '<redacted>', DB_PASSWORD: 'p', ryanSECRETS: '<redacted>', BOGUS_SECRET: '<redacted>' });
});

test('health answers per role, 500 when not ok', () => {
  const c = buildCluster(opts());
  const s1 = c.servers[0]!;
  const c1 = c.clients[0]!;
  assert.deepEqual(agentHealth(c, s1), { status: 200, body: { server: { ok: true, message: 'ok' } } });
  assert.deepEqual(agentHealth(c, s1, 'client'), { status: 500, body: { client: { ok: false, message: 'client not enabled' } } });
  assert.deepEqual(agentHealth(c, c1, 'server'), { status: 500, body: { server: { ok: false, message: 'server not enabled' } } });
  assert.deepEqual(agentHealth(c, c1, 'client'), { status: 200, body: { client: { ok: true, message: 'ok' } } });
  assert.equal(agentHealth(c, c.clients[1]!).status, 500);
});

test('small clusters plant what fits', () => {
  const c = buildCluster(opts({ servers: 1, clients: 2 }));
  assert.equal(c.leader?.name, 'server-1.global');
  assert.deepEqual(c.planted.map((p) => p.kind).sort(), ['blocked-evals', 'blocked-evals', 'crash-loop', 'deployment-failed', 'goroutine-leak', 'health-unhealthy', ...Array<string>(10).fill('leaked-secret'), 'member-left', 'plan-queue'].sort());
  assert.equal(autopilotHealth(c, AT).status, 200);
});

// How fast the sim builds is the bench's to measure (it flaked here under load), not a test's.
test('1000 clients: unique addresses and ids, allocations scale', () => {
  const c = buildCluster(opts({ clients: 1000, servers: 5 }));
  const addrs = c.agents.map((a) => a.address);
  assert.equal(new Set(addrs).size, addrs.length);
  assert.ok(addrs.every((a) => /^127\.\d+\.\d+\.\d+$/.test(a) && a.split('.').every((o) => Number(o) <= 255)));
  assert.equal(c.clients[999]!.address, '127.0.4.250');
  assert.equal(new Set(c.agents.map((a) => a.id)).size, c.agents.length);
  assert.equal(new Set(c.allocations.map((a) => a['ID'])).size, c.allocations.length);
  const perClient = c.allocations.length / c.clients.length;
  assert.ok(perClient >= 2 && perClient <= 3, String(perClient));
  assert.equal(nodeStubs(c).length, 1000);
});

test('metrics: Go timestamp, host label, planted trends rise over time', () => {
  const c = buildCluster(opts(), new Date(AT.getTime() - 1000));
  const leader = c.leader!;
  const at = (s: number) => new Date(AT.getTime() + s * 1000);
  const gauge = (a: typeof leader, name: string, t: Date) => (metrics(c, a, t)['Gauges'] as Doc[]).find((g) => g['Name'] === name)!;
  const m = metrics(c, leader, AT);
  assert.match(String(m['Timestamp']), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d0 \+0000 UTC$/);
  assert.deepEqual(gauge(leader, 'nomad.runtime.num_goroutines', AT)['Labels'], { host: 'server-1' });
  const blocked = [0, 2, 4].map((s) => Number(gauge(leader, 'nomad.nomad.blocked_evals.total_blocked', at(s))['Value']));
  assert.ok(blocked[0]! < blocked[1]! && blocked[1]! < blocked[2]! && blocked[2]! / blocked[0]! >= 1.2, blocked.join(' '));
  const leaky = c.clients[0]!;
  const g = [0, 2, 4].map((s) => Number(gauge(leaky, 'nomad.runtime.num_goroutines', at(s))['Value']));
  assert.ok(g[0]! >= 300 && g[0]! < g[1]! && g[1]! < g[2]!, g.join(' '));
  const quiet = [0, 2, 4].map((s) => Number(gauge(c.clients[3]!, 'nomad.runtime.num_goroutines', at(s))['Value']));
  assert.ok(quiet[2]! / quiet[0]! < 1.2);
});

test('events, alloc dirs and CSI', () => {
  const c = buildCluster(opts());
  const frames = eventsSince(c, 0, null) as { Index: number; Events: Doc[] }[];
  assert.ok(frames.length > 10);
  for (let i = 1; i < frames.length; i++) assert.ok(frames[i]!.Index > frames[i - 1]!.Index);
  const ev = frames[0]!.Events[0]!;
  assert.deepEqual(Object.keys(ev), ['Topic', 'Type', 'Key', 'Namespace', 'FilterKeys', 'Index', 'Payload']);
  assert.ok(String(ev['Topic']) in (ev['Payload'] as Doc));
  const jobsOnly = eventsSince(c, 0, new Map([['Job', ['*']]])) as { Events: Doc[] }[];
  assert.ok(jobsOnly.length > 0 && jobsOnly.every((f) => f.Events.every((e) => e['Topic'] === 'Job')));
  const web = eventsSince(c, 0, new Map([['Job', ['web']]])) as { Events: Doc[] }[];
  assert.deepEqual(web.flatMap((f) => f.Events.map((e) => e['Key'])), ['web']);
  const late = eventsSince(c, frames[frames.length - 1]!.Index, null);
  assert.equal(late.length, 1);

  const alloc = c.allocations.find((a) => a['ClientStatus'] === 'running')!;
  const files = allocFs(c, String(alloc['ID']))!;
  const task = Object.keys(alloc['TaskStates'] as Doc)[0]!;
  const paths = files.map((f) => f.path);
  for (const p of ['alloc', 'alloc/logs', 'alloc/data', 'alloc/tmp', `alloc/logs/${task}.stdout.0`, `alloc/logs/${task}.stderr.0`, `${task}/local`, `${task}/secrets`]) {
    assert.ok(paths.includes(p), p);
  }
  const out = files.find((f) => f.path === `alloc/logs/${task}.stdout.0`)!;
  assert.equal(out.Size, Buffer.byteLength(out.content!));
  assert.equal(allocFs(c, 'nope'), undefined);
  assert.ok(allocStats(c, String(alloc['ID']), AT)!['Tasks']);

  assert.ok(csiPluginStubs(c).some((p) => p['ID'] === 'aws/ebs'));
  assert.equal(csiPlugin(c, 'aws/ebs')!['Provider'], 'ebs.csi.aws.com');
  assert.equal(csiVolumeStubs(c, 'prod').length, 1);
  assert.equal(csiVolumeStubs(c, 'default').length, 0);
  assert.deepEqual(jobStubs(c, 'prod').map((j) => j['Namespace']).filter((n) => n !== 'prod'), []);
});

test('the degraded event stream tells its history as Nomad publishes it (nomad/state/events.go, types from nomad/structs/event.go)', () => {
  const c = buildCluster(opts());
  const events = (eventsSince(c, 0, null) as { Events: Doc[] }[]).flatMap((f) => f.Events);
  const node = (e: Doc) => (e['Payload'] as { Node: Doc }).Node;
  const statuses = (id: string) => events.filter((e) => e['Topic'] === 'Node' && e['Key'] === id).map((e) => `${String(e['Type'])}:${String(node(e)['Status'])}`);
  // a node registers initializing and turns ready through a node status update (a NodeStreamEvent)
  const healthy = c.clients.find((a) => a.status === 'ready' && !a.flapping)!;
  assert.deepEqual(statuses(healthy.id), ['NodeRegistration:initializing', 'NodeStreamEvent:ready']);
  const down = c.clients.find((a) => a.status === 'down')!;
  assert.deepEqual(statuses(down.id), ['NodeRegistration:initializing', 'NodeStreamEvent:ready', 'NodeStreamEvent:down']);
  const flapping = c.clients.find((a) => a.flapping)!;
  assert.deepEqual(statuses(flapping.id).slice(2), ['NodeStreamEvent:down', 'NodeStreamEvent:ready', 'NodeStreamEvent:down', 'NodeStreamEvent:ready']);
  const flapEvents = events.filter((e) => e['Key'] === flapping.id).map((e) => node(e)['Events'] as Doc[]);
  assert.equal(flapEvents[2]!.at(-1)!['Message'], 'Node heartbeat missed');
  // the crash-looping job's allocations carry their task states; its deployment runs, then fails
  const crash = events.filter((e) => e['Topic'] === 'Allocation' && (e['Payload'] as { Allocation: Doc }).Allocation['JobID'] === 'checkout');
  assert.ok(crash.length > 0);
  const states = (crash[0]!['Payload'] as { Allocation: { TaskStates: Record<string, { Restarts: number }> } }).Allocation.TaskStates;
  assert.ok(states['checkout']!.Restarts >= 3);
  const dep = events.filter((e) => e['Topic'] === 'Deployment' && (e['FilterKeys'] as string[]).includes('checkout')).map((e) => (e['Payload'] as { Deployment: Doc }).Deployment);
  assert.deepEqual(dep.map((d) => `${String(d['Status'])}: ${String(d['StatusDescription'])}`), ['running: Deployment is running', 'failed: Failed due to unhealthy allocations']);
  // the healthy scenario has none of it
  const calm = (eventsSince(buildCluster(opts({ scenario: 'healthy' })), 0, null) as { Events: Doc[] }[]).flatMap((f) => f.Events);
  assert.ok(calm.every((e) => e['Topic'] !== 'Node' || ['initializing', 'ready'].includes(String(node(e)['Status']))));
  assert.ok(calm.every((e) => e['Topic'] !== 'Deployment' || ['running', 'successful'].includes(String((e['Payload'] as { Deployment: Doc }).Deployment['Status']))));
});
