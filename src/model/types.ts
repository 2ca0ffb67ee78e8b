// The tolerant, typed Bundle model: what a bundle holds, whichever layout wrote it
// (ours, Nomad 1.2+ `cluster/` + `interval/NNNN/`, or pre-1.2 `version/` + `nomad/NN/`).
// Built by src/model from archive entries; read by src/analyze and src/report.
// Rules: plain objects only (no classes, no bigint), every value carries the file it came
// from, and anything missing or unreadable is absent plus a Gap, never a throw.
import type { Manifest } from '../archive/manifest.ts';

// The manifest's shapes, for readers of the model (analyze and report do not reach into archive).
export type { CaptureRecord, Manifest, RedactionRecord, TargetRecord } from '../archive/manifest.ts';
import type { AgentSelf, AllocationStub, AutopilotConfiguration, AutopilotHealth, CheckResult, EvaluationStub, HealthResponse, HostData, HostStats, Json, JsonObject, MembersResponse, MetricsSummary, NodeStub, RaftConfiguration, SchedulerConfiguration, SchedulerWorkerConfig, SchedulersResponse, TaskState } from '../nomad/api.ts';
import type { MeasuredPprofKind } from './route-path.ts';
import type { ConsulData, VaultHealth } from './service-types.ts';

export type * from './service-types.ts';

export type Layout = 'nomad-debug' | 'nomad' | 'nomad-legacy' | 'unknown';

/** A value read from one bundle file. */
export interface Sourced<T> {
  file: string;
  value: T;
}

/** Something the bundle should hold but does not, or holds as an error. */
export interface Gap {
  file: string;
  /** e.g. the `{"Error": ...}` text Nomad wrote, "invalid JSON", "entry over size cap". */
  reason: string;
  /** "ERROR_FILE" | "INVALID_JSON" | "WRONG_TYPE" | "TOO_LARGE" | "UNSAFE_NAME" | "EMPTY" | "MISSING" | ... */
  code: string;
}

// Nomad's API shapes (src/nomad/api.ts), for readers of the model.
export type * from '../nomad/api.ts';

/** One metrics_NNNN.json: round NNNN is the interval snapshot it was taken with. */
export interface AgentMetrics extends Sourced<MetricsSummary> {
  round: number;
}

// ---- profiles ----

/** One row of a `go tool pprof -top` table. Values in the profile's unit (e.g. nanoseconds, bytes, count). */
export interface TopRow {
  name: string;
  flat: number;
  flatPct: number;
  sumPct: number;
  cum: number;
  cumPct: number;
}

export interface FlameNode {
  name: string;
  value: number;
  children: FlameNode[];
}

export interface ProfileSummary {
  file: string;
  /** cpu heap goroutine allocs block mutex threadcreate, from the sample types. */
  type: string;
  /** The sample type used, e.g. "cpu", "inuse_space", "goroutine", "delay". */
  sampleType: string;
  /** e.g. "nanoseconds", "bytes", "count". */
  unit: string;
  total: number;
  durationNanos?: number;
  timeNanos?: number;
  /** The top table by flat value, like `go tool pprof -top`: its first rows (SummaryShape in pprof.ts). */
  top: TopRow[];
  /** Root-first call tree with values, small frames dropped; in a bundle, CPU profiles only. */
  flame?: FlameNode;
}

export interface GoroutineGroup {
  count: number;
  /** debug=2: the wait state, e.g. "chan receive", "select", "IO wait"; debug=1: undefined. */
  state?: string;
  /** Longest wait seen in the group in minutes, from debug=2 "[select, 12 minutes]". */
  waitMinutes?: number;
  /** Function names, innermost first. */
  stack: string[];
  createdBy?: string;
}

export interface GoroutineDump {
  file: string;
  format: 'debug1' | 'debug2';
  total: number;
  /** Groups of identical stacks, largest first. */
  groups: GoroutineGroup[];
}

