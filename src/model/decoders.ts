// One decoder per kind of bundle file, after the shapes Nomad's API writes (types.ts): what the
// checks and the report read is checked here, once, field by field.
import type { CaptureRecord, Manifest, TargetRecord } from '../archive/manifest.ts';
import { anything, arrayOf, bool, goDurationNs, isPlainObject, nullable, num, numOrStr, objectOf, opt, recordOf, req, str, type Decoder } from './decode.ts';
import type {
  AgentSelf,
  AllocationStub,
  AutopilotConfiguration,
  EvaluationStub,
  AutopilotHealth,
  CheckResult,
  HealthResponse,
  HostData,
  HostStats,
  Json,
  JsonObject,
  Member,
  MembersResponse,
  MetricsSummary,
  NodeStub,
  RaftConfiguration,
  SchedulerConfiguration,
  SchedulerWorkerConfig,
  SchedulersResponse,
  TaskState,
} from './types.ts';

/** The decoded value under the model's name for it: the decoder checked what that type promises. */
const as = <T>(d: Decoder<unknown>): Decoder<T> => d as Decoder<T>;

const strings = recordOf(str);

/** A JSON object, fields unchecked (readers use it as Json). */
export const jsonObject: Decoder<JsonObject> = (v, at, issues) => {
  if (isPlainObject(v)) return v as JsonObject;
  issues.push({ at, problem: `expected an object, found ${Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`}` });
  return undefined;
};

export const member = as<Member>(
  objectOf(
    {
      Name: req(str),
      Addr: opt(nullable(str)),
      Port: opt(num),
      Tags: opt(nullable(strings)),
      Status: req(str),
      ProtocolMin: opt(num),
      ProtocolMax: opt(num),
      ProtocolCur: opt(num),
      DelegateMin: opt(num),
      DelegateMax: opt(num),
      DelegateCur: opt(num),
    },
    'a member',
  ),
);

export const membersResponse = as<MembersResponse>(
  objectOf({ ServerName: opt(str), ServerRegion: opt(str), ServerDC: opt(str), Members: req(arrayOf(member)) }, 'a members answer'),
);

export const agentSelf = as<AgentSelf>(objectOf({ config: opt(jsonObject), member: opt(member), stats: opt(recordOf(strings)) }, 'an agent self answer'));

const roleHealth = objectOf({ ok: req(bool), message: req(str) }, 'a health report');
export const health = as<HealthResponse>(objectOf({ client: opt(roleHealth), server: opt(roleHealth) }, 'a health answer'));

export const hostData = as<HostData>(
  objectOf(
    {
      OS: opt(str),
      Network: opt(arrayOf(strings)),
      ResolvConf: opt(str),
      Hosts: opt(str),
      Environment: opt(strings),
      Disk: opt(recordOf(objectOf({ DiskMB: opt(num), UsedMB: opt(num) }, 'a disk'))),
    },
    'host data',
  ),
);

const schedulerWorker = objectOf(
  { id: req(str), enabled_schedulers: opt(arrayOf(str)), started: opt(str), status: opt(str), workload_status: opt(str) },
  'a scheduler worker',
);
export const schedulers = as<SchedulersResponse>(objectOf({ server_id: opt(str), schedulers: req(arrayOf(schedulerWorker)) }, 'a schedulers answer'));

export const schedulersConfig = as<SchedulerWorkerConfig>(
  objectOf({ server_id: opt(str), num_schedulers: opt(num), enabled_schedulers: opt(arrayOf(str)) }, 'a scheduler worker configuration'),
);

const pct = opt(num);
const diskStats = objectOf(
  { Device: opt(str), Mountpoint: opt(str), Size: opt(num), Used: opt(num), Available: opt(num), UsedPercent: pct, InodesUsedPercent: pct },
  'disk stats',
);
export const hostStats = as<HostStats>(
  objectOf(
    {
      Memory: opt(objectOf({ Total: opt(num), Available: opt(num), Used: opt(num), Free: opt(num) }, 'memory stats')),
      CPU: opt(arrayOf(objectOf({ CPU: opt(str), User: opt(num), System: opt(num), Idle: opt(num), Total: opt(num) }, 'CPU stats'))),
      DiskStats: opt(arrayOf(diskStats)),
      AllocDirStats: opt(nullable(diskStats)),
      Uptime: opt(num),
      Timestamp: opt(num),
      CPUTicksConsumed: opt(num),
    },
    'host stats',
  ),
);

export const nodeStub = as<NodeStub>(
  objectOf(
    {
      ID: req(str),
      Name: opt(str),
      Status: req(str),
      Address: opt(str),
      Datacenter: opt(str),
      NodeClass: opt(str),
      NodePool: opt(str),
      Version: opt(str),
      Drain: opt(bool),
      SchedulingEligibility: opt(str),
      StatusDescription: opt(str),
    },
    'a node',
  ),
);
export const nodeList = arrayOf(nodeStub);

const counts = opt(nullable(recordOf(num)));
const taskEvent = objectOf(
  {
    Type: opt(str), Time: opt(num), DisplayMessage: opt(str), Details: opt(nullable(strings)), ExitCode: opt(num), FailsTask: opt(bool),
    DriverError: opt(str), SetupError: opt(str), VaultError: opt(str), KillReason: opt(str),
  },
  'a task event',
);
const taskState = objectOf(
  { State: opt(str), Failed: opt(bool), Restarts: opt(num), LastRestart: opt(nullable(str)), Events: opt(nullable(arrayOf(taskEvent))) },
  'a task state',
);

/** An allocation's TaskStates by task name. */
export const taskStates = as<Record<string, TaskState>>(recordOf(taskState));

export const allocationList = arrayOf(
  as<AllocationStub>(
    objectOf(
      {
        ID: req(str), Namespace: opt(str), JobID: opt(str), NodeID: opt(str), NodeName: opt(str), TaskGroup: opt(str), ClientStatus: opt(str),
        DesiredStatus: opt(str), TaskStates: opt(nullable(recordOf(taskState))),
      },
      'an allocation',
    ),
  ),
);

const allocMetric = objectOf(
  {
    NodesEvaluated: opt(num), NodesFiltered: opt(num), NodesInPool: opt(num), NodesAvailable: counts, ClassFiltered: counts, ConstraintFiltered: counts,
    NodesExhausted: opt(num), ClassExhausted: counts, DimensionExhausted: counts, QuotaExhausted: opt(nullable(arrayOf(str))), CoalescedFailures: opt(num),
  },
  'placement metrics',
);

export const evaluationList = arrayOf(
  as<EvaluationStub>(
    objectOf(
      {
        ID: req(str), Namespace: opt(str), JobID: opt(str), Status: opt(str), StatusDescription: opt(str), TriggeredBy: opt(str),
        FailedTGAllocs: opt(nullable(recordOf(allocMetric))),
      },
      'an evaluation',
    ),
  ),
);

const raftServer = objectOf(
  { ID: req(str), Node: req(str), Address: req(str), Leader: req(bool), Voter: req(bool), RaftProtocol: opt(str) },
  'a raft server',
);
export const raftConfiguration = as<RaftConfiguration>(objectOf({ Servers: req(arrayOf(raftServer)), Index: opt(num) }, 'a raft configuration'));

const autopilotServer = objectOf(
  {
    ID: req(str),
    Name: req(str),
    Address: opt(str),
    SerfStatus: opt(str),
    Version: opt(str),
    Leader: opt(bool),
    LastContact: opt(goDurationNs),
    LastTerm: opt(num),
    LastIndex: opt(num),
    Healthy: opt(bool),
    Voter: opt(bool),
    StableSince: opt(str),
  },
  'an autopilot server',
);
export const autopilotHealth = as<AutopilotHealth>(
  objectOf(
    { Healthy: req(bool), FailureTolerance: req(num), Servers: req(arrayOf(autopilotServer)), Leader: opt(str), Voters: opt(arrayOf(str)) },
    'an autopilot health report',
  ),
);

/** /v1/client/allocation/:id/checks: results by check ID. */
export const allocChecks = as<Record<string, CheckResult>>(
  recordOf(
    objectOf(
      { ID: opt(str), Mode: opt(str), Status: req(str), StatusCode: opt(num), Output: opt(str), Timestamp: opt(num), Group: opt(str), Task: opt(str), Service: opt(str), Check: opt(str) },
      'a check result',
    ),
  ),
);

/** An object that must hold at least one of `keys`: one with none of them is not what it claims to be, however empty. */
function withSomeOf<T>(keys: readonly string[], d: Decoder<T>, what: string): Decoder<T> {
  return (v, at, issues) => {
    if (isPlainObject(v) && !keys.some((k) => Object.hasOwn(v, k))) {
      issues.push({ at, problem: `none of ${keys.join(', ')}: not ${what}` });
      return undefined;
    }
    return d(v, at, issues);
  };
}

export const autopilotConfiguration = withSomeOf(['CleanupDeadServers', 'LastContactThreshold', 'MaxTrailingLogs', 'ServerStabilizationTime'], as<AutopilotConfiguration>(
  objectOf(
    {
      CleanupDeadServers: opt(bool),
      LastContactThreshold: opt(goDurationNs),
      MaxTrailingLogs: opt(num),
      MinQuorum: opt(num),
      ServerStabilizationTime: opt(goDurationNs),
      EnableRedundancyZones: opt(bool),
      DisableUpgradeMigration: opt(bool),
      EnableCustomUpgrades: opt(bool),
      CreateIndex: opt(num),
      ModifyIndex: opt(num),
    },
    'an autopilot configuration',
  ),
), 'an autopilot configuration');

export const schedulerConfiguration = as<SchedulerConfiguration>(
  objectOf(
    {
      SchedulerConfig: opt(
        objectOf(
          {
            SchedulerAlgorithm: opt(str),
            PauseEvalBroker: opt(bool),
            RejectJobRegistration: opt(bool),
            MemoryOversubscriptionEnabled: opt(bool),
            PreemptionConfig: opt(recordOf(bool)),
          },
          'a scheduler configuration',
        ),
      ),
    },
    'a scheduler configuration answer',
  ),
);

const labels = opt(strings);
const metricSample = objectOf(
  { Name: req(str), Count: req(num), Sum: req(num), Mean: req(num), Rate: opt(num), Min: opt(num), Max: opt(num), Stddev: opt(num), Labels: labels },
  'a metric sample',
);
const metricsFields = objectOf(
  {
    Timestamp: opt(str),
    Gauges: opt(arrayOf(objectOf({ Name: req(str), Value: req(num), Labels: labels }, 'a gauge'))),
    Counters: opt(arrayOf(metricSample)),
    Samples: opt(arrayOf(metricSample)),
    Points: opt(anything),
  },
  'a metrics summary',
);

/** A metrics summary has at least one of its lists: an object with none of them would chart as nothing, silently. */
export const metricsSummary = withSomeOf(['Gauges', 'Counters', 'Samples'], as<MetricsSummary>(metricsFields), 'a metrics summary');

/** Collections the checks read only through their own fields (jobs, allocations, …): objects kept. */
export const objectList = arrayOf(jsonObject);
export const stringList = arrayOf(str);

const captureRecord = as<CaptureRecord>(
  objectOf(
    {
      path: req(str),
      endpoint: opt(str),
      target: req(str),
      status: req(str),
      code: req(str),
      httpStatus: opt(num),
      bytes: opt(num),
      sha256: opt(str),
      startedAt: opt(str),
      ms: opt(num),
      error: opt(str),
    },
    'a capture record',
  ),
);
const targetRecord = as<TargetRecord>(objectOf({ id: req(str), name: opt(str), address: opt(str), status: opt(str), unreachable: opt(str) }, 'a target'));
const targets = objectOf(
  {
    servers: opt(arrayOf(targetRecord)),
    clients: opt(arrayOf(targetRecord)),
    skipped: opt(arrayOf(objectOf({ id: req(str), reason: req(str) }, 'a skipped target'))),
  },
  'the targets',
);

/** Our manifest.json; the lists it lacks are empty, so readers need not ask. */
export const manifest: Decoder<Manifest> = (v, at, issues) => {
  const m = objectOf(
    {
      schema: opt(str),
      tool: opt(objectOf({ name: opt(str), version: opt(str) }, 'the tool')),
      startedAt: req(str),
      finishedAt: opt(str),
      interrupted: opt(bool),
      options: opt(jsonObject),
      targets: opt(targets),
      captures: req(arrayOf(captureRecord)),
      redactions: opt(arrayOf(objectOf({ path: req(str), field: req(str), rule: req(str) }, 'a redaction'))),
    },
    'a nomad-debug manifest',
  )(v, at, issues);
  if (!m) return undefined;
  const t = m.targets ?? {};
  return {
    ...m,
    tool: { name: m.tool?.name ?? '', version: m.tool?.version ?? '' },
    finishedAt: m.finishedAt ?? '',
    interrupted: m.interrupted ?? false,
    options: m.options ?? {},
    targets: { servers: t.servers ?? [], clients: t.clients ?? [], skipped: (t.skipped ?? []) as { id: string; reason: string }[] },
    // the fields a reader counts on get a value when the file left them out
    captures: m.captures!.map((c) => ({ ...c, endpoint: c.endpoint ?? '', bytes: c.bytes ?? 0, startedAt: c.startedAt ?? '', ms: c.ms ?? 0 })),
    redactions: (m.redactions ?? []) as Manifest['redactions'],
    schema: m.schema ?? '',
    startedAt: m.startedAt!,
  };
};
