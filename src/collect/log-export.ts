// Historical logs (-log-lookback, -log-file-export): the query Nomad 1.10.4+ sends to
// /v1/agent/monitor/export (command/operator_debug.go startMonitorExport), and how an agent that
// does not have the endpoint answers. Pure.
import type { Query } from '../nomad/client.ts';
import { formatDuration } from '../shared/duration.ts';
import type { CollectOptions } from './options.ts';
import { MONITOR_EXPORT_PATH } from './catalog.ts';


/** The first Nomad release with /v1/agent/monitor/export (#26410; also 1.11.0). */
export const MONITOR_EXPORT_SINCE = '1.10.4';

export function wantsLogExport(o: Pick<CollectOptions, 'logLookbackMs' | 'logFileExport'>): boolean {
  return o.logLookbackMs > 0 || o.logFileExport;
}

/**
 * on_disk and logs_since always (Go's Duration String: "0s" when only the file is exported);
 * service_name=nomad only for the journald lookback, as the agent refuses both together.
 */
export function monitorExportQuery(o: Pick<CollectOptions, 'logLookbackMs' | 'logFileExport'>): Query {
  const q: Query = { on_disk: String(o.logFileExport), logs_since: formatDuration(o.logLookbackMs) };
  if (!o.logFileExport) q.service_name = 'nomad';
  return q;
}

/** major.minor.patch of a Nomad version ("1.10.5+ent", "v1.9.7-dev"); undefined when unreadable. */
function versionParts(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** True when the version is known and older than MONITOR_EXPORT_SINCE. */
export function predatesMonitorExport(version: string | undefined): boolean {
  const have = version ? versionParts(version) : undefined;
  const need = versionParts(MONITOR_EXPORT_SINCE)!;
  if (!have) return false;
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i]! < need[i]!;
  return false;
}

/**
 * Why an answer means "this agent has no such endpoint" rather than a failure: the HTTP mux of an
 * older agent answers 404 for the path (command/agent/http.go registers it since 1.10.4); an older
 * agent reached by forwarding has no `Agent.MonitorExport` streaming RPC (nomad/structs/
 * streaming_rpc.go: "Unknown rpc method"), and a newer server in front of an older client drops
 * that error without a code, answering 200 with nothing (command/agent/agent_endpoint.go
 * streamMonitor), which only the client's version tells apart from an empty log.
 */
export function unsupportedReason(a: { httpStatus?: number; error?: string; bytes: number; version?: string }): string | undefined {
  const since = `${MONITOR_EXPORT_SINCE}+`;
  if (a.httpStatus === 404) return `endpoint unknown to this agent: it answered 404 (${MONITOR_EXPORT_PATH} needs Nomad ${since})`;
  if (a.error && /unknown rpc method/i.test(a.error)) return `endpoint unknown to this agent: ${a.error} (needs Nomad ${since})`;
  if (!a.error && a.bytes === 0 && predatesMonitorExport(a.version)) {
    return `endpoint unknown to this agent: Nomad ${a.version} has no ${MONITOR_EXPORT_PATH} (needs ${since}); its forwarded answer was empty`;
  }
  return undefined;
}
