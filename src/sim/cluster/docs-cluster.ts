// Documents of the cluster-wide endpoints: status, nodes, jobs and the other lists (filtered
// by namespace), CSI, operator raft / autopilot / scheduler configuration.
import { rpcAddr } from './addresses.ts';
import { findSpec, fullJob, LEAKY_JOB } from './jobs.ts';
import { jobSecrets } from './workload-secrets.ts';
import { raftPeers } from './members.ts';
import { fullNode, nodeStub, type StubOptions } from './nodes.ts';
import { raftIndex, raftTerm } from './raft.ts';
import { bootedAt, failedAt } from './timeline.ts';
import type { Doc, SimCluster } from './types.ts';

export function leaderAddr(c: SimCluster): string {
  return c.leader && c.leader.status === 'alive' ? rpcAddr(c.leader.address) : '';
}

export function peers(c: SimCluster): string[] {
  return raftPeers(c).map((s) => rpcAddr(s.address));
}

export function regions(c: SimCluster): string[] {
  return [c.region];
}

export function namespacesList(c: SimCluster): Doc[] {
  return c.namespaces.map((n) => ({ ...n }));
}

/** GET /v1/nodes: stubs sorted by ID; `prefix` filters on the ID as Nomad's ?prefix= does. */
export function nodeStubs(c: SimCluster, prefix = '', opts: StubOptions = {}): Doc[] {
  return c.clients
    .filter((a) => a.id.startsWith(prefix))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .map((a) => nodeStub(c, a, opts));
}

export function nodeDoc(c: SimCluster, id: string): Doc | undefined {
  const a = c.clients.find((x) => x.id === id);
  return a ? fullNode(c, a) : undefined;
}

const inNs = (ns: string) => (d: Doc) => ns === '*' || d['Namespace'] === ns;

export function jobStubs(c: SimCluster, ns: string): Doc[] {
  return c.jobs.filter(inNs(ns));
}

export function allocationStubs(c: SimCluster, ns: string): Doc[] {
  return c.allocations.filter(inNs(ns));
}

export function evaluationList(c: SimCluster, ns: string): Doc[] {
  return c.evaluations.filter(inNs(ns));
}

export function deploymentList(c: SimCluster, ns: string): Doc[] {
  return c.deployments.filter(inNs(ns));
}

/** The full job for a stub of c.jobs. */
export function jobDoc(c: SimCluster, ns: string, id: string): Doc | undefined {
  const stub = c.jobs.find((j) => j['ID'] === id && j['Namespace'] === ns);
  const spec = findSpec(c.options.scenario, ns, id);
  const leaky = c.options.scenario === 'degraded' && id === LEAKY_JOB;
  return stub && spec ? fullJob(spec, stub, leaky ? jobSecrets(c.options.seed) : undefined) : undefined;
}

export function findAllocation(c: SimCluster, id: string): Doc | undefined {
  const stub = c.allocations.find((a) => a['ID'] === id);
  if (!stub) return undefined;
  const job = jobDoc(c, String(stub['Namespace']), String(stub['JobID']));
  // Allocation, in Go struct order (the fields a stub does not carry filled in).
  return {
    ID: stub['ID'], Namespace: stub['Namespace'], EvalID: stub['EvalID'], Name: stub['Name'], NodeID: stub['NodeID'], NodeName: stub['NodeName'],
    JobID: stub['JobID'], Job: job ?? null, TaskGroup: stub['TaskGroup'], Resources: null, SharedResources: null, TaskResources: null,
    AllocatedResources: null, Metrics: { NodesEvaluated: 1, NodesFiltered: 0, NodesInPool: c.clients.length, ClassFiltered: null, ConstraintFiltered: null, NodesExhausted: 0, AllocationTime: 95_142, CoalescedFailures: 0 },
    DesiredStatus: stub['DesiredStatus'], DesiredDescription: stub['DesiredDescription'], DesiredTransition: stub['DesiredTransition'],
    ClientStatus: stub['ClientStatus'], ClientDescription: stub['ClientDescription'], TaskStates: stub['TaskStates'], AllocStates: null,
    PreviousAllocation: '', NextAllocation: stub['NextAllocation'], DeploymentID: deploymentOf(c, stub), DeploymentStatus: stub['DeploymentStatus'],
    RescheduleTracker: null, NetworkStatus: null, FollowupEvalID: stub['FollowupEvalID'], PreemptedAllocations: null, PreemptedByAllocation: '',
    CreateIndex: stub['CreateIndex'], ModifyIndex: stub['ModifyIndex'], AllocModifyIndex: stub['CreateIndex'],
    CreateTime: stub['CreateTime'], ModifyTime: stub['ModifyTime'],
  };
}

function deploymentOf(c: SimCluster, stub: Doc): string {
  const d = c.deployments.find((x) => x['JobID'] === stub['JobID'] && x['Namespace'] === stub['Namespace']);
  return d ? String(d['ID']) : '';
}

