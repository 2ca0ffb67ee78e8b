// The endpoint catalog: what is asked, where the answer goes, and how it is stored. Data only.
import { AGENT_FILES, CLUSTER_FILES, INTERVAL_FILES, type PprofKind } from '../archive/layout.ts';

export interface JsonEndpoint {
  file: string;
  path: string;
  query?: Record<string, string>;
  /** Store a JSON array one element per line (Nomad's NDJSON collections). */
  ndjson?: boolean;
  /** Sort NDJSON elements by this field first (Nomad sorts jobs by ID). */
  sortBy?: string;
  /** Non-2xx statuses whose body is still the document (autopilot health answers 429 when unhealthy). */
  bodyOnStatus?: number[];
  /** Takes the namespace parameter (lists scoped to a namespace). */
  namespaced?: boolean;
  /** Written with {"Error": ...} on failure, as Nomad does for cluster and interval files. */
  errorFile?: boolean;
  /** ?stale applies (Nomad adds it to most queries, not agent/self, regions, leader). */
  stale?: boolean;
  /** ACL capability named in error hints. */
  acl?: string;
}

export const PEERS_FILE = 'peers.json';

/** Cluster files asked once (members and nodes are fetched while planning). */
export const CLUSTER_ENDPOINTS: readonly JsonEndpoint[] = [
  { file: CLUSTER_FILES.agentSelf, path: '/v1/agent/self', errorFile: true, acl: 'agent:read' },
  { file: CLUSTER_FILES.leader, path: '/v1/status/leader', errorFile: true },
  { file: PEERS_FILE, path: '/v1/status/peers', errorFile: true, stale: true },
  { file: CLUSTER_FILES.namespaces, path: '/v1/namespaces', errorFile: true, stale: true, acl: 'namespace:read' },
  { file: CLUSTER_FILES.regions, path: '/v1/regions', errorFile: true },
];

/**
 * Asked of the Consul agent at -consul-http-addr, in Nomad's order: the leader first (when it
 * fails, Nomad skips the rest), then agent self, members, host and metrics; then ours, the
 * checks and services the Nomad agents registered. Kept whatever the outcome: {"Error": ...}.
 */
export const CONSUL_ENDPOINTS: readonly JsonEndpoint[] = [
  { file: CLUSTER_FILES.consulLeader, path: '/v1/status/leader', errorFile: true },
  { file: CLUSTER_FILES.consulAgentSelf, path: '/v1/agent/self', errorFile: true, acl: 'agent:read' },
  { file: CLUSTER_FILES.consulAgentMembers, path: '/v1/agent/members', errorFile: true, acl: 'node:read' },
  { file: CLUSTER_FILES.consulAgentHost, path: '/v1/agent/host', errorFile: true, acl: 'operator:read' },
  { file: CLUSTER_FILES.consulAgentMetrics, path: '/v1/agent/metrics', errorFile: true, acl: 'agent:read' },
  { file: CLUSTER_FILES.consulAgentChecks, path: '/v1/agent/checks', errorFile: true, acl: 'service:read' },
  { file: CLUSTER_FILES.consulAgentServices, path: '/v1/agent/services', errorFile: true, acl: 'service:read' },
];

/** Vault's health at -vault-address: its status code is the state, the body is kept whatever the code (as Nomad does). */
export const VAULT_ENDPOINTS: readonly JsonEndpoint[] = [
  { file: CLUSTER_FILES.vaultSysHealth, path: '/v1/sys/health', errorFile: true, bodyOnStatus: [429, 472, 473, 501, 503] },
];

export const CSI_PLUGINS_PATH = '/v1/plugins';
export const CSI_VOLUMES_PATH = '/v1/volumes';

