// Pure log aggregations over the Bundle's parsed monitor logs (monitor.log and the exported
// history, monitor_export.log): message normalisation, top messages across agents, known bad
// patterns. Used by the logs check and by the report.
import type { AgentData, Bundle, LogEntry, LogLevel, LogSummary } from '../model/types.ts';

/** A WARN/ERROR entry with the file it was read from. */
export interface FiledEntry extends LogEntry {
  file: string;
}

/**
 * The agent's exported history up to where its monitor.log begins. The export is read while the
 * monitor already runs, so lines from the first moments are in both: they count once, in
 * monitor.log. Lines without a time stamp, or a monitor.log without any, are kept as they are.
 * ERROR/WARN counts drop the lines taken out (INFO and below cannot be split: not kept per line).
 */
export function historyBefore(a: AgentData): LogSummary | undefined {
  const h = a.exportLog;
  if (!h || !Array.isArray(h.entries)) return undefined;
  const cut = a.log?.firstTs;
  if (cut === undefined) return h;
  const entries = h.entries.filter((e) => e.ts === undefined || e.ts < cut);
  if (entries.length === h.entries.length) return h;
  const counts = { ...h.counts };
  for (const e of h.entries) if (e.ts !== undefined && e.ts >= cut) counts[e.level] = Math.max(0, (counts[e.level] ?? 0) - 1);
  const out: LogSummary = { ...h, entries, counts };
  if (h.leadership) out.leadership = h.leadership.filter((e) => e.ts === undefined || e.ts < cut);
  if (h.lastTs !== undefined) out.lastTs = Math.min(h.lastTs, cut);
  return out;
}

/** The agent's logs: its history (monitor_export.log, cut where monitor.log begins), then monitor.log. */
export function agentLogs(a: AgentData): LogSummary[] {
  const out: LogSummary[] = [];
  const h = historyBefore(a);
  if (h) out.push(h);
  if (a.log && Array.isArray(a.log.entries)) out.push(a.log);
  return out;
}

const ENTRIES = new WeakMap<AgentData, FiledEntry[]>();

/** Every WARN/ERROR entry of the agent, history first, each once (see historyBefore). */
export function agentEntries(a: AgentData): FiledEntry[] {
  let list = ENTRIES.get(a);
  if (!list) {
    list = agentLogs(a).flatMap((log) => log.entries.map((e) => ({ ...e, file: log.file })));
    ENTRIES.set(a, list);
  }
  return list;
}

const NORMALIZE_MEMO_MAX = 50_000;
const normalizeMemo = new Map<string, string>();

/** Replaces the variable parts of a log message with placeholders so equal problems group. */
export function normalizeMessage(msg: string): string {
  const memo = normalizeMemo.get(msg);
  if (memo !== undefined) return memo;
  const out = msg
    .replace(/"(?:[^"\\]|\\.)*"/g, '"<str>"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'<str>'")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\[?\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b\]?(?::\d+)?/gi, '<ip>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b[0-9a-f]{12,}\b/gi, '<hex>')
    .replace(/\b\d+(?:\.\d+)?(?:ns|µs|us|ms|s|m|h)\b/g, '<dur>')
    .replace(/\b\d+(?:\.\d+)?\b/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
  // Real logs repeat a small set of messages; the memo keeps analysis of big bundles fast.
  if (normalizeMemo.size >= NORMALIZE_MEMO_MAX) normalizeMemo.clear();
  normalizeMemo.set(msg, out);
  return out;
}

export interface TopMessage {
  level: LogLevel;
  module: string;
  /** Normalised message. */
  message: string;
  count: number;
  /** Agents that logged it, most first. */
  agents: { id: string; count: number }[];
  /** Where it first appeared. */
  first: { file: string; line: number };
  /** One raw example (message only, fields left out: they may hold sensitive values). */
  example: string;
}

