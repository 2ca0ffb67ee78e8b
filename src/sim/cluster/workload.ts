// The cluster objects: namespaces, jobs, allocations spread over the clients, evaluations
// and deployments. Raft indexes are handed out in creation order, times are ns integers.
import { hashString, makeRng, uuidFrom } from '../content/rand.ts';
import { jobSpecs, type JobSpec } from './jobs.ts';
import { taskStates, type ClientStatus } from './task-states.ts';
import { failedAt, historyStart } from './timeline.ts';
import type { ClusterOptions, Doc, SimAgent } from './types.ts';

export interface Workload {
  namespaces: Doc[];
  jobs: Doc[];
  allocations: Doc[];
  evaluations: Doc[];
  deployments: Doc[];
}

/** Hands out increasing raft indexes. */
export interface IndexCounter {
  next(): number;
  readonly current: number;
}

export function indexCounter(start: number): IndexCounter {
  let i = start;
  return {
    next: () => ++i,
    get current() {
      return i;
    },
  };
}

const NAMESPACES: [string, string][] = [
  ['default', 'Default shared namespace'],
  ['prod', 'Production services'],
];

export function buildWorkload(opts: ClusterOptions, clients: SimAgent[], startedAt: Date, idx: IndexCounter): Workload {
  const t0 = historyStart(startedAt) * 1e6;
  const namespaces = NAMESPACES.map(([Name, Description]) => {
    const i = idx.next();
    return { Name, Description, Quota: '', Capabilities: null, NodePoolConfiguration: null, Meta: null, CreateIndex: i, ModifyIndex: i };
  });
  const w: Workload = { namespaces, jobs: [], allocations: [], evaluations: [], deployments: [] };
  const degraded = opts.scenario === 'degraded';
  jobSpecs(opts.scenario).forEach((spec, j) => {
    const jobIndex = idx.next();
    const submitNs = t0 + (j + 1) * 7_000_000_000;
    const rng = makeRng('job', opts.seed, spec.namespace, spec.id);
    const evalId = uuidFrom(rng);
    const evalIndex = idx.next();
    const deploymentId = spec.type === 'service' && !spec.blocked ? uuidFrom(rng) : '';
    const summary: Record<string, Record<string, number>> = {};
    const queued: Record<string, number> = {};
    let live = 0;
    for (const g of spec.groups) {
      const s = { Queued: 0, Complete: 0, Failed: 0, Running: 0, Starting: 0, Lost: 0, Unknown: 0 };
      summary[g.name] = s;
      const nodes = placementNodes(spec, g.count(clients.length), clients, hashString(spec.id));
      if (spec.blocked) {
        s.Queued = g.count(clients.length);
        queued[g.name] = s.Queued;
        continue;
      }
      queued[g.name] = 0;
      nodes.forEach((node, k) => {
        const status = allocStatus(spec, node, k, degraded);
        if (status === 'running') s.Running++;
        else if (status === 'complete') s.Complete++;
        else if (status === 'failed') s.Failed++;
        else s.Lost++;
        if (status === 'running') live++;
        const allocIndex = idx.next();
        const createNs = submitNs + 900_000_000 + k * 3_000_000;
        w.allocations.push(allocStub(uuidFrom(rng), spec, g.name, g.tasks, k, node, status, evalId, deploymentId, allocIndex, createNs, failedAt(startedAt) * 1e6 + 1_000_000_000));
      });
    }
    const jobStatus = spec.blocked ? 'pending' : spec.type === 'batch' ? 'dead' : live > 0 ? 'running' : 'dead';
    const modifyIndex = idx.current;
    w.jobs.push({
      ID: spec.id, ParentID: '', Name: spec.id, Namespace: spec.namespace, Datacenters: ['*'], NodePool: 'default', Multiregion: null,
      Type: spec.type, Priority: spec.priority, Periodic: false, ParameterizedJob: false, Stop: false, Status: jobStatus, StatusDescription: '',
      JobSummary: { JobID: spec.id, Namespace: spec.namespace, Summary: summary, Children: { Pending: 0, Running: 0, Dead: 0 }, CreateIndex: jobIndex, ModifyIndex: modifyIndex },
      CreateIndex: jobIndex, ModifyIndex: modifyIndex, JobModifyIndex: jobIndex, SubmitTime: submitNs,
    });
    const blockedId = spec.blocked ? uuidFrom(rng) : '';
    w.evaluations.push(evaluation(spec, evalId, 'job-register', 'complete', jobIndex, evalIndex, idx.next(), submitNs, queued, {
      BlockedEval: blockedId, DeploymentID: deploymentId,
      FailedTGAllocs: spec.blocked ? failedAllocs(spec, clients) : null,
    }));
    if (spec.blocked) {
      const i = idx.next();
      w.evaluations.push(evaluation(spec, blockedId, 'queued-allocs', 'blocked', jobIndex, i, i, submitNs + 50_000_000, queued, {
        PreviousEval: evalId, StatusDescription: `created to place remaining allocations: ${spec.blocked.why}`,
        ClassEligibility: { 'v1:8834721954128537001': false }, EscapedComputedClass: false,
      }));
    }
    if (deploymentId) w.deployments.push(deployment(spec, deploymentId, summary, jobIndex, idx.next(), submitNs));
  });
  // The down node made the scheduler look at its system allocations again.
  for (const down of clients.filter((c) => c.status === 'down')) {
    const spec = jobSpecs(opts.scenario).find((s) => s.type === 'system')!;
    const i = idx.next();
    const ns = failedAt(startedAt) * 1e6 + 2_000_000_000;
    w.evaluations.push(evaluation(spec, uuidFrom(makeRng('node-eval', opts.seed, down.id)), 'node-update', 'complete', 0, i, i, ns, { exporter: 0 }, { NodeID: down.id, NodeModifyIndex: i - 1 }));
  }
  return w;
}

