// Nomad's HTTP API: the shapes its agents answer with (only the fields the tool reads are typed,
// the rest kept loosely) and what their fields mean. The one place for them: the collector
// selects targets with them, the model decodes bundle files into them (and re-exports them to
// analyze and report). Types and pure functions only.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export type JsonObject = { [k: string]: Json };

export interface Member {
  Name: string;
  Addr?: string | null;
  Port?: number;
  Tags?: Record<string, string> | null;
  Status: string; // alive leaving left failed none
  ProtocolMin?: number;
  ProtocolMax?: number;
  ProtocolCur?: number;
  DelegateMin?: number;
  DelegateMax?: number;
  DelegateCur?: number;
}

/**
 * The "ip:port" RPC addresses a server member answers at, as /v1/status/leader (leader.json)
 * names the leader: its rpc_addr tag, and its serf address, with the port tag.
 */
export function memberRpcAddresses(m: Member): string[] {
  const port = m.Tags?.port;
  if (!port) return [];
  return [m.Tags?.rpc_addr, m.Addr].filter((host): host is string => !!host).map((host) => `${host}:${port}`);
}

export interface MembersResponse {
  ServerName?: string;
  ServerRegion?: string;
  ServerDC?: string;
  Members: Member[];
}

export interface AgentSelf {
  config?: Record<string, Json>;
  member?: Member;
  stats?: Record<string, Record<string, string>>;
}

export interface HealthResponse {
  client?: { ok: boolean; message: string };
  server?: { ok: boolean; message: string };
}

export interface HostData {
  OS?: string;
  Network?: Record<string, string>[];
  ResolvConf?: string;
  Hosts?: string;
  Environment?: Record<string, string>;
  Disk?: Record<string, { DiskMB?: number; UsedMB?: number }>;
}

/** structs.CheckQueryResult: one Nomad service check's last result. */
export interface CheckResult {
  ID?: string;
  Mode?: string;
  /** success, failure, pending */
  Status: string;
  StatusCode?: number;
  Output?: string;
  Timestamp?: number;
  Group?: string;
  Task?: string;
  Service?: string;
  Check?: string;
}

export interface SchedulerWorker {
  id: string;
  enabled_schedulers?: string[];
  started?: string;
  status?: string;
  workload_status?: string;
}

export interface SchedulersResponse {
  server_id?: string;
  schedulers: SchedulerWorker[];
}

export interface SchedulerWorkerConfig {
  server_id?: string;
  num_schedulers?: number;
  enabled_schedulers?: string[];
}

/** One mount in client stats (Nomad's HostDiskStats). */
export interface DiskStats {
  Device?: string;
  Mountpoint?: string;
  Size?: number;
  Used?: number;
  Available?: number;
  UsedPercent?: number;
  InodesUsedPercent?: number;
}

export interface HostStats {
  Memory?: { Total?: number; Available?: number; Used?: number; Free?: number };
  CPU?: { CPU?: string; User?: number; System?: number; Idle?: number; Total?: number }[];
  DiskStats?: DiskStats[];
  AllocDirStats?: DiskStats | null;
  Uptime?: number;
  Timestamp?: number;
  CPUTicksConsumed?: number;
}

export interface NodeStub {
  ID: string;
  Name?: string;
  Address?: string;
  Datacenter?: string;
  NodeClass?: string;
  NodePool?: string;
  Version?: string;
  Drain?: boolean;
  SchedulingEligibility?: string; // eligible ineligible
  Status: string; // initializing ready down disconnected
  StatusDescription?: string;
  [k: string]: unknown;
}

/** An allocation as /v1/allocations lists it (AllocListStub): the fields checks read. */
export interface AllocationStub {
  ID: string;
  Namespace?: string;
  JobID?: string;
  NodeID?: string;
  NodeName?: string;
  TaskGroup?: string;
  ClientStatus?: string; // pending running complete failed lost unknown
  DesiredStatus?: string;
  TaskStates?: Record<string, TaskState> | null;
  [k: string]: unknown;
}

