// Bundles for the report tests, built in memory with the analyze test builders: the
// `degraded` scenario (as in test/analyze/degraded.test.ts) plus profiles and metrics so every
// report section has data; a 500-client cluster; and hostile names (hostile shapes come
// through the real model: test/analyze/hostile-files.ts).
import type { Bundle, FlameNode, MetricsSummary } from '../../src/model/types.ts';
import {
  agent, capture, degradedBundle, withEvents, goroutineDump, healthyCluster, interval, manifest, member, node, nodeIdOf, normalGroups,
  profile, redaction, withClientStats, withHealth, withHost, withLog, withNodes, withRound,
} from '../analyze/bundle-builder.ts';

export const C = nodeIdOf;

function frame(name: string, value: number, children: FlameNode[] = []): FlameNode {
  return { name, value, children };
}

/** A Nomad-looking CPU call tree (values in nanoseconds). */
export function cpuFlame(scale = 1): FlameNode {
  const s = (n: number) => n * scale * 1e6;
  return frame('root', s(1000), [
    frame('runtime.main', s(40), [frame('main.main', s(40), [frame('github.com/hashicorp/nomad/command/agent.(*Command).Run', s(40))])]),
    frame('github.com/hashicorp/nomad/nomad.(*Worker).run', s(520), [
      frame('github.com/hashicorp/nomad/nomad.(*Worker).invokeScheduler', s(480), [
        frame('github.com/hashicorp/nomad/scheduler.(*GenericScheduler).Process', s(460), [
          frame('github.com/hashicorp/nomad/scheduler.(*GenericStack).Select', s(300), [frame('github.com/hashicorp/nomad/scheduler.(*BinPackIterator).Next', s(280), [frame('runtime.mallocgc', s(60))])]),
          frame('github.com/hashicorp/nomad/scheduler.(*GenericScheduler).computeJobAllocs', s(150)),
        ]),
      ]),
    ]),
    frame('github.com/hashicorp/raft.(*Raft).runFSM', s(260), [frame('github.com/hashicorp/nomad/nomad.(*nomadFSM).Apply', s(250), [frame('github.com/hashicorp/go-msgpack/codec.(*Decoder).Decode', s(180))])]),
    frame('runtime.gcBgMarkWorker', s(170), [frame('runtime.gcDrain', s(165), [frame('runtime.scanobject', s(120))])]),
    frame('tiny.frame', s(1)),
  ]);
}

function withProfiles(b: Bundle, kind: 'server' | 'client', id: string, scale: number): void {
  const a = agent(b, kind, id);
  const cpu = profile(`${a.dir}/profile_0000.prof`, 'cpu', 'cpu', 'nanoseconds', 1000e6 * scale, [
    ['github.com/hashicorp/nomad/scheduler.(*BinPackIterator).Next', 220e6 * scale, 280e6 * scale],
    ['github.com/hashicorp/go-msgpack/codec.(*Decoder).Decode', 180e6 * scale],
    ['runtime.scanobject', 120e6 * scale],
    ['github.com/hashicorp/nomad/scheduler.(*GenericScheduler).computeJobAllocs', 150e6 * scale],
    ['runtime.mallocgc', 60e6 * scale],
  ]);
  cpu.flame = cpuFlame(scale);
  cpu.durationNanos = 1e9;
  const heap = profile(`${a.dir}/heap_0000.prof`, 'heap', 'inuse_space', 'bytes', 84 * 2 ** 20, [
    ['github.com/hashicorp/nomad/nomad/state.(*StateStore).UpsertAllocs', 40 * 2 ** 20],
    ['github.com/hashicorp/go-memdb.(*Txn).Insert', 22 * 2 ** 20],
  ]);
  withRound(a, { round: 0, cpu, heap, goroutineDebug2: goroutineDump(`${a.dir}/goroutine-debug2_0000.txt`, normalGroups()) });
}

function metrics(values: [string, string, number][]): { file: string; value: MetricsSummary } {
  return { file: '', value: { Timestamp: '2026-11-22 10:15:00 +0000 UTC', Gauges: values.map(([Name, host, Value]) => ({ Name, Value, Labels: { host } })) } };
}