export interface ProfileRound {
  /** NNNN from the file names; 0 for Nomad's unnumbered (≤1.7.6) files. */
  round: number;
  cpu?: ProfileSummary;
  heap?: ProfileSummary;
  goroutine?: ProfileSummary;
  goroutineDebug1?: GoroutineDump;
  goroutineDebug2?: GoroutineDump;
  /** Sizes in bytes of the files kept but not decoded: trace, allocs, threadcreate, block, mutex. */
  measured?: Partial<Record<MeasuredPprofKind, number>>;
}

// ---- logs ----

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface LogEntry {
  /** 1-based line number in the file. */
  line: number;
  /** ISO timestamp as written in the log (kept as text), undefined when absent. */
  time?: string;
  /** Milliseconds since the epoch, when the timestamp parsed. */
  ts?: number;
  level: LogLevel;
  module: string;
  message: string;
  /** The key=value part (text) or the extra keys (JSON), as written. */
  fields?: string;
}

export interface LeadershipEvent {
  line: number;
  ts?: number;
  event: 'acquired' | 'lost';
}

export interface LogSummary {
  file: string;
  bytes: number;
  lines: number;
  counts: Record<LogLevel, number>;
  /** Lines that are neither hclog text nor hclog JSON (e.g. "monitor: <error>"). */
  unparsed: number;
  /** WARN and ERROR entries in file order, capped at 5,000 per agent. */
  entries: LogEntry[];
  /** True when entries were capped. */
  capped: boolean;
  /** A `monitor: <error>` line the collector (or Nomad's CLI) appended when the stream failed. */
  streamError?: string;
  /** INFO "cluster leadership acquired/lost" lines (nomad/leader.go), in file order, capped. */
  leadership?: LeadershipEvent[];
  firstTs?: number;
  lastTs?: number;
}

// ---- the event stream ----

/** One Node, Job, Allocation or Deployment event of eventstream.json, reduced to what the checks and the timeline read. */
export interface StreamEvent {
  /** 1-based line of eventstream.json. */
  line: number;
  /** Place in the line's Events (a raw stream frame); undefined when the line is the event (the CLI's one event per line). */
  at?: number;
  topic: string;
  type: string;
  key: string;
  /** The raft index the event was published at. */
  index: number;
  /** Milliseconds since the epoch, when the payload carries a time (Node.StatusUpdatedAt, Allocation.ModifyTime, ...). */
  ts?: number;
  /** Node Status, allocation ClientStatus, job or deployment Status after the event. */
  status?: string;
  /** Node or deployment StatusDescription, allocation ClientDescription. */
  description?: string;
  /** Node name, or an allocation's Name. */
  name?: string;
  /** The node an allocation runs on (NodeID), or the node itself. */
  node?: string;
  /** The job of an allocation, deployment or job event. */
  job?: string;
  taskGroup?: string;
  /** An allocation's tasks, with their last few events. */
  tasks?: Record<string, TaskState>;
}

/** A secret-looking value in an event payload, found by the shared rules while the stream was read; the value is masked. */
export interface StreamSecret {
  line: number;
  /** JSON pointer segments from the event (one event per line) or from the frame's event. */
  keys: (string | number)[];
  name: string;
  rule: string;
  masked: string;
}

export interface EventStreamData {
  file: string;
  /** Every event read, whatever its topic. */
  total: number;
  /** Node, Job, Allocation and Deployment events in file order, up to a cap. */
  events: StreamEvent[];
  /** Events of those topics past the cap: counted, not kept. */
  notKept: number;
  /** Lines that were not JSON, or too long to read. */
  unreadable: number;
  secrets: StreamSecret[];
  /** Events whose payload was not searched for secrets (past the scan budget). */
  notScanned: number;
}

// ---- the bundle ----

