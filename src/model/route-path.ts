// Where a bundle-relative path belongs in the model, for every layout (ours, Nomad 1.2+,
// pre-1.2 `version/` + `nomad/NN/`, numbered and unnumbered profiles). Pure.
import {
  AGENT_FILES,
  AGENT_METRICS_PREFIX,
  CLIENT_DIR,
  CLUSTER_DIR,
  CLUSTER_FILES,
  INTERVAL_DIR,
  INTERVAL_FILES,
  LEGACY_CLUSTER_DIR,
  LEGACY_INTERVAL_DIR,
  MANIFEST_FILE,
  SERVER_DIR,
} from '../archive/layout.ts';

export type ClusterKey = keyof typeof CLUSTER_FILES;

export type PprofFileKind =
  | 'cpu' | 'trace' | 'goroutine' | 'goroutineDebug1' | 'goroutineDebug2'
  | 'heap' | 'threadcreate' | 'allocs' | 'block' | 'mutex';

export type AgentFile =
  | { what: 'log' }
  /** monitor_export.log: the agent's history before the capture (-log-lookback, -log-file-export). */
  | { what: 'exportLog' }
  | { what: 'json'; key: 'host' | 'self' | 'health' | 'schedulers' | 'schedulersConfig' | 'clientStats' | 'clientMetadata' | 'servers' }
  | { what: 'allocStats' }
  | { what: 'allocChecks' }
  /** metrics_NNNN.json: the agent's own /v1/metrics at interval NNNN. */
  | { what: 'metrics'; round: number }
  | { what: 'pprof'; kind: PprofFileKind; round: number }
  | { what: 'other' };

export type Route =
  | { area: 'manifest' }
  | { area: 'cluster'; key: ClusterKey }
  | { area: 'agent'; kind: 'server' | 'client'; id: string; dir: string; file: AgentFile }
  | { area: 'interval'; index: number; dir: string; name: string }
  | { area: 'other' };

/**
 * Profiles kept by size only: no check and no report section reads them, and decoding them made
 * up most of the analyzer's profile work (the trace is never decodable; allocs repeats the heap).
 */
export const MEASURED_PPROF_KINDS = ['trace', 'allocs', 'threadcreate', 'block', 'mutex'] as const;
export type MeasuredPprofKind = (typeof MEASURED_PPROF_KINDS)[number];

export function isMeasuredPprof(kind: PprofFileKind): kind is MeasuredPprofKind {
  return (MEASURED_PPROF_KINDS as readonly string[]).includes(kind);
}

const PPROF_KINDS: Record<string, PprofFileKind> = {
  profile: 'cpu', trace: 'trace', goroutine: 'goroutine', 'goroutine-debug1': 'goroutineDebug1',
  'goroutine-debug2': 'goroutineDebug2', heap: 'heap', threadcreate: 'threadcreate', allocs: 'allocs',
  block: 'block', mutex: 'mutex',
};

const AGENT_JSON: Record<string, Extract<AgentFile, { what: 'json' }>['key']> = {
  [AGENT_FILES.host]: 'host',
  [AGENT_FILES.self]: 'self',
  [AGENT_FILES.health]: 'health',
  [AGENT_FILES.schedulers]: 'schedulers',
  [AGENT_FILES.schedulersConfig]: 'schedulersConfig',
  [AGENT_FILES.clientStats]: 'clientStats',
  [AGENT_FILES.clientMetadata]: 'clientMetadata',
  [AGENT_FILES.servers]: 'servers',
};

const AGENT_METRICS = new RegExp(`^${AGENT_METRICS_PREFIX}_(\\d{4,})\\.json$`);

const CLUSTER_BY_NAME = new Map<string, ClusterKey>(
  Object.entries(CLUSTER_FILES).map(([key, name]) => [name, key as ClusterKey]),
);

export type IntervalKey = keyof typeof INTERVAL_FILES;

/** Interval file name → model key; pre-1.2 bundles named csi-plugins.json "plugins.json". */
export const INTERVAL_KEY_BY_NAME = new Map<string, IntervalKey>([
  ...Object.entries(INTERVAL_FILES).map(([key, name]) => [name, key as IntervalKey] as const),
  ['plugins.json', 'csiPlugins'],
]);

export function routePath(rel: string): Route {
  const parts = rel.split('/');
  const [top, second] = parts;
  if (parts.length === 1 && top === MANIFEST_FILE) return { area: 'manifest' };
  if ((top === CLUSTER_DIR || top === LEGACY_CLUSTER_DIR) && parts.length === 2) {
    const key = CLUSTER_BY_NAME.get(second!);
    return key ? { area: 'cluster', key } : { area: 'other' };
  }
  if ((top === SERVER_DIR || top === CLIENT_DIR) && parts.length >= 3 && second) {
    return {
      area: 'agent',
      kind: top === SERVER_DIR ? 'server' : 'client',
      id: second,
      dir: `${top}/${second}`,
      file: agentFile(parts.slice(2)),
    };
  }
  if ((top === INTERVAL_DIR || top === LEGACY_INTERVAL_DIR) && parts.length === 3 && /^\d+$/.test(second ?? '')) {
    return { area: 'interval', index: Number(second), dir: `${top}/${second}`, name: parts[2]! };
  }
  return { area: 'other' };
}

function agentFile(rest: string[]): AgentFile {
  if (rest.length === 2 && rest[0] === AGENT_FILES.allocStatsDir && rest[1]!.endsWith('.json')) return { what: 'allocStats' };
  if (rest.length === 2 && rest[0] === AGENT_FILES.allocChecksDir && rest[1]!.endsWith('.json')) return { what: 'allocChecks' };
  if (rest.length !== 1) return { what: 'other' };
  const name = rest[0]!;
  if (name === AGENT_FILES.monitor) return { what: 'log' };
  if (name === AGENT_FILES.monitorExport) return { what: 'exportLog' };
  const json = AGENT_JSON[name];
  if (json) return { what: 'json', key: json };
  const metrics = AGENT_METRICS.exec(name);
  if (metrics) return { what: 'metrics', round: Number(metrics[1]) };
  // profile_0000.prof, goroutine-debug2_0003.txt, and Nomad ≤1.7.6's unnumbered heap.prof (round 0).
  const m = /^([a-z0-9-]+?)(?:_(\d+))?\.(prof|txt)$/.exec(name);
  const kind = m ? PPROF_KINDS[m[1]!] : undefined;
  if (m && kind) {
    const isText = kind === 'goroutineDebug1' || kind === 'goroutineDebug2';
    if (isText === (m[3] === 'txt')) return { what: 'pprof', kind, round: m[2] ? Number(m[2]) : 0 };
  }
  return { what: 'other' };
}

/** How the reader should hand an entry over: streamed, size only, or whole bytes to parse. */
export type EntryHandling = 'log' | 'events' | 'size-only' | 'whole';

export function entryHandling(route: Route): EntryHandling {
  switch (route.area) {
    case 'manifest':
      return 'whole';
    case 'cluster':
      return route.key === 'eventStream' ? 'events' : 'whole';
    case 'interval':
      return INTERVAL_KEY_BY_NAME.has(route.name) ? 'whole' : 'size-only';
    case 'agent': {
      const f = route.file;
      if (f.what === 'log' || f.what === 'exportLog') return 'log';
      if (f.what === 'other' || (f.what === 'pprof' && isMeasuredPprof(f.kind))) return 'size-only';
      return 'whole';
    }
    default:
      return 'size-only';
  }
}