/** WARN and ERROR messages across every agent, grouped by level, module and normalised text. */
export function topMessages(bundle: Bundle, opts: { levels?: LogLevel[]; limit?: number } = {}): TopMessage[] {
  const levels = opts.levels ?? ['ERROR', 'WARN'];
  const groups = new Map<string, TopMessage & { byAgent: Map<string, number> }>();
  for (const a of agentsWithLogs(bundle)) {
    for (const e of agentEntries(a)) {
      if (!levels.includes(e.level)) continue;
      const message = normalizeMessage(e.message ?? '');
      const key = `${e.level}\u0000${e.module}\u0000${message}`;
      let g = groups.get(key);
      if (!g) {
        g = { level: e.level, module: e.module, message, count: 0, agents: [], first: { file: e.file, line: e.line }, example: e.message, byAgent: new Map() };
        groups.set(key, g);
      }
      g.count++;
      g.byAgent.set(a.id, (g.byAgent.get(a.id) ?? 0) + 1);
    }
  }
  const out = [...groups.values()].map(({ byAgent, ...g }) => ({
    ...g,
    agents: [...byAgent].map(([id, count]) => ({ id, count })).sort((x, y) => y.count - x.count || (x.id < y.id ? -1 : 1)),
  }));
  out.sort((x, y) => levelRank(x.level) - levelRank(y.level) || y.count - x.count || (x.message < y.message ? -1 : 1));
  return opts.limit ? out.slice(0, opts.limit) : out;
}

function levelRank(l: LogLevel): number {
  return l === 'ERROR' ? 0 : l === 'WARN' ? 1 : 2;
}

/** Agents with a monitor.log or an exported history. */
export function agentsWithLogs(bundle: Bundle): AgentData[] {
  return [...bundle.servers, ...bundle.clients].filter((a) => agentLogs(a).length > 0);
}

export interface BadPattern {
  id: string;
  /** Lower-case substrings; any one matches (plain substring tests keep big logs fast). */
  needles: string[];
  /** What it usually means, for the finding detail. */
  meaning: string;
}

export const BAD_PATTERNS: BadPattern[] = [
  // Specific patterns first: a line counts under the first it matches ("failed to update services in
  // Consul: … permission denied" is a Consul sync failure; "yamux: keepalive failed: i/o deadline
  // reached" a yamux keepalive), so one line is never two findings.
  // command/agent/consul/service_client.go: services and checks that could not be (re)registered
  { id: 'Consul service sync', needles: ['failed to update services in consul', 'unable to update services in consul'],
    meaning: 'the agent could not register its services and checks in Consul: the Consul token lacks service:write, or the local Consul agent is unreachable' },
  // client/allocrunner/taskrunner/vault_hook.go
  { id: 'Vault token', needles: ['failed to derive vault token', 'failed to renew vault token', 'failed to derive vault tokens'],
    meaning: 'tasks could not get or renew their Vault tokens: Vault sealed or unreachable, the role or policies, workload identity, or a skewed clock' },
  { id: 'template render', needles: ['template failed', 'missing dependency', 'failed to render template'],
    meaning: 'task templates could not render: a Consul key or service or a Vault secret they read is missing or denied' },
  { id: 'failed to contact', needles: ['failed to contact'], meaning: 'the raft leader cannot reach a follower in time: network trouble, an overloaded or dead server' },
  { id: 'no leader', needles: ['no leader', 'no cluster leader'], meaning: 'requests failed because there was no raft leader at that moment' },
  { id: 'rpc connection limit', needles: ['rejecting client for exceeding maximum rpc connections'], meaning: 'a server refused RPC connections over limits.rpc_max_conns_per_client, often many clients behind one NAT address' },
  { id: 'node TTL expired', needles: ['node ttl expired'], meaning: 'servers marked clients down because their heartbeats stopped' },
  { id: 'election timeout', needles: ['election timeout'], meaning: 'a server started a leader election: leadership is unstable' },
  { id: 'yamux keepalive', needles: ['yamux: keepalive failed'], meaning: 'multiplexed RPC connections died: the network between agents is unreliable' },
  { id: 'monitor dropped', needles: ['monitor dropped'], meaning: 'the log stream dropped lines (the log in the bundle is incomplete)' },
  // Generic symptoms last: only lines no pattern above explains.
  { id: 'i/o timeout', needles: ['i/o timeout', 'i/o deadline'], meaning: 'network calls timed out: packet loss, firewalls, or an overloaded peer' },
  { id: 'connection refused', needles: ['connection refused'], meaning: 'a peer was not listening: an agent is down or its advertised address is wrong' },
  { id: 'permission denied', needles: ['permission denied'], meaning: 'requests were refused by ACLs or by the file system' },
];

export function matchesPattern(p: BadPattern, lowerText: string): boolean {
  for (const n of p.needles) if (lowerText.includes(n)) return true;
  return false;
}

