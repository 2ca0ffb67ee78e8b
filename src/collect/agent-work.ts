// Everything captured for one server or client: host data, the monitor stream, pprof rounds,
// the endpoints asked of the agent directly, client stats. Each capture is a unit of its own,
// with its own time limit and manifest entry: no answer, slow or missing, gates the others.
import type { LimitFunction } from 'p-limit';
import { AGENT_FILES, pprofFileName } from '../archive/layout.ts';
import type { Query } from '../nomad/client.ts';
import { safeSegment } from '../shared/safe-path.ts';
import { sleep } from '../shared/clock.ts';
import { NO_CONNECTION_CODES } from '../shared/errors.ts';
import { captureJsonRecord, captureRaw, captureStream, recordSkipped, requestLimit, type CaptureEnv } from './capture.ts';
import { ALLOC_ENDPOINTS, ALLOC_STATS_PER_NODE, CLIENT_ENDPOINTS, DIRECT_ENDPOINTS, MONITOR_EXPORT_PATH, PPROF_ENDPOINTS } from './catalog.ts';
import type { CollectOptions } from './options.ts';
import { monitorExportQuery, wantsLogExport } from './log-export.ts';
import { metricsRounds } from './agent-metrics.ts';
import { directAskOf, type DirectAddress } from './direct-ask.ts';
import type { Target } from './select.ts';

/** One node's document is a few KiB; a lookup answer past this is not a node. */
const NODE_LOOKUP_MAX_BYTES = 4 * 1024 * 1024;

export interface RunClock {
  /** performance-free wall clock of the capture window start (ms since epoch). */
  t0: number;
  deadline: number;
  /** Aborted when the window ends or the run is interrupted: no new rounds start. */
  windowSignal: AbortSignal;
}

export interface AgentWorkDeps {
  env: CaptureEnv;
  opts: CollectOptions;
  base: Query;
  clock: RunClock;
  limit: LimitFunction;
  windowLimit: LimitFunction;
  /** Monitor streams open at once (fd-budget.ts), each for at most monitorWindowMs. */
  monitorLimit: LimitFunction;
  monitorWindowMs: number;
  /**
   * Resolves once every agent's first one-shot asks are queued: pprof rounds queue behind them, so
   * a run cut short by its time limit still has every agent's host data rather than every profile
   * of the first agents and nothing of the last.
   */
  firstAsksQueued: Promise<void>;
  /** Running allocations per node id (for allocation stats). */
  allocsByNode: Map<string, string[]>;
  /** The agent's folder in the bundle (agentFolders: safe, and one agent's alone). */
  folderOf: (t: Target) => string;
  onAddress: (id: string, address: string) => void;
  /** Called when connections to the agent's own address are refused or find no route. */
  onUnreachable: (id: string, reason: string) => void;
  /** -region, else the region of the agent we talk to: part of the name a direct ask must prove. */
  region: string;
}

/** The shortest monitor stream asked for. */
const MIN_MONITOR_MS = 1000;

/** A base URL from an advertised host and port, with -address's scheme; undefined when not an address. */
export function directBaseUrl(host: string | undefined, port: string | undefined, address: string): string | undefined {
  if (!host || !port || !/^\d{1,5}$/.test(port)) return undefined;
  const bare = host.replace(/^\[|\]$/g, '');
  if (!/^[A-Za-z0-9.\-:]+$/.test(bare)) return undefined;
  const scheme = new URL(address).protocol;
  try {
    return new URL(`${scheme}//${bare.includes(':') ? `[${bare}]` : bare}:${port}`).origin;
  } catch {
    return undefined;
  }
}

/** Splits an advertised "host:port" (HTTPAddr), IPv6 in brackets or not. */
export function splitHostPort(hostPort: string | undefined): [string, string] | undefined {
  if (!hostPort) return undefined;
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(hostPort);
  return m ? [m[1]!, m[2]!] : undefined;
}

