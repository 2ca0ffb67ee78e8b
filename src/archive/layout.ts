// Bundle file names, as `nomad operator debug` (1.8+) writes them, plus ours.
// One table used by the collector to write and the model to read.

export const MANIFEST_FILE = 'manifest.json';
export const INDEX_FILE = 'index.json';
/** The same list as links, for a bundle unpacked on a laptop (Nomad writes it too). */
export const INDEX_HTML_FILE = 'index.html';

export const CLUSTER_DIR = 'cluster';
export const SERVER_DIR = 'server';
export const CLIENT_DIR = 'client';
export const INTERVAL_DIR = 'interval';

/** Pre-1.2 names of the same folders. */
export const LEGACY_CLUSTER_DIR = 'version';
export const LEGACY_INTERVAL_DIR = 'nomad';

export const CLUSTER_FILES = {
  agentSelf: 'agent-self.json',
  members: 'members.json',
  leader: 'leader.json',
  nodes: 'nodes.json',
  namespaces: 'namespaces.json',
  regions: 'regions.json',
  cliFlags: 'cli-flags.json',
  eventStream: 'eventstream.json',
  // Consul and Vault, with Nomad's names (the last two are ours):
  consulLeader: 'consul-leader.json',
  consulAgentSelf: 'consul-agent-self.json',
  consulAgentMembers: 'consul-agent-members.json',
  consulAgentHost: 'consul-agent-host.json',
  consulAgentMetrics: 'consul-agent-metrics.json',
  vaultSysHealth: 'vault-sys-health.json',
  consulAgentChecks: 'consul-agent-checks.json',
  consulAgentServices: 'consul-agent-services.json',
} as const;

/** Files in server/<name>/ and client/<node id>/. */
export const AGENT_FILES = {
  host: 'agent-host.json',
  monitor: 'monitor.log',
  /** Historical logs (-log-lookback, -log-file-export; Nomad 1.10.4+). */
  monitorExport: 'monitor_export.log',
  // ours, asked of each agent directly at its advertised address:
  self: 'agent-self.json',
  health: 'health.json',
  schedulers: 'schedulers.json',
  schedulersConfig: 'schedulers-config.json',
  // clients only:
  /** /v1/agent/servers: the servers the client knows (servers answer 501). */
  servers: 'agent-servers.json',
  clientStats: 'client-stats.json',
  clientMetadata: 'client-metadata.json',
  allocStatsDir: 'allocation-stats',
  /** /v1/client/allocation/:id/checks beside the stats: Nomad service check results. */
  allocChecksDir: 'allocation-checks',
} as const;

/** pprof files of one round; NNNN is the round number (4 digits, %04d). */
export const PPROF_FILES = {
  cpu: 'profile',
  trace: 'trace',
  goroutine: 'goroutine',
  goroutineDebug1: 'goroutine-debug1',
  goroutineDebug2: 'goroutine-debug2',
  heap: 'heap',
  threadcreate: 'threadcreate',
  allocs: 'allocs',
  block: 'block',
  mutex: 'mutex',
} as const;

export type PprofKind = keyof typeof PPROF_FILES;

export function pprofFileName(kind: PprofKind, round: number): string {
  const ext = kind === 'goroutineDebug1' || kind === 'goroutineDebug2' ? 'txt' : 'prof';
  return `${PPROF_FILES[kind]}_${pad4(round)}.${ext}`;
}

/** The agent's own /v1/metrics at interval NNNN (ours: Nomad keeps only the -address agent's, interval/NNNN/metrics.json). */
export const AGENT_METRICS_PREFIX = 'metrics';

export function agentMetricsFileName(round: number): string {
  return `${AGENT_METRICS_PREFIX}_${pad4(round)}.json`;
}

export const INTERVAL_FILES = {
  jobs: 'jobs.json',
  deployments: 'deployments.json',
  evaluations: 'evaluations.json',
  allocations: 'allocations.json',
  nodes: 'nodes.json',
  csiPlugins: 'csi-plugins.json',
  csiVolumes: 'csi-volumes.json',
  metrics: 'metrics.json',
  operatorRaft: 'operator-raft.json',
  operatorScheduler: 'operator-scheduler.json',
  autopilotHealth: 'operator-autopilot-health.json',
  /** Ours: /v1/operator/autopilot/configuration. */
  autopilotConfig: 'operator-autopilot-config.json',
  license: 'license.json',
} as const;

/** The seven large collections written as NDJSON since Nomad 1.4. */
export const NDJSON_INTERVAL_FILES: readonly string[] = [
  INTERVAL_FILES.jobs,
  INTERVAL_FILES.deployments,
  INTERVAL_FILES.evaluations,
  INTERVAL_FILES.allocations,
  INTERVAL_FILES.nodes,
  INTERVAL_FILES.csiPlugins,
  INTERVAL_FILES.csiVolumes,
];

export const csiPluginFile = (id: string) => `csi-plugin-id-${id}.json`;
export const csiVolumeFile = (id: string) => `csi-volume-id-${id}.json`;

export function pad4(n: number): string {
  return String(n).padStart(4, '0');
}
