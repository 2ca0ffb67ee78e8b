// Pure log aggregations over the Bundle's parsed monitor logs: message normalisation, top
// messages across agents, known bad patterns. Used by the logs check and by the report.
import type { AgentData, Bundle, LogEntry, LogLevel } from '../model/types.ts';

/** Replaces the variable parts of a log message with placeholders so equal problems group. */
export function normalizeMessage(msg: string): string {
  return msg
    .replace(/"(?:[^"\\]|\\.)*"/g, '"<str>"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'<str>'")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\[?\b(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\b\]?(?::\d+)?/gi, (m) => (/^\[?[0-9a-f:]+\]?(:\d+)?$/i.test(m) && m.includes('::') || (m.match(/:/g) ?? []).length >= 3 ? '<ip>' : m))
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b[0-9a-f]{12,}\b/gi, '<hex>')
    .replace(/\b\d+(?:\.\d+)?(?:ns|µs|us|ms|s|m|h)\b/g, '<dur>')
    .replace(/\b\d+(?:\.\d+)?\b/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
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
    for (const e of a.log!.entries) {
      if (!levels.includes(e.level)) continue;
      const message = normalizeMessage(e.message ?? '');
      const key = `${e.level}\u0000${e.module}\u0000${message}`;
      let g = groups.get(key);
      if (!g) {
        g = { level: e.level, module: e.module, message, count: 0, agents: [], first: { file: a.log!.file, line: e.line }, example: e.message, byAgent: new Map() };
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

export function agentsWithLogs(bundle: Bundle): AgentData[] {
  return [...bundle.servers, ...bundle.clients].filter((a) => a.log && Array.isArray(a.log.entries));
}

export interface BadPattern {
  id: string;
  re: RegExp;
  /** What it usually means, for the finding detail. */
  meaning: string;
}

export const BAD_PATTERNS: BadPattern[] = [
  { id: 'failed to contact', re: /failed to contact/i, meaning: 'the raft leader cannot reach a follower in time: network trouble, an overloaded or dead server' },
  { id: 'no leader', re: /no (cluster )?leader/i, meaning: 'requests failed because there was no raft leader at that moment' },
  { id: 'i/o timeout', re: /i\/o (timeout|deadline)/i, meaning: 'network calls timed out: packet loss, firewalls, or an overloaded peer' },
  { id: 'connection refused', re: /connection refused/i, meaning: 'a peer was not listening: an agent is down or its advertised address is wrong' },
  { id: 'rpc connection limit', re: /rejecting client for exceeding maximum RPC connections/i, meaning: 'a server refused RPC connections over limits.rpc_max_conns_per_client, often many clients behind one NAT address' },
  { id: 'node TTL expired', re: /node TTL expired/i, meaning: 'servers marked clients down because their heartbeats stopped' },
  { id: 'election timeout', re: /Election timeout/i, meaning: 'a server started a leader election: leadership is unstable' },
  { id: 'yamux keepalive', re: /yamux: keepalive failed/i, meaning: 'multiplexed RPC connections died: the network between agents is unreliable' },
  { id: 'monitor dropped', re: /Monitor dropped/i, meaning: 'the log stream dropped lines (the log in the bundle is incomplete)' },
  { id: 'permission denied', re: /permission denied/i, meaning: 'requests were refused by ACLs or by the file system' },
];

/** Entries matching each known bad pattern, per agent. */
export function patternHits(bundle: Bundle): { pattern: BadPattern; hits: { agent: AgentData; entries: LogEntry[] }[] }[] {
  const out: { pattern: BadPattern; hits: { agent: AgentData; entries: LogEntry[] }[] }[] = [];
  const agents = agentsWithLogs(bundle);
  for (const pattern of BAD_PATTERNS) {
    const hits = agents
      .map((agent) => ({ agent, entries: agent.log!.entries.filter((e) => pattern.re.test(`${e.message ?? ''} ${e.fields ?? ''}`)) }))
      .filter((h) => h.entries.length > 0);
    if (hits.length) out.push({ pattern, hits });
  }
  return out;
}

/** Most ERROR entries inside any window of `windowMs` (timestamps needed). */
export function maxErrorsInWindow(entries: LogEntry[], windowMs: number): { count: number; start?: LogEntry } {
  const ts = entries.filter((e) => e.level === 'ERROR' && typeof e.ts === 'number').sort((a, b) => a.ts! - b.ts!);
  let best = 0;
  let start: LogEntry | undefined;
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