export async function captureAgent(t: Target, d: AgentWorkDeps): Promise<void> {
  const { env, opts, clock } = d;
  const targetName = `${t.kind}:${t.id}`;
  const dir = d.folderOf(t);
  const sel: Query = t.kind === 'server' ? { server_id: t.id } : { node_id: t.id };
  const q = (extra: Query = {}): Query => ({ ...d.base, ...(opts.stale ? { stale: '' } : {}), ...sel, ...extra });

  // Down, failed and left agents are asked too: their folders then say why they are empty, in
  // Nomad's own words ({"Error": ...} and monitor.log's last line).
  // Where the agent is asked directly: looked up once (a node lookup for a client).
  const where = directAddress(t, d);
  await Promise.all([
    d.limit(() =>
      captureJsonRecord(env, { rel: `${dir}/${AGENT_FILES.host}`, path: '/v1/agent/host', query: q(), target: targetName, errorFile: true }),
    ),
    d.monitorLimit(() =>
      captureStream(env, {
        rel: `${dir}/${AGENT_FILES.monitor}`,
        path: '/v1/agent/monitor',
        query: q({ log_level: opts.logLevel, log_include_location: String(opts.logIncludeLocation) }),
        target: targetName,
        kind: 'monitor',
        // a turn that starts late still gets a short stream: the agent's log is what support needs
        windowMs: Math.max(MIN_MONITOR_MS, Math.min(d.monitorWindowMs, clock.deadline - Date.now())),
      }),
    ),
    // the history export is a stream too: it takes its turn under the same open-file budget
    wantsLogExport(opts) ? d.monitorLimit(() => exportLogs(t, dir, targetName, q, d, where)) : undefined,
    pprofRounds(dir, targetName, q, d),
    directAsks(t, dir, targetName, d, where),
    metricsRounds(t, dir, targetName, d, where),
    t.kind === 'client' ? clientData(t.id, dir, targetName, q, d) : undefined,
  ]);
}

/**
 * monitor_export.log: a client through -address with node_id, as Nomad asks; a server directly at
 * its advertised address, because a server forwards server_id exports to the other server's
 * Agent.Monitor, not Agent.MonitorExport (nomad/client_agent_endpoint.go forwardMonitorServer),
 * which answers with its live INFO log instead of the history.
 */
async function exportLogs(t: Target, dir: string, target: string, q: (e?: Query) => Query, d: AgentWorkDeps, where: Promise<DirectAddress>): Promise<void> {
  const { env, opts, clock } = d;
  const base = {
    rel: `${dir}/${AGENT_FILES.monitorExport}`,
    path: MONITOR_EXPORT_PATH,
    target,
    kind: 'export' as const,
    windowMs: clock.deadline - Date.now(),
    ...(t.version ? { version: t.version } : {}),
  };
  if (t.kind === 'client') {
    await captureStream(env, { ...base, query: q(monitorExportQuery(opts)) });
    return;
  }
  const { baseUrl, why } = await where;
  const query: Query = { ...d.base, ...(opts.stale ? { stale: '' } : {}), ...monitorExportQuery(opts) };
  if (!baseUrl) {
    recordSkipped(env, { ...base, query }, 'NOT_ADVERTISED', why);
    return;
  }
  await captureStream(env, { ...base, query, baseUrl, direct: directAskOf(t, d.region) });
}

async function pprofRounds(dir: string, target: string, q: (e?: Query) => Query, d: AgentWorkDeps): Promise<void> {
  const { env, opts, clock } = d;
  await d.firstAsksQueued;
  const seconds = Math.max(1, Math.floor(opts.pprofDurationMs / 1000));
  const interval = Math.max(opts.pprofIntervalMs, opts.pprofDurationMs, 1);
  for (let round = 0; ; round++) {
    const at = clock.t0 + round * interval;
    if (round > 0) {
      if (at >= clock.deadline || clock.windowSignal.aborted) return;
      await sleep(at - Date.now(), clock.windowSignal);
      if (clock.windowSignal.aborted) return;
    }
    if (env.signal.aborted) return;
    const records = await Promise.all(
      PPROF_ENDPOINTS.map((p) => {
        const c = {
          rel: `${dir}/${pprofFileName(p.kind, round)}`,
          path: p.path,
          query: q(p.windowed ? { seconds: String(seconds), gc: '0' } : { debug: String(p.debug ?? 0), gc: '0' }),
          target,
          timeoutMs: p.windowed ? seconds * 1000 + env.requestTimeoutMs : env.requestTimeoutMs,
        };
        return (p.windowed ? d.windowLimit : d.limit)(() => captureRaw(env, c));
      }),
    );
    if (records.every((r) => r.code === 'HTTP_403')) {
      env.recorder.warn(`${target}: pprof refused (Permission denied): needs agent:write ACL or enable_debug=true; no more rounds`);
      return;
    }
    // A round whose every answer is the same refusal (unknown node, no path to it) says the next
    // will be too; slow answers and timeouts say nothing of the next round, which is still asked.
    const codes = new Set(records.map((r) => r.code));
    if (codes.size === 1 && records[0]!.status === 'failed' && records[0]!.code.startsWith('HTTP_')) return;
  }
}