/** The analyze tests' degraded bundle, plus what only the report shows: profiles, metrics, scheduler config, gaps. */
export function degraded(): Bundle {
  const b = degradedBundle();
  const n5 = b.cluster.nodes!.value.find((n) => n.ID === C(5))!;
  Object.assign(n5, { Drain: true, SchedulingEligibility: 'ineligible' });
  for (const id of ['server-1.global', 'server-2.global']) {
    const s = agent(b, 'server', id);
    s.schedulersConfig = { file: `server/${id}/schedulers-config.json`, value: { server_id: id, num_schedulers: 2, enabled_schedulers: ['service', 'batch', 'system', 'sysbatch', '_core'] } };
    withLog(s, [{ level: 'WARN', module: 'nomad.raft', message: 'failed to contact', fields: 'server-id=id-server-3.global time=2.5s' }], { extraInfo: 900 });
  }
  agent(b, 'client', C(5)).log!.streamError = 'monitor: Unexpected response code: 500 (rpc error: EOF)';
  // the event stream: client-3 registers, turns ready and is lost; a deployment of web fails
  const t = Date.UTC(2026, 10, 22, 10, 0, 0);
  withEvents(b, [
    { topic: 'Node', type: 'NodeRegistration', key: C(3), node: C(3), name: 'client-3', status: 'initializing', ts: t },
    { topic: 'Node', type: 'NodeStreamEvent', key: C(3), node: C(3), name: 'client-3', status: 'ready', ts: t + 2000 },
    { topic: 'Job', type: 'JobRegistered', key: 'web', job: 'web', status: 'pending', ts: t + 5000 },
    { topic: 'Deployment', type: 'DeploymentStatusUpdate', key: 'd1', job: 'web', status: 'running', ts: t + 9000 },
    { topic: 'Allocation', type: 'AllocationUpdated', key: 'a1', name: 'web.web[0]', node: C(3), job: 'web', status: 'lost', description: 'alloc is lost since its node is down', ts: t + 600_000 },
    { topic: 'Node', type: 'NodeStreamEvent', key: C(3), node: C(3), name: 'client-3', status: 'down', ts: t + 600_000 },
    { topic: 'Deployment', type: 'DeploymentStatusUpdate', key: 'd1', job: 'web', status: 'failed', description: 'Failed due to unhealthy allocations', ts: t + 610_000 },
  ]);
  withProfiles(b, 'server', 'server-1.global', 1);
  withProfiles(b, 'server', 'server-2.global', 0.4);
  // Three metrics snapshots: goroutines and blocked evals rising on server-1.
  [[900, 1, 210e6], [1400, 3, 260e6], [2100, 7, 330e6]].forEach(([g, blocked, heap], i) => {
    const iv = interval(b, i);
    iv.metrics = metrics([
      ['nomad.runtime.num_goroutines', 'server-1', g!], ['nomad.runtime.num_goroutines', 'server-2', 610 + i * 5],
      ['nomad.runtime.alloc_bytes', 'server-1', heap!], ['nomad.runtime.alloc_bytes', 'server-2', 120e6],
      ['nomad.nomad.blocked_evals.total_blocked', 'server-1', blocked!],
    ]);
    iv.metrics.file = `${iv.dir}/metrics.json`;
  });
  interval(b, 2).operatorScheduler = { file: 'interval/0002/operator-scheduler.json', value: { SchedulerConfig: { SchedulerAlgorithm: 'binpack', PauseEvalBroker: false, RejectJobRegistration: false, MemoryOversubscriptionEnabled: true } } };
  b.gaps.push({ file: 'interval/0000/operator-autopilot-health.json', reason: 'Unexpected response code: 429 (unhealthy)', code: 'ERROR_FILE' });
  const m = b.manifest!.value;
  m.targets.skipped.push({ id: 'server-4.global', reason: 'member status left' });
  const refused: Record<string, string> = { [`client:${C(3)}`]: 'connect ECONNREFUSED 127.0.0.53:4646', 'server:server-3.global': 'connect ECONNREFUSED 127.0.0.13:4646' };
  for (const c of m.captures) if (c.code === 'CONNECT_REFUSED' && refused[c.target]) c.error = refused[c.target];
  b.files = ['manifest.json', 'index.json', 'cluster/members.json', 'cluster/nodes.json'];
  b.sizes = { 'manifest.json': 4000, 'index.json': 300, 'cluster/members.json': 2000, 'cluster/nodes.json': 1500 };
  return b;
}

