// Hand-built Bundles for the analyze tests: an empty bundle plus helpers that add the pieces
// each check reads, in the shapes real Nomad writes (nomad-real-data.md).
import type { CaptureRecord, Manifest, RedactionRecord } from '../../src/archive/manifest.ts';
import type {
  AgentData, Bundle, GoroutineGroup, HealthResponse, HostData, HostStats, IntervalData, LogEntry, LogLevel, Member, NodeStub,
  ProfileRound, ProfileSummary, StreamEvent,
} from '../../src/model/types.ts';
import { withServices } from './services-bundle.ts';

export function emptyBundle(): Bundle {
  return { root: 'nomad-debug-2026-11-22-101500Z', layout: 'nomad-debug', createdAt: '2026-11-22T10:15:00Z', files: [], sizes: {}, cluster: {}, servers: [], clients: [], intervals: [], gaps: [], integrity: { duplicates: [], changed: [], missing: [], added: [], verified: 0 } };
}

export function member(name: string, status = 'alive', tags: Record<string, string> = {}, i = 1): Member {
  return {
    Name: name, Addr: `127.0.0.${10 + i}`, Port: 4648, Status: status, ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 2, DelegateMin: 2, DelegateMax: 5, DelegateCur: 4,
    Tags: { role: 'nomad', region: 'global', dc: 'dc1', build: '1.10.5', revision: 'abc', vsn: '1', raft_vsn: '3', id: `id-${name}`, rpc_addr: `127.0.0.${10 + i}`, port: '4647', ...tags },
  };
}

export function withMembers(b: Bundle, members: Member[]): Bundle {
  b.cluster.members = { file: 'cluster/members.json', value: { ServerName: members[0]?.Name ?? '', ServerRegion: 'global', ServerDC: 'dc1', Members: members } };
  return b;
}

/** Three alive servers, a leader, a raft config and healthy autopilot. */
export function healthyCluster(): Bundle {
  const b = emptyBundle();
  const ms = [1, 2, 3].map((i) => member(`server-${i}.global`, 'alive', {}, i));
  withMembers(b, ms);
  b.cluster.leader = { file: 'cluster/leader.json', value: '127.0.0.11:4647' };
  const iv = interval(b, 0);
  iv.operatorRaft = { file: 'interval/0000/operator-raft.json', value: { Index: 10, Servers: ms.map((m, i) => ({ ID: m.Tags!.id!, Node: m.Name, Address: `${m.Addr}:4647`, Leader: i === 0, Voter: true, RaftProtocol: '3' })) } };
  iv.autopilotHealth = { file: 'interval/0000/operator-autopilot-health.json', value: { Healthy: true, FailureTolerance: 1, Servers: ms.map((m, i) => autopilotServer(m.Name, i === 0, true)) } };
  return b;
}

export function autopilotServer(name: string, leader: boolean, healthy: boolean, serf = 'alive') {
  return { ID: `id-${name}`, Name: name, Address: '127.0.0.1:4647', SerfStatus: serf, Version: '1.10.5', Leader: leader, LastContact: 0, LastTerm: 2, LastIndex: 100, Healthy: healthy, Voter: true, StableSince: '2026-11-22T10:00:00Z' };
}

export function interval(b: Bundle, index: number): IntervalData {
  let iv = b.intervals.find((x) => x.index === index);
  if (!iv) {
    iv = { index, dir: `interval/${String(index).padStart(4, '0')}` };
    b.intervals.push(iv);
    b.intervals.sort((x, y) => x.index - y.index);
  }
  return iv;
}

export function agent(b: Bundle, kind: 'server' | 'client', id: string, extra: Partial<AgentData> = {}): AgentData {
  const list = kind === 'server' ? b.servers : b.clients;
  let a = list.find((x) => x.id === id);
  if (!a) {
    a = { kind, id, dir: `${kind}/${id}`, allocStats: [], allocChecks: [], metrics: [], profiles: [], files: [] };
    list.push(a);
  }
  Object.assign(a, extra);
  return a;
}

export function withHealth(a: AgentData, value: HealthResponse): AgentData {
  a.health = { file: `${a.dir}/health.json`, value };
  return a;
}

export function withHost(a: AgentData, host: HostData): AgentData {
  a.host = { file: `${a.dir}/agent-host.json`, value: host };
  a.files.push(`${a.dir}/agent-host.json`);
  return a;
}

export function withClientStats(a: AgentData, stats: HostStats): AgentData {
  a.clientStats = { file: `${a.dir}/client-stats.json`, value: stats };
  return a;
}

export function withSelf(a: AgentData, config: Record<string, unknown>): AgentData {
  a.self = { file: `${a.dir}/agent-self.json`, value: { config: config as never } };
  return a;
}

export function node(id: string, name: string, status = 'ready', extra: Partial<NodeStub> = {}): NodeStub {
  return { ID: id, Name: name, Address: '127.0.0.50', Datacenter: 'dc1', NodeClass: '', NodePool: 'default', Version: '1.10.5', Drain: false, SchedulingEligibility: 'eligible', Status: status, StatusDescription: '', ...extra };
}

export function withNodes(b: Bundle, nodes: NodeStub[]): Bundle {
  b.cluster.nodes = { file: 'cluster/nodes.json', value: nodes };
  return b;
}