/** Round-robin over the clients from a job-specific offset, so jobs spread evenly. */
function placementNodes(spec: JobSpec, count: number, clients: SimAgent[], offset: number): SimAgent[] {
  if (clients.length === 0) return [];
  if (spec.type === 'system') return clients;
  return Array.from({ length: count }, (_, k) => clients[(offset + k) % clients.length]!);
}

function allocStatus(spec: JobSpec, node: SimAgent, k: number, degraded: boolean): ClientStatus {
  if (node.status === 'down') return 'lost';
  if (spec.type === 'batch') return degraded && k % 4 === 3 ? 'failed' : 'complete';
  return 'running';
}

const DESCRIPTIONS: Record<ClientStatus, string> = {
  running: 'Tasks are running',
  complete: 'All tasks have completed',
  failed: 'Failed tasks',
  lost: 'alloc is lost since its node is down',
};

function allocStub(id: string, spec: JobSpec, group: string, tasks: string[], k: number, node: SimAgent, status: ClientStatus,
  evalId: string, deploymentId: string, index: number, createNs: number, lostNs: number): Doc {
  // a lost allocation changed last when its node's heartbeat was missed
  const modifyNs = status === 'lost' ? lostNs : createNs + (status === 'running' ? 12_000_000_000 : 60_000_000_000);
  const stub: Doc = {
    ID: id,
    EvalID: evalId,
    Name: `${spec.id}.${group}[${k}]`,
    Namespace: spec.namespace,
    NodeID: node.id,
    NodeName: node.name,
    JobID: spec.id,
    JobType: spec.type,
    JobVersion: 0,
    TaskGroup: group,
    DesiredStatus: status === 'lost' ? 'stop' : 'run',
    DesiredDescription: status === 'lost' ? 'alloc is lost since its node is down' : '',
    ClientStatus: status,
    ClientDescription: DESCRIPTIONS[status],
    DesiredTransition: { Migrate: null, Reschedule: null, ForceReschedule: null, NoShutdownDelay: null },
    TaskStates: null,
    DeploymentStatus: deploymentId ? { Healthy: status === 'running', Timestamp: new Date(Math.floor(modifyNs / 1e6)).toISOString(), Canary: false, ModifyIndex: index } : null,
    FollowupEvalID: '',
    NextAllocation: '',
    RescheduleTracker: null,
    PreemptedAllocations: null,
    PreemptedByAllocation: '',
    CreateIndex: index,
    ModifyIndex: index,
    CreateTime: createNs,
    ModifyTime: modifyNs,
  };
  lazy(stub, 'TaskStates', () => taskStates(tasks, status, createNs, spec.crashLoop));
  return stub;
}

/**
 * Task states are most of an allocation's bytes and rarely read: build them on first access
 * (JSON.stringify included), then keep them. The key keeps its place in the field order.
 */