/**
 * Where to ask an agent directly: a server at its member address with -address's HTTP port, a
 * client at its node's HTTPAddr (one node lookup, whose answer is not kept).
 */
async function directAddress(t: Target, d: AgentWorkDeps): Promise<DirectAddress> {
  const { env, opts } = d;
  const why = 'no advertised HTTP address';
  if (t.kind === 'server') {
    const api = new URL(opts.address);
    return { baseUrl: directBaseUrl(t.addr, api.port || (api.protocol === 'https:' ? '443' : '80'), opts.address), why };
  }
  const node = await d.limit(() =>
    env.client
      .get({ path: `/v1/node/${encodeURIComponent(t.id)}`, query: d.base, timeoutMs: Math.max(1, requestLimit(env)), signal: env.signal, maxBytes: NODE_LOOKUP_MAX_BYTES })
      .catch((err: unknown) => err as Error),
  );
  if (node instanceof Error) return { why: `node lookup failed: ${node.message}` };
  if (node.status !== 200) return { why: `node lookup failed: HTTP ${node.status}` };
  try {
    const doc = JSON.parse(node.body.toString('utf8')) as { HTTPAddr?: string };
    const hp = splitHostPort(doc.HTTPAddr);
    return { baseUrl: hp ? directBaseUrl(hp[0], hp[1], opts.address) : undefined, why };
  } catch {
    return { why: 'node lookup answered no JSON' };
  }
}

async function directAsks(t: Target, dir: string, target: string, d: AgentWorkDeps, where: Promise<DirectAddress>): Promise<void> {
  const { env } = d;
  const endpoints = DIRECT_ENDPOINTS.filter((e) => e.kinds.includes(t.kind));
  const { baseUrl, why } = await where;
  if (!baseUrl) {
    for (const e of endpoints) recordSkipped(env, { rel: `${dir}/${e.file}`, path: e.path, target }, 'NOT_ADVERTISED', why);
    return;
  }
  d.onAddress(t.id, baseUrl);
  const direct = directAskOf(t, d.region);
  const results = await Promise.all(
    endpoints.map((e) =>
      d.limit(() =>
        captureJsonRecord(env, {
          rel: `${dir}/${e.file}`,
          path: e.path,
          query: d.base,
          baseUrl,
          direct,
          target,
          bodyOnStatus: e.bodyOnStatus,
          errorFile: true,
        }),
      ),
    ),
  );
  const refused = results.filter((r) => NO_CONNECTION_CODES.has(r.code));
  if (refused.length === results.length && results.length > 0) {
    const reason = `no connection to ${baseUrl}: ${refused[0]?.error ?? refused[0]?.code}`;
    d.onUnreachable(t.id, reason);
    env.recorder.warn(`${target}: cannot reach the agent directly at ${baseUrl}: ${refused[0]?.error ?? ''}`);
  }
}

async function clientData(nodeId: string, dir: string, target: string, q: (e?: Query) => Query, d: AgentWorkDeps): Promise<void> {
  const { env } = d;
  const jobs: Promise<unknown>[] = CLIENT_ENDPOINTS.map((e) =>
    d.limit(() => captureJsonRecord(env, { rel: `${dir}/${e.file}`, path: e.path, query: q(), target, errorFile: true })),
  );
  const allocs = (d.allocsByNode.get(nodeId) ?? []).slice(0, ALLOC_STATS_PER_NODE);
  for (const id of allocs) {
    let seg: string;
    try {
      seg = safeSegment(id);
    } catch {
      continue;
    }
    for (const { dir: folder, what } of ALLOC_ENDPOINTS) {
      jobs.push(
        d.limit(() =>
          captureJsonRecord(env, {
            rel: `${dir}/${folder}/${seg}.json`,
            path: `/v1/client/allocation/${encodeURIComponent(id)}/${what}`,
            query: d.base,
            target,
            errorFile: true,
          }),
        ),
      );
    }
  }
  await Promise.all(jobs);
}
