// What was captured of each agent and why anything is missing: for the end summary and the
// final -json event. Pure: built from the manifest's records.
import type { CaptureRecord, TargetRecord } from '../archive/manifest.ts';

export interface MissingCapture {
  /** The file's name inside the agent's folder. */
  file: string;
  code: string;
  why?: string;
}

export interface AgentSummary {
  /** "server:<name>" or "client:<node id>". */
  target: string;
  name?: string;
  ok: number;
  failed: number;
  /** Why the agent's own address refused connections, when it did. */
  unreachable?: string;
  /** The captures that did not arrive (skipped ones that still left a gap included). */
  missing: MissingCapture[];
  /** Files of endpoints this agent does not have (an older Nomad): not gaps, said apart. */
  unsupported?: string[];
}

/** A skipped capture is a gap too (not asked, interrupted), unless there was nothing to capture (the license on CE). */
function isGap(c: CaptureRecord): boolean {
  return c.status === 'failed' || c.status === 'timeout' || (c.status === 'skipped' && c.code !== 'HTTP_204' && c.code !== 'UNSUPPORTED');
}

function fileOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Per agent, worst first (most missing), then by name; agents with nothing missing last. */
export function summarizeAgents(captures: readonly CaptureRecord[], servers: readonly TargetRecord[], clients: readonly TargetRecord[]): AgentSummary[] {
  const byTarget = new Map<string, AgentSummary>();
  const add = (kind: string, t: TargetRecord) => {
    const s: AgentSummary = { target: `${kind}:${t.id}`, ok: 0, failed: 0, missing: [] };
    if (t.name && t.name !== t.id) s.name = t.name;
    if (t.unreachable) s.unreachable = t.unreachable;
    byTarget.set(s.target, s);
  };
  for (const t of servers) add('server', t);
  for (const t of clients) add('client', t);
  for (const c of captures) {
    const s = byTarget.get(c.target);
    if (!s) continue;
    if (c.status === 'ok') s.ok++;
    else if (c.code === 'UNSUPPORTED') (s.unsupported ??= []).push(fileOf(c.path));
    else if (isGap(c)) {
      s.failed++;
      const m: MissingCapture = { file: fileOf(c.path), code: c.code };
      if (c.error) m.why = c.error;
      s.missing.push(m);
    }
  }
  return [...byTarget.values()].sort((a, b) => b.missing.length - a.missing.length || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}