/** A healthy-ish cluster with `n` clients, each with host data, stats, a log and a CPU profile. */
export function bigCluster(n: number): Bundle {
  const b = healthyCluster();
  const id = (i: number) => `${String(i).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`;
  withNodes(b, Array.from({ length: n }, (_, i) => node(id(i), `client-${i}`, i % 97 === 5 ? 'down' : 'ready')));
  const caps = [];
  for (let i = 0; i < n; i++) {
    const a = agent(b, 'client', id(i));
    withHealth(a, { client: { ok: true, message: 'ok' } });
    withClientStats(a, { DiskStats: [{ Device: '/dev/sda1', Mountpoint: '/', Size: 1e11, Used: 5e10, Available: 5e10, UsedPercent: 40 + (i % 60), InodesUsedPercent: 3 }] });
    withHost(a, { Environment: { PATH: '/usr/bin', VAULT_TOKEN: '<redacted>' } });
    withLog(a, Array.from({ length: 20 }, (_, k) => ({ level: 'ERROR' as const, module: 'client.rpc', message: `error performing RPC to server ${k % 3}`, line: k + 1 })), { extraInfo: 2000 });
    const cpu = profile(`${a.dir}/profile_0000.prof`, 'cpu', 'cpu', 'nanoseconds', 1e9, [['github.com/hashicorp/nomad/client.(*Client).run', 3e8]]);
    cpu.flame = cpuFlame(1 + (i % 7));
    withRound(a, { cpu, goroutineDebug2: goroutineDump(`${a.dir}/goroutine-debug2_0000.txt`, normalGroups()) });
    for (const f of ['agent-self', 'health', 'agent-host', 'client-stats', 'monitor', 'profile']) caps.push(capture(`${a.dir}/${f}.json`, `/v1/${f}`, `client:${id(i)}`, i % 50 === 3 && f === 'profile' ? 'TIMEOUT' : 'OK'));
  }
  for (let k = 0; k < 6; k++) {
    interval(b, k).metrics = metrics([['nomad.runtime.num_goroutines', 'server-1', 1000 + k * 10], ['nomad.runtime.num_goroutines', 'server-2', 800]]);
  }
  manifest(b, { captures: caps, targets: { servers: [], clients: Array.from({ length: n }, (_, i) => ({ id: id(i) })), skipped: [] } });
  return b;
}

export const HOSTILE_SCRIPT = '<script>alert(1)</script>';
export const HOSTILE_IMG = '"><img src=x onerror=alert(2)>';

/** The degraded bundle with attacker-chosen names in every place a name reaches the report. */
export function hostileNames(): Bundle {
  const b = degraded();
  const ms = b.cluster.members!.value.Members;
  ms.push(member(HOSTILE_SCRIPT, 'failed', { build: HOSTILE_IMG, dc: HOSTILE_SCRIPT }, 9));
  b.cluster.nodes!.value.push(node(HOSTILE_IMG, HOSTILE_SCRIPT, 'down', { Datacenter: HOSTILE_IMG, NodePool: HOSTILE_SCRIPT }));
  const s = agent(b, 'server', HOSTILE_SCRIPT);
  withLog(s, [{ level: 'ERROR', module: HOSTILE_IMG, message: `boom ${HOSTILE_SCRIPT}` }]);
  const cpu = profile(`server/${HOSTILE_SCRIPT}/profile_0000.prof`, 'cpu', 'cpu', 'nanoseconds', 1e9, [[HOSTILE_SCRIPT, 9e8]]);
  cpu.flame = frame('root', 1e9, [frame(HOSTILE_SCRIPT, 9e8, [frame(HOSTILE_IMG, 8e8)])]);
  withRound(s, { cpu });
  interval(b, 0).metrics!.value.Gauges!.push({ Name: 'nomad.runtime.num_goroutines', Value: 5, Labels: { host: HOSTILE_SCRIPT } });
  b.manifest!.value.redactions.push(redaction(HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_IMG));
  b.manifest!.value.targets.skipped.push({ id: HOSTILE_SCRIPT, reason: HOSTILE_IMG });
  b.gaps.push({ file: HOSTILE_SCRIPT, reason: HOSTILE_IMG, code: 'ERROR_FILE' });
  b.root = HOSTILE_SCRIPT;
  return b;
}