const PLUGIN_STUB_KEYS = ['ID', 'Provider', 'ControllerRequired', 'ControllersHealthy', 'ControllersExpected', 'NodesHealthy', 'NodesExpected', 'CreateIndex', 'ModifyIndex'];
const VOLUME_STUB_KEYS = ['ID', 'Namespace', 'Name', 'ExternalID', 'Topologies', 'AccessMode', 'AttachmentMode', 'CurrentReaders', 'CurrentWriters',
  'Schedulable', 'PluginID', 'Provider', 'ControllerRequired', 'ControllersHealthy', 'ControllersExpected', 'NodesHealthy', 'NodesExpected',
  'ResourceExhausted', 'CreateIndex', 'ModifyIndex'];

function pick(d: Doc, keys: string[]): Doc {
  const out: Doc = {};
  for (const k of keys) out[k] = d[k] ?? 0;
  return out;
}

export function csiPluginStubs(c: SimCluster): Doc[] {
  return c.csiPlugins.map((p) => pick(p, PLUGIN_STUB_KEYS));
}

export function csiPlugin(c: SimCluster, id: string): Doc | undefined {
  return c.csiPlugins.find((p) => p['ID'] === id);
}

export function csiVolumeStubs(c: SimCluster, ns: string): Doc[] {
  return c.csiVolumes.filter(inNs(ns)).map((v) => pick(v, VOLUME_STUB_KEYS));
}

export function csiVolume(c: SimCluster, id: string): Doc | undefined {
  return c.csiVolumes.find((v) => v['ID'] === id);
}

export function raftConfiguration(c: SimCluster): Doc {
  return {
    Servers: raftPeers(c).map((s) => ({ ID: s.id, Node: s.name, Address: rpcAddr(s.address), Leader: s === c.leader, Voter: true, RaftProtocol: '3' })),
    Index: c.baseIndex - 200,
  };
}

/** GET /v1/operator/autopilot/health: 429 when unhealthy (the body is the same JSON). */
export function autopilotHealth(c: SimCluster, at: Date): { status: 200 | 429; body: Doc } {
  const peers = raftPeers(c);
  const stable = new Date(Math.floor(bootedAt(c.startedAt) / 1000) * 1000 + 10_000).toISOString().replace('.000Z', 'Z');
  const servers = peers.map((s) => {
    const healthy = s.status === 'alive';
    // A failed server was last heard from when it failed.
    const contactNs = s === c.leader ? 0 : healthy ? 8_000_000 + (s.name.length % 7) * 3_100_000 : Math.max(0, at.getTime() - failedAt(c.startedAt)) * 1e6;
    return {
      ID: s.id, Name: s.name, Address: rpcAddr(s.address), SerfStatus: s.status, Version: s.version, Leader: s === c.leader,
      LastContact: contactNs, LastTerm: raftTerm(c) - (healthy ? 0 : 1), LastIndex: raftIndex(c, s), Healthy: healthy, Voter: true,
      StableSince: healthy ? stable : '0001-01-01T00:00:00Z',
    };
  });
  const voters = servers.length;
  const healthyVoters = servers.filter((s) => s.Healthy).length;
  const quorum = Math.floor(voters / 2) + 1;
  const healthy = servers.every((s) => s.Healthy) && !!c.leader;
  const body: Doc = {
    Healthy: healthy,
    FailureTolerance: Math.max(0, healthyVoters - quorum),
    Servers: servers,
    Leader: c.leader?.id ?? '',
    Voters: servers.map((s) => s.ID),
  };
  return { status: healthy ? 200 : 429, body };
}

/**
 * GET /v1/operator/autopilot/configuration: api.AutopilotConfiguration, whose MarshalJSON
 * (api/operator_autopilot.go) writes the two durations as Go duration strings, first.
 */
export function autopilotConfiguration(): Doc {
  return {
    LastContactThreshold: '200ms',
    ServerStabilizationTime: '10s',
    CleanupDeadServers: true,
    MaxTrailingLogs: 250,
    MinQuorum: 0,
    EnableRedundancyZones: false,
    DisableUpgradeMigration: false,
    EnableCustomUpgrades: false,
    CreateIndex: 4,
    ModifyIndex: 4,
  };
}

export function schedulerConfiguration(c: SimCluster): Doc {
  return {
    SchedulerConfig: {
      SchedulerAlgorithm: 'binpack',
      PreemptionConfig: { SystemSchedulerEnabled: true, SysBatchSchedulerEnabled: false, BatchSchedulerEnabled: false, ServiceSchedulerEnabled: false },
      MemoryOversubscriptionEnabled: false,
      RejectJobRegistration: false,
      PauseEvalBroker: false,
      CreateIndex: 5,
      ModifyIndex: 5,
    },
    Index: 5,
    LastContact: 0,
    KnownLeader: !!c.leader,
    NextToken: '',
  };
}