/** A task's state in an allocation (structs.TaskState). */
export interface TaskState {
  State?: string; // pending running dead
  Failed?: boolean;
  Restarts?: number;
  LastRestart?: string | null;
  Events?: TaskEvent[] | null;
}

/** One task event (structs.TaskEvent): what happened, with the reasons Nomad records. */
export interface TaskEvent {
  Type?: string; // Received, Started, Terminated, Restarting, Not Restarting, Driver Failure, Template, Killing, ...
  Time?: number;
  DisplayMessage?: string;
  Details?: Record<string, string> | null;
  ExitCode?: number;
  FailsTask?: boolean;
  DriverError?: string;
  SetupError?: string;
  VaultError?: string;
  KillReason?: string;
}

/** An evaluation as /v1/evaluations lists it. */
export interface EvaluationStub {
  ID: string;
  Namespace?: string;
  JobID?: string;
  Status?: string; // blocked pending complete failed canceled
  StatusDescription?: string;
  TriggeredBy?: string;
  /** Per task group, why its allocations could not be placed. */
  FailedTGAllocs?: Record<string, AllocMetric> | null;
  [k: string]: unknown;
}

/** The scheduler's account of one placement attempt (structs.AllocMetric): the fields that say why it failed. */
export interface AllocMetric {
  NodesEvaluated?: number;
  NodesFiltered?: number;
  NodesInPool?: number;
  NodesAvailable?: Record<string, number> | null;
  ClassFiltered?: Record<string, number> | null;
  ConstraintFiltered?: Record<string, number> | null;
  NodesExhausted?: number;
  ClassExhausted?: Record<string, number> | null;
  DimensionExhausted?: Record<string, number> | null;
  QuotaExhausted?: string[] | null;
  CoalescedFailures?: number;
}

export interface RaftServer {
  ID: string;
  Node: string;
  Address: string;
  Leader: boolean;
  Voter: boolean;
  RaftProtocol?: string;
}

export interface RaftConfiguration {
  Servers: RaftServer[];
  Index?: number;
}

export interface AutopilotServer {
  ID: string;
  Name: string;
  Address?: string;
  SerfStatus?: string;
  Version?: string;
  Leader?: boolean;
  /** Nanoseconds since the leader last heard from it (read from "12.5ms" or an integer). */
  LastContact?: number;
  LastTerm?: number;
  LastIndex?: number;
  Healthy?: boolean;
  Voter?: boolean;
  StableSince?: string;
}

export interface AutopilotHealth {
  Healthy: boolean;
  FailureTolerance: number;
  Servers: AutopilotServer[];
  Leader?: string;
  Voters?: string[];
}

/** GET /v1/operator/autopilot/configuration; durations in nanoseconds, whichever way they were written. */
export interface AutopilotConfiguration {
  CleanupDeadServers?: boolean;
  LastContactThreshold?: number;
  MaxTrailingLogs?: number;
  MinQuorum?: number;
  ServerStabilizationTime?: number;
  EnableRedundancyZones?: boolean;
  DisableUpgradeMigration?: boolean;
  EnableCustomUpgrades?: boolean;
  CreateIndex?: number;
  ModifyIndex?: number;
}

export interface SchedulerConfiguration {
  SchedulerConfig?: {
    SchedulerAlgorithm?: string;
    PauseEvalBroker?: boolean;
    RejectJobRegistration?: boolean;
    MemoryOversubscriptionEnabled?: boolean;
    PreemptionConfig?: Record<string, boolean>;
  };
}

export interface MetricsSummary {
  Timestamp?: string;
  Gauges?: { Name: string; Value: number; Labels?: Record<string, string> }[];
  Counters?: MetricSample[];
  Samples?: MetricSample[];
  Points?: unknown[];
}

export interface MetricSample {
  Name: string;
  Count: number;
  Rate?: number;
  Sum: number;
  Min?: number;
  Max?: number;
  Mean: number;
  Stddev?: number;
  Labels?: Record<string, string>;
}
