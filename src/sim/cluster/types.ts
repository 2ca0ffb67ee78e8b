// The simulated cluster's state: the agents, what each one is planted to do wrong, and the
// cluster objects (jobs, allocations, ...). Built once from a seed (build.ts); the HTTP layer
// in ../server reads it and never invents data of its own.
import type { SimConsul } from './consul.ts';
import type { SimVault } from './vault.ts';

export type Scenario = 'healthy' | 'degraded';

export interface ClusterOptions {
  servers: number;
  clients: number;
  scenario: Scenario;
  seed: number;
  /** The HTTP port every agent listens on (each at its own loopback address). */
  port: number;
  enableDebug: boolean;
  aclEnabled: boolean;
  tls: boolean;
}

export type AgentKind = 'server' | 'client';

export interface AgentHealth {
  ok: boolean;
  message: string;
}

export interface SimAgent {
  kind: AgentKind;
  /** Server: member name `server-1.global`; client: node name `client-1`. */
  name: string;
  /** Server: serf/raft `id` tag; client: node ID. Both UUIDs. */
  id: string;
  /** Advertised IP, always in 127.0.0.0/8: servers 127.0.0.11, .12, …; clients 127.0.1.1, … */
  address: string;
  /** Server: serf status (alive, failed, left); client: node status (ready, down). */
  status: string;
  /** False when the agent refuses connections (failed and left servers, down clients). */
  listening: boolean;
  /** Nomad version, e.g. 1.10.5. */
  version: string;
  leader: boolean;
  datacenter: string;
  nodeClass: string;
  /** What /v1/agent/health answers for the agent's role. */
  health: AgentHealth;
  schedulersPaused: boolean;
  errorBurst: boolean;
  hot: boolean;
  leakedGoroutines: number;
  /** The process environment as the agent has it, before Nomad's own redaction. */
  environment: Record<string, string>;
  /** Node meta the operator added on top of the defaults (the degraded scenario puts credentials there). */
  extraMeta: Record<string, string>;
  /** A Vault token the agent writes into one DEBUG log line, in a dumped request header (degraded scenario). */
  logSecret?: string;
  /** Share of the root disk in use, 0–100. */
  diskUsedPct: number;
  /** Raft entries this server has committed but not yet applied to its FSM (a lagging follower). */
  raftApplyLag?: number;
  /** How far the agent's clock is ahead of real time, in ms (a skewed host in the degraded scenario). */
  clockSkewMs?: number;
  /** A client whose heartbeats come and go: down in every other node list asked (degraded scenario). */
  flapping?: boolean;
  /** A client whose log shows Consul sync and Vault token failures (degraded scenario). */
  serviceTrouble?: boolean;
  /** A server whose log shows leadership gained and lost over and over (degraded scenario). */
  leaderChurn?: boolean;
  /** An agent whose Go runtime spends a large share of its time in GC pauses, its heap growing (degraded scenario). */
  gcPressure?: boolean;
  /** The agent's log_file ("" = none: a log file export then fails, as on Nomad). */
  logFile: string;
}

/** A problem the scenario plants on purpose: the analyzer must report it about `subject`. */
export interface Planted {
  /** e.g. member-failed, member-left, health-unhealthy, schedulers-paused, node-down, disk-full, leaked-secret, autopilot-unhealthy, raft-lagging, version-skew, error-burst, goroutine-leak, hot-cpu. */
  kind: string;
  /** The finding's subject: a member name, a node ID, or `cluster`. */
  subject: string;
  detail: string;
  /** For leaked secrets: the value that must never land in a bundle or a report. */
  value?: string;
}

/** Objects of the cluster API; kept loose, as Nomad's JSON is. */
export type Doc = Record<string, unknown>;

export interface SimCluster {
  options: ClusterOptions;
  region: string;
  agents: SimAgent[];
  servers: SimAgent[];
  clients: SimAgent[];
  leader: SimAgent | undefined;
  planted: Planted[];
  namespaces: Doc[];
  jobs: Doc[];
  allocations: Doc[];
  evaluations: Doc[];
  deployments: Doc[];
  csiPlugins: Doc[];
  csiVolumes: Doc[];
  /** Raft index the cluster is at when it starts. */
  baseIndex: number;
  /** When the simulated agents started (for uptimes, `started` of workers, StableSince). */
  startedAt: Date;
  /** The Consul agent the Nomad agents register with, and its planted problems. */
  consul: SimConsul;
  /** The Vault the Nomad agents are configured with. */
  vault: SimVault;
}
