// /v1/agent/monitor: the target agent's log lines at the requested level, framed as Nomad frames
// them (200 ms batches, 1024-byte pieces with Offset, a `{}` heartbeat every second), or raw text
// with plain=true; hclog JSON lines with log_json=true.
import type { SimAgent, SimCluster } from '../cluster/types.ts';
import { FRAME_BATCH_MS, FRAME_HEARTBEAT_MS, FrameBatcher, HEARTBEAT } from '../content/frames.ts';
import { LogSource, formatLine, levelAtLeast, parseLogLevel } from '../content/logs.ts';
import { goParseBool, holdOpen, type Ctx } from './context.ts';
import { HttpError } from './respond.ts';

/** Lines an agent logs per 200 ms tick at TRACE (a busy agent: about 40 a second). */
const LINES_PER_TICK = 8;

export interface MonitorParams {
  level: ReturnType<typeof parseLogLevel> & string;
  json: boolean;
  includeLocation: boolean;
  plain: boolean;
}

/**
 * Go's strconv.ParseBool for an optional flag: absent or empty is `def`; a bad value is the
 * handler's 400 with Go's error appended (command/agent/agent_endpoint.go AgentMonitor).
 */
function flag(q: URLSearchParams, name: string, what: string): boolean {
  const v = q.get(name) ?? '';
  if (v === '') return false;
  const b = goParseBool(v);
  if (b !== undefined) return b;
  throw new HttpError(400, `Unknown option for ${what}: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

/** The query as AgentMonitor reads it, in its order, before any forwarding or ACL check. */
export function monitorParams(q: URLSearchParams): MonitorParams {
  const raw = q.get('log_level') || 'INFO';
  const level = parseLogLevel(raw);
  if (!level) throw new HttpError(400, `Unknown log level: ${raw}`);
  const json = flag(q, 'log_json', 'log json');
  const plain = flag(q, 'plain', 'plain');
  const includeLocation = flag(q, 'log_include_location', 'log_include_location');
  return { level, json, includeLocation, plain };
}

export function logSourceFor(c: SimCluster, a: SimAgent): LogSource {
  return new LogSource({ name: a.name, kind: a.kind, seed: c.options.seed, errorBurst: a.errorBurst, serviceTrouble: a.serviceTrouble, leaderChurn: a.leaderChurn, nodeId: a.kind === 'client' ? a.id : c.clients[0]?.id, ...(a.logSecret ? { vaultToken: a.logSecret } : {}) });
}

export function streamMonitor(ctx: Ctx, target: SimAgent, p: MonitorParams): 'streamed' {
  const { res } = ctx;
  const source = logSourceFor(ctx.cluster, target);
  res.writeHead(200, { 'Content-Type': p.plain ? 'text/plain' : 'application/json' });
  const batcher = new FrameBatcher();
  const out = (s: string) => {
    if (!res.destroyed) res.write(s);
  };
  let lastHeartbeat = Date.now();
  const tick = () => {
    const now = ctx.now();
    let text = '';
    for (let i = 0; i < LINES_PER_TICK; i++) {
      const e = source.next(new Date(now.getTime() - (LINES_PER_TICK - i) * (FRAME_BATCH_MS / LINES_PER_TICK)));
      if (levelAtLeast(e.level, p.level)) text += `${formatLine(e, { json: p.json, includeLocation: p.includeLocation })}\n`;
    }
    if (p.plain) {
      if (text) out(text);
      return;
    }
    for (const f of batcher.push(text)) out(f);
    const f = batcher.flush();
    if (f) out(f);
    // The framer's heartbeat ticker fires every second, data or not (client/lib/streamframer/framer.go run).
    if (Date.now() - lastHeartbeat >= FRAME_HEARTBEAT_MS) {
      out(HEARTBEAT);
      lastHeartbeat = Date.now();
    }
  };
  tick();
  return holdOpen(ctx, FRAME_BATCH_MS, tick);
}