export function manifest(b: Bundle, parts: Partial<Manifest> = {}): Manifest {
  const m: Manifest = {
    schema: 'nomad-debug/manifest@1', tool: { name: 'nomad-debug', version: '0.1.0' }, startedAt: '2026-11-22T10:15:00Z', finishedAt: '2026-11-22T10:17:00Z',
    interrupted: false, options: {}, targets: { servers: [], clients: [], skipped: [] }, captures: [], redactions: [], ...parts,
  };
  b.manifest = { file: 'manifest.json', value: m };
  return m;
}

export function capture(path: string, endpoint: string, target: string, code = 'OK', extra: Partial<CaptureRecord> = {}): CaptureRecord {
  const status = code === 'OK' ? 'ok' : code === 'TIMEOUT' ? 'timeout' : 'failed';
  const http = /^HTTP_(\d+)$/.exec(code);
  return { path, endpoint, target, status, code: code as CaptureRecord['code'], bytes: 10, startedAt: '2026-11-22T10:15:00Z', ms: 5, ...(http ? { httpStatus: Number(http[1]) } : {}), ...extra };
}

export function redaction(path: string, field: string, rule: string): RedactionRecord {
  return { path, field, rule };
}

/** A parsed monitor log with the given entries (WARN/ERROR), counts derived from them plus `extraInfo` INFO lines. */
export function withLog(a: AgentData, entries: Partial<LogEntry>[], opts: { extraInfo?: number; streamError?: string } = {}): AgentData {
  const full: LogEntry[] = entries.map((e, i) => ({ line: i + 1, level: 'ERROR', module: 'nomad', message: 'x', ...e }));
  const counts: Record<LogLevel, number> = { TRACE: 0, DEBUG: 0, INFO: opts.extraInfo ?? 0, WARN: 0, ERROR: 0 };
  for (const e of full) counts[e.level]++;
  a.log = {
    file: `${a.dir}/monitor.log`, bytes: 1000, lines: full.length + (opts.extraInfo ?? 0), counts, unparsed: 0, entries: full, capped: false,
    ...(opts.streamError ? { streamError: opts.streamError } : {}),
  };
  return a;
}

export function profile(file: string, type: string, sampleType: string, unit: string, total: number, top: [string, number, number?][]): ProfileSummary {
  return {
    file, type, sampleType, unit, total,
    top: top.map(([name, flat, cum]) => ({ name, flat, flatPct: (flat / total) * 100, sumPct: 0, cum: cum ?? flat, cumPct: ((cum ?? flat) / total) * 100 })),
    flame: { name: 'root', value: total, children: [] },
  };
}

export function withRound(a: AgentData, round: Partial<ProfileRound>): ProfileRound {
  const r: ProfileRound = { round: a.profiles.length, ...round };
  a.profiles.push(r);
  return r;
}

export function goroutineDump(file: string, groups: GoroutineGroup[]) {
  return { file, format: 'debug2' as const, total: groups.reduce((s, g) => s + g.count, 0), groups: [...groups].sort((x, y) => y.count - x.count) };
}

/** Normal Nomad client goroutines: some GC workers, http, yamux, a few task runners. */
export function normalGroups(): GoroutineGroup[] {
  return [
    { count: 8, state: 'GC worker (idle)', stack: ['runtime.gopark', 'runtime.gcBgMarkWorker'], createdBy: 'runtime.gcBgMarkStartWorkers' },
    { count: 12, state: 'IO wait', stack: ['runtime.gopark', 'runtime.netpollblock', 'internal/poll.runtime_pollWait', 'net.(*netFD).Read', 'net/http.(*connReader).backgroundRead'] },
    { count: 6, state: 'select', stack: ['runtime.gopark', 'runtime.selectgo', 'github.com/hashicorp/yamux.(*Session).send'] },
    { count: 4, state: 'select', stack: ['runtime.gopark', 'runtime.selectgo', 'github.com/hashicorp/nomad/client.(*Client).run'] },
  ];
}

export function has(findings: { check: string; severity: string; subject: string; title: string }[], match: { severity?: string; subject?: string; title?: RegExp }): boolean {
  return findings.some((f) => (!match.severity || f.severity === match.severity) && (!match.subject || f.subject === match.subject) && (!match.title || match.title.test(f.title)));
}

/** Client node IDs of the hand-built degraded cluster. */
export const nodeIdOf = (n: number) => `0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`;
const C = nodeIdOf;
const DEGRADED_T0 = Date.parse('2026-11-22T10:15:00Z');

/** Shaped like the simulated cluster's `degraded` scenario: one of each planted problem. */
export function degradedBundle(): Bundle {
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
    level: 'ERROR', module: 'client.rpc', ts: DEGRADED_T0 + i * 700, message: 'error performing RPC to server',
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
  return withServices(b, 'degraded');
}

/** cluster/eventstream.json as the model keeps it: one event a line, in order. */
export function withEvents(b: Bundle, events: (Partial<StreamEvent> & { topic: string })[]): Bundle {
  const file = 'cluster/eventstream.json';
  b.cluster.events = {
    file, total: events.length, notKept: 0, unreadable: 0, secrets: [], notScanned: 0,
    events: events.map((e, i) => ({ line: i + 1, type: '', key: '', index: 10 + i, ...e })),
  };
  return b;
}