/** One interval snapshot. */
export const INTERVAL_ENDPOINTS: readonly JsonEndpoint[] = [
  { file: INTERVAL_FILES.jobs, path: '/v1/jobs', ndjson: true, sortBy: 'ID', namespaced: true },
  { file: INTERVAL_FILES.deployments, path: '/v1/deployments', ndjson: true, namespaced: true },
  { file: INTERVAL_FILES.evaluations, path: '/v1/evaluations', ndjson: true, namespaced: true },
  { file: INTERVAL_FILES.allocations, path: '/v1/allocations', ndjson: true, namespaced: true },
  { file: INTERVAL_FILES.nodes, path: '/v1/nodes', ndjson: true },
  { file: INTERVAL_FILES.csiPlugins, path: CSI_PLUGINS_PATH, query: { type: 'csi' }, ndjson: true },
  { file: INTERVAL_FILES.csiVolumes, path: CSI_VOLUMES_PATH, query: { type: 'csi' }, ndjson: true, namespaced: true },
  { file: INTERVAL_FILES.metrics, path: '/v1/metrics' },
  { file: INTERVAL_FILES.operatorRaft, path: '/v1/operator/raft/configuration' },
  { file: INTERVAL_FILES.operatorScheduler, path: '/v1/operator/scheduler/configuration' },
  { file: INTERVAL_FILES.autopilotHealth, path: '/v1/operator/autopilot/health', bodyOnStatus: [429] },
  { file: INTERVAL_FILES.autopilotConfig, path: '/v1/operator/autopilot/configuration' },
  { file: INTERVAL_FILES.license, path: '/v1/operator/license' },
].map((e) => ({ ...e, errorFile: true, stale: true }));

export interface PprofEndpoint {
  kind: PprofKind;
  path: string;
  debug?: number;
  /** Blocks for the pprof duration (seconds parameter). */
  windowed?: boolean;
}

export const PPROF_ENDPOINTS: readonly PprofEndpoint[] = [
  { kind: 'cpu', path: '/v1/agent/pprof/profile', windowed: true },
  { kind: 'trace', path: '/v1/agent/pprof/trace', windowed: true },
  { kind: 'goroutine', path: '/v1/agent/pprof/goroutine', debug: 0 },
  { kind: 'goroutineDebug1', path: '/v1/agent/pprof/goroutine', debug: 1 },
  { kind: 'goroutineDebug2', path: '/v1/agent/pprof/goroutine', debug: 2 },
  { kind: 'heap', path: '/v1/agent/pprof/heap', debug: 0 },
  { kind: 'threadcreate', path: '/v1/agent/pprof/threadcreate', debug: 0 },
  { kind: 'allocs', path: '/v1/agent/pprof/allocs', debug: 0 },
  { kind: 'block', path: '/v1/agent/pprof/block', debug: 0 },
  { kind: 'mutex', path: '/v1/agent/pprof/mutex', debug: 0 },
];

export type AgentKind = 'server' | 'client';

/** Asked of each agent directly at its advertised HTTP address (they ignore server_id/node_id). */
export interface DirectEndpoint {
  file: string;
  path: string;
  kinds: readonly AgentKind[];
  /** Non-2xx statuses whose body is still the document (unhealthy agents answer 500 + JSON). */
  bodyOnStatus?: number[];
}

export const DIRECT_ENDPOINTS: readonly DirectEndpoint[] = [
  { file: AGENT_FILES.self, path: '/v1/agent/self', kinds: ['server', 'client'] },
  { file: AGENT_FILES.health, path: '/v1/agent/health', kinds: ['server', 'client'], bodyOnStatus: [500] },
  { file: AGENT_FILES.schedulers, path: '/v1/agent/schedulers', kinds: ['server'] },
  { file: AGENT_FILES.schedulersConfig, path: '/v1/agent/schedulers/config', kinds: ['server'] },
  // the servers the client knows, the evidence behind "no known servers" (servers answer 501)
  { file: AGENT_FILES.servers, path: '/v1/agent/servers', kinds: ['client'] },
];

/** Asked through the -address agent with node_id (clients only). */
export const CLIENT_ENDPOINTS: readonly JsonEndpoint[] = [
  { file: AGENT_FILES.clientStats, path: '/v1/client/stats' },
  { file: AGENT_FILES.clientMetadata, path: '/v1/client/metadata' },
];

export const ALLOC_STATS_PER_NODE = 20;

/** Per running allocation (through -address): its resource use and, beside it, its Nomad service check results. */
export const ALLOC_ENDPOINTS: readonly { dir: string; what: 'stats' | 'checks' }[] = [
  { dir: AGENT_FILES.allocStatsDir, what: 'stats' },
  { dir: AGENT_FILES.allocChecksDir, what: 'checks' },
];

/** Each agent's own metrics, asked of the agent directly every interval (agent-metrics.ts). */
export const AGENT_METRICS_PATH = '/v1/metrics';

/** Historical logs (-log-lookback, -log-file-export; Nomad 1.10.4+), log-export.ts. */
export const MONITOR_EXPORT_PATH = '/v1/agent/monitor/export';