function lazy(d: Doc, key: string, make: () => unknown): void {
  Object.defineProperty(d, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = make();
      Object.defineProperty(d, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

function evaluation(spec: JobSpec, id: string, trigger: string, status: string, jobIndex: number, createIndex: number, modifyIndex: number,
  createNs: number, queued: Record<string, number>, extra: Doc): Doc {
  // Evaluation, in Go struct order.
  return {
    ID: id, Namespace: spec.namespace, Priority: spec.priority, Type: spec.type, TriggeredBy: trigger, JobID: spec.id, JobModifyIndex: jobIndex,
    NodeID: extra['NodeID'] ?? '', NodeModifyIndex: extra['NodeModifyIndex'] ?? 0, DeploymentID: extra['DeploymentID'] ?? '',
    Status: status, StatusDescription: extra['StatusDescription'] ?? '', Wait: 0, WaitUntil: '0001-01-01T00:00:00Z', NextEval: '',
    PreviousEval: extra['PreviousEval'] ?? '', BlockedEval: extra['BlockedEval'] ?? '', RelatedEvals: null,
    FailedTGAllocs: extra['FailedTGAllocs'] ?? null, PlanAnnotations: null, ClassEligibility: extra['ClassEligibility'] ?? null,
    QuotaLimitReached: '', EscapedComputedClass: extra['EscapedComputedClass'] ?? false, AnnotatePlan: false, QueuedAllocations: queued,
    LeaderACL: '', SnapshotIndex: createIndex - 1, CreateIndex: createIndex, ModifyIndex: modifyIndex,
    CreateTime: createNs + 1_000_000, ModifyTime: createNs + 40_000_000,
  };
}

/** AllocMetric per task group that could not be placed. */
function failedAllocs(spec: JobSpec, clients: SimAgent[]): Doc {
  const ready = clients.filter((c) => c.status === 'ready');
  const byDc: Record<string, number> = {};
  for (const c of ready) byDc[c.datacenter] = (byDc[c.datacenter] ?? 0) + 1;
  const out: Doc = {};
  for (const g of spec.groups) {
    const memory = spec.blocked?.constraint === 'memory';
    out[g.name] = {
      NodesEvaluated: ready.length, NodesFiltered: memory ? 0 : ready.length, NodesInPool: clients.length, NodesAvailable: byDc,
      ClassFiltered: null, ConstraintFiltered: memory ? null : { [spec.blocked!.constraint]: ready.length },
      NodesExhausted: memory ? ready.length : 0, ClassExhausted: null, DimensionExhausted: memory ? { memory: ready.length } : null,
      QuotaExhausted: null, ResourcesExhausted: null, ScoreMetaData: null, AllocationTime: 184_211, CoalescedFailures: g.count(clients.length) - 1,
    };
  }
  return out;
}

function deployment(spec: JobSpec, id: string, summary: Record<string, Record<string, number>>, jobIndex: number, index: number, submitNs: number): Doc {
  const groups: Doc = {};
  for (const g of spec.groups) {
    const s = summary[g.name]!;
    const total = s['Running']! + s['Lost']!;
    groups[g.name] = {
      AutoRevert: false, AutoPromote: false, ProgressDeadline: 600_000_000_000, RequireProgressBy: new Date(Math.floor(submitNs / 1e6) + 600_000).toISOString(),
      Promoted: false, PlacedCanaries: null, DesiredCanaries: 0, DesiredTotal: total, PlacedAllocs: total, HealthyAllocs: s['Running']!, UnhealthyAllocs: 0,
    };
  }
  // A crash-looping task never turns healthy: its deployment fails (structs.DeploymentStatusDescriptionFailedAllocations).
  const failed = !!spec.crashLoop;
  if (failed) for (const g of Object.values(groups) as Doc[]) Object.assign(g, { HealthyAllocs: 0, UnhealthyAllocs: g['PlacedAllocs'] });
  return {
    ID: id, Namespace: spec.namespace, JobID: spec.id, JobVersion: 0, JobModifyIndex: jobIndex, JobSpecModifyIndex: jobIndex, JobCreateIndex: jobIndex,
    IsMultiregion: false, TaskGroups: groups, Status: failed ? 'failed' : 'successful',
    StatusDescription: failed ? 'Failed due to unhealthy allocations' : 'Deployment completed successfully', EvalPriority: spec.priority,
    CreateIndex: index, ModifyIndex: index, CreateTime: submitNs + 800_000_000, ModifyTime: submitNs + (failed ? 300_000_000_000 : 30_000_000_000),
  };
}
