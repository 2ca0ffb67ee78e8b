// Nomad builds the simulated agents claim to be: version string plus the git revision Nomad
// reports in the `revision` tag and config.Version.Revision.

export const DEFAULT_VERSION = '1.10.5';
/** The lagging server of the degraded scenario: an upgrade that stopped half way. */
export const OLD_VERSION = '1.9.7';

const REVISIONS: Record<string, string> = {
  '1.10.5': 'a3b86c697f38ab032e9b0e16e84ac1d2e2b6b1a8',
  '1.9.7': '0a8a18c61e4e8e1f1d5e8a1f37bd1b6d4c6f0d2a',
};

export function revisionOf(version: string): string {
  return REVISIONS[version] ?? '0000000000000000000000000000000000000000';
}

/** Go toolchain each build was made with (stats.runtime.version). */
export function goVersionOf(version: string): string {
  return version === OLD_VERSION ? 'go1.23.8' : 'go1.24.4';
}

/** First Nomad with /v1/agent/monitor/export (#26410); older agents' HTTP mux does not know the path. */
export const MONITOR_EXPORT_SINCE: readonly number[] = [1, 10, 4];

export function hasMonitorExport(version: string): boolean {
  const have = version.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if (have[i] !== MONITOR_EXPORT_SINCE[i]) return (have[i] ?? 0) > MONITOR_EXPORT_SINCE[i]!;
  return true;
}