export interface AgentData {
  kind: 'server' | 'client';
  /** Server member name ("srv1.global") or full client node id: the folder name. */
  id: string;
  /** "server/srv1.global" */
  dir: string;
  host?: Sourced<HostData>;
  self?: Sourced<AgentSelf>;
  health?: Sourced<HealthResponse>;
  schedulers?: Sourced<SchedulersResponse>;
  schedulersConfig?: Sourced<SchedulerWorkerConfig>;
  clientStats?: Sourced<HostStats>;
  clientMetadata?: Sourced<Json>;
  allocStats: Sourced<Json>[];
  /** allocation-checks/<alloc id>.json: Nomad service check results by check ID. */
  allocChecks: Sourced<Record<string, CheckResult>>[];
  /** agent-servers.json: the server RPC addresses a client knows. */
  servers?: Sourced<string[]>;
  /** The agent's own /v1/metrics per interval (metrics_NNNN.json), in round order. */
  metrics: AgentMetrics[];
  log?: LogSummary;
  /** monitor_export.log: the history Nomad exported from the log file or journald (parsed like monitor.log). */
  exportLog?: LogSummary;
  /** pprof rounds in order. */
  profiles: ProfileRound[];
  /** Every file under the agent's folder. */
  files: string[];
}

export interface IntervalData {
  /** 0, 1, ... from interval/NNNN (or nomad/NN). */
  index: number;
  dir: string;
  jobs?: Sourced<JsonObject[]>;
  deployments?: Sourced<JsonObject[]>;
  evaluations?: Sourced<EvaluationStub[]>;
  allocations?: Sourced<AllocationStub[]>;
  nodes?: Sourced<NodeStub[]>;
  csiPlugins?: Sourced<JsonObject[]>;
  csiVolumes?: Sourced<JsonObject[]>;
  metrics?: Sourced<MetricsSummary>;
  operatorRaft?: Sourced<RaftConfiguration>;
  operatorScheduler?: Sourced<SchedulerConfiguration>;
  /** Also recovered from Nomad's `{"Error":"Unexpected response code: 429 ({...})"}` files. */
  autopilotHealth?: Sourced<AutopilotHealth>;
  /** operator-autopilot-config.json (ours). */
  autopilotConfig?: Sourced<AutopilotConfiguration>;
  license?: Sourced<Json>;
}

export interface ClusterData {
  agentSelf?: Sourced<AgentSelf>;
  members?: Sourced<MembersResponse>;
  leader?: Sourced<string>;
  nodes?: Sourced<NodeStub[]>;
  namespaces?: Sourced<JsonObject[]>;
  regions?: Sourced<string[]>;
  cliFlags?: Sourced<Json>;
  /** Event count by topic, from eventstream.json. */
  eventCounts?: Sourced<Record<string, number>>;
  /** What the checks and the timeline read from eventstream.json. */
  events?: EventStreamData;
  /** What Consul answered (cluster/consul-*.json); absent when the bundle has none of it. */
  consul?: ConsulData;
  /** Vault's sys/health body (kept whatever its status code). */
  vault?: Sourced<VaultHealth>;
}

/** What says the bundle is not as it was written: entries twice, and files that differ from the manifest. */
export interface BundleIntegrity {
  /** Entry names that appear more than once; the first copy is the one read. */
  duplicates: { file: string; copies: number }[];
  /** Files whose sha256 is not the one manifest.json recorded (ours only). */
  changed: { file: string; expected: string; actual: string }[];
  /** Files manifest.json says were captured that the bundle does not hold. */
  missing: string[];
  /** Files beside the manifest that it does not list (beyond the index and cli-flags.json). */
  added: string[];
  /** Files whose sha256 was compared with the manifest's. */
  verified: number;
}

export interface Bundle {
  /** Top folder inside the archive ("nomad-debug-2026-11-22-101500Z"), "" when none. */
  root: string;
  layout: Layout;
  /** From the manifest, else from the root folder's time stamp. */
  createdAt?: string;
  /** Every regular file, bundle-relative (root folder stripped), in archive order. */
  files: string[];
  /** Sizes in bytes by bundle-relative path. */
  sizes: Record<string, number>;
  manifest?: Sourced<Manifest>;
  cluster: ClusterData;
  servers: AgentData[];
  clients: AgentData[];
  intervals: IntervalData[];
  gaps: Gap[];
  integrity: BundleIntegrity;
}