/** Entries matching each known bad pattern, per agent. */
export function patternHits(bundle: Bundle): { pattern: BadPattern; hits: { agent: AgentData; entries: FiledEntry[] }[] }[] {
  const byPattern = new Map<BadPattern, { agent: AgentData; entries: FiledEntry[] }[]>();
  for (const agent of agentsWithLogs(bundle)) {
    const mine = new Map<BadPattern, FiledEntry[]>();
    for (const e of agentEntries(agent)) {
      const lower = (e.fields ? `${e.message ?? ''} ${e.fields}` : (e.message ?? '')).toLowerCase();
      const p = BAD_PATTERNS.find((x) => matchesPattern(x, lower));
      if (!p) continue;
      const list = mine.get(p);
      if (list) list.push(e);
      else mine.set(p, [e]);
    }
    for (const [p, entries] of mine) {
      const hits = byPattern.get(p) ?? [];
      hits.push({ agent, entries });
      byPattern.set(p, hits);
    }
  }
  return BAD_PATTERNS.filter((p) => byPattern.has(p)).map((pattern) => ({ pattern, hits: byPattern.get(pattern)! }));
}

/** Most ERROR entries inside any window of `windowMs` (timestamps needed). */
export function maxErrorsInWindow<E extends LogEntry>(entries: E[], windowMs: number): { count: number; start?: E } {
  const ts = entries.filter((e) => e.level === 'ERROR' && typeof e.ts === 'number').sort((a, b) => a.ts! - b.ts!);
  let best = 0;
  let start: E | undefined;
  let lo = 0;
  for (let hi = 0; hi < ts.length; hi++) {
    while (ts[hi]!.ts! - ts[lo]!.ts! > windowMs) lo++;
    if (hi - lo + 1 > best) {
      best = hi - lo + 1;
      start = ts[lo];
    }
  }
  return start ? { count: best, start } : { count: best };
}

export interface TimelineRow {
  agent: AgentData;
  /** ERROR lines per time bucket. */
  errors: number[];
  /** WARN lines per time bucket. */
  warns: number[];
  total: number;
}

export interface ErrorTimeline {
  /** First and last timestamp seen (ms since the epoch). */
  start: number;
  end: number;
  bucketMs: number;
  rows: TimelineRow[];
  /** Agents with errors or warnings left out by `maxAgents`. */
  more: number;
}

/**
 * Errors and warnings of every agent on one shared time axis, so a burst on many agents at
 * once (a leader election, a network cut) lines up. Agents with the most errors first.
 */
export function errorTimeline(bundle: Bundle, opts: { buckets?: number; maxAgents?: number } = {}): ErrorTimeline | undefined {
  const buckets = Math.max(1, opts.buckets ?? 60);
  const maxAgents = Math.max(1, opts.maxAgents ?? 20);
  const agents = agentsWithLogs(bundle);
  let start = Infinity;
  let end = -Infinity;
  for (const a of agents) {
    for (const e of agentEntries(a)) {
      if ((e.level !== 'ERROR' && e.level !== 'WARN') || typeof e.ts !== 'number' || !Number.isFinite(e.ts)) continue;
      if (e.ts < start) start = e.ts;
      if (e.ts > end) end = e.ts;
    }
  }
  if (!Number.isFinite(start)) return undefined;
  const bucketMs = Math.max(1, Math.ceil((end - start + 1) / buckets));
  const rows: TimelineRow[] = [];
  for (const a of agents) {
    const errors = new Array<number>(buckets).fill(0);
    const warns = new Array<number>(buckets).fill(0);
    let total = 0;
    for (const e of agentEntries(a)) {
      if ((e.level !== 'ERROR' && e.level !== 'WARN') || typeof e.ts !== 'number' || !Number.isFinite(e.ts)) continue;
      const i = Math.min(buckets - 1, Math.floor((e.ts - start) / bucketMs));
      (e.level === 'ERROR' ? errors : warns)[i]!++;
      total++;
    }
    if (total > 0) rows.push({ agent: a, errors, warns, total });
  }
  const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
  rows.sort((x, y) => sum(y.errors) - sum(x.errors) || y.total - x.total || (x.agent.id < y.agent.id ? -1 : 1));
  return { start, end, bucketMs, rows: rows.slice(0, maxAgents), more: Math.max(0, rows.length - maxAgents) };
}
