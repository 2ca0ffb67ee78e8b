// /v1/agent/monitor/export (Nomad 1.10.4+): an agent's past log, from its log_file (on_disk=true)
// or from journald (service_name=nomad, logs_since), framed as the monitor frames it and ended when
// all is sent. Follows command/agent/agent_endpoint.go AgentMonitorExport (argument checks and
// their texts), client/agent_endpoint.go and nomad/client_agent_endpoint.go monitorExport ("No
// nomad log file defined"; a server forwards server_id to the other server's Agent.Monitor, so
// the answer is that server's live INFO log), and command/agent/monitor/export_monitor.go
// (journalctl -xu <service> --since "<dur> ago": journald's short lines).
import type { SimAgent, SimCluster } from '../cluster/types.ts';
import { hostName } from '../cluster/host.ts';
import { hasMonitorExport } from '../cluster/versions.ts';
import { FrameBatcher } from '../content/frames.ts';
import { formatLine, levelAtLeast } from '../content/logs.ts';
import { parseDuration } from '../../shared/duration.ts';
import { boolParam, type Ctx } from './context.ts';
import { HttpError, text } from './respond.ts';
import { logSourceFor, monitorParams, streamMonitor } from './stream-monitor.ts';

/** Nomad's default when logs_since is not given. */
const DEFAULT_LOGS_SINCE_MS = 72 * 3600_000;
/** How long the simulated agents have been writing their log file. */
export const LOG_FILE_SPAN_MS = 3600_000;
/** Lines of history at most (one every few seconds at INFO), so a 72 h lookback stays small. */
const MAX_HISTORY_ENTRIES = 4000;
/** The level the simulated agents log at (agent config LogLevel). */
const AGENT_LOG_LEVEL = 'INFO' as const;

export interface ExportParams {
  onDisk: boolean;
  follow: boolean;
  plain: boolean;
  logsSinceMs: number;
  serviceName: string;
}

function bool(q: URLSearchParams, name: string, label: string): boolean {
  const raw = q.get(name) ?? '';
  if (raw === '') return false;
  const v = boolParam(q, name);
  if (v === undefined) {
    throw new HttpError(400, `Unknown value for ${label}: Failed to parse value of "${name}" (${raw}) as a bool: strconv.ParseBool: parsing "${raw}": invalid syntax`);
  }
  return v;
}

/** The HTTP agent's checks, in its order and words. */
export function exportParams(q: URLSearchParams): ExportParams {
  const onDisk = bool(q, 'on_disk', 'on-disk');
  const follow = bool(q, 'follow', 'follow');
  const plain = bool(q, 'plain', 'plain');
  let logsSinceMs = DEFAULT_LOGS_SINCE_MS;
  const since = q.get('logs_since') ?? '';
  if (since !== '') {
    try {
      logsSinceMs = parseDuration(since);
    } catch {
      throw new HttpError(400, `Unknown value for logs-since: time: invalid duration ${JSON.stringify(since)}`);
    }
  }
  const serviceName = q.get('service_name') ?? '';
  if ((q.get('node_id') ?? '') !== '' && (q.get('server_id') ?? '') !== '') throw new HttpError(400, 'Cannot target node and server simultaneously');
  if (onDisk && serviceName !== '') throw new HttpError(400, 'Cannot target journald and nomad log file simultaneously');
  if (!onDisk && serviceName === '') throw new HttpError(400, 'Either -service-name or -on-disk must be set');
  if (onDisk && follow) throw new HttpError(400, 'Cannot follow log file');
  if (serviceName !== '' && !serviceName.includes('nomad')) throw new HttpError(422, "service name must include 'nomad");
  return { onDisk, follow, plain, logsSinceMs, serviceName };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** journalctl's short output prefix: "Dec 05 04:12:01 client-1 nomad[812]: ". */
function journaldPrefix(at: Date, host: string, pid: number): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[at.getUTCMonth()]} ${p(at.getUTCDate())} ${p(at.getUTCHours())}:${p(at.getUTCMinutes())}:${p(at.getUTCSeconds())} ${host} nomad[${pid}]: `;
}

/** The agent's past log lines up to `now`: the file's last hour, or journald's `logs_since`. */
export function exportHistory(c: SimCluster, a: SimAgent, p: ExportParams, now: Date): string {
  const span = p.onDisk ? LOG_FILE_SPAN_MS : Math.min(p.logsSinceMs, DEFAULT_LOGS_SINCE_MS);
  const source = logSourceFor(c, a);
  const count = Math.max(1, Math.min(MAX_HISTORY_ENTRIES, Math.floor(span / 250)));
  const step = span / count;
  const pid = 700 + (a.id.charCodeAt(0) % 200);
  const host = hostName(a);
  let out = '';
  for (let i = count; i >= 1; i--) {
    const at = new Date(now.getTime() - i * step);
    const e = source.next(at);
    if (!levelAtLeast(e.level, AGENT_LOG_LEVEL)) continue;
    const line = formatLine(e, { json: false, includeLocation: false });
    out += p.onDisk ? `${line}\n` : `${journaldPrefix(at, host, pid)}${line}\n`;
  }
  return out;
}

/** `target` is the agent the request was forwarded to (node_id), or the receiver. */
export function streamExport(ctx: Ctx, target: SimAgent, p: ExportParams): 'streamed' | ReturnType<typeof text> {
  const forwardedServer = (ctx.q.get('server_id') ?? '') !== '' && target !== ctx.receiver;
  if (forwardedServer) {
    // forwardMonitorServer dials Agent.Monitor: the other server streams its live log at the
    // default level until the caller hangs up.
    const q = new URLSearchParams({ log_level: 'INFO', ...(p.plain ? { plain: 'true' } : {}) });
    return streamMonitor({ ...ctx, q }, target, monitorParams(q));
  }
  // An older client reached by forwarding has no Agent.MonitorExport; the error comes back
  // without a code and the HTTP agent drops it: 200 and nothing.
  if (!hasMonitorExport(target.version)) return text('', p.plain ? 'text/plain' : 'application/json', 200);
  if (p.onDisk && target.logFile === '') throw new HttpError(400, 'No nomad log file defined');
  const history = exportHistory(ctx.cluster, target, p, ctx.now());
  const { res } = ctx;
  res.writeHead(200, { 'Content-Type': p.plain ? 'text/plain' : 'application/json' });
  if (p.plain) {
    res.end(history);
    return 'streamed';
  }
  const batcher = new FrameBatcher();
  let body = batcher.push(history).join('');
  body += batcher.flush() ?? '';
  res.end(body);
  return 'streamed';
}
