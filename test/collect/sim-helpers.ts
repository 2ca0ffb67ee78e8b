// Shared set-up for the collector's integration tests against the simulated cluster.
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CollectOptions } from '../../src/collect/options.ts';
import type { ProgressEvent } from '../../src/collect/progress.ts';

export function collectOptions(address: string, outputDir: string, over: Partial<CollectOptions> = {}): CollectOptions {
  return {
    address,
    tls: { skipVerify: false },
    trustAdvertised: false,
    durationMs: 2000,
    intervalMs: 1000,
    logLevel: 'TRACE',
    logIncludeLocation: true,
    logLookbackMs: 0,
    logFileExport: false,
    maxNodes: 0,
    nodeIds: ['all'],
    serverIds: ['all'],
    pprofDurationMs: 1000,
    pprofIntervalMs: 1000,
    eventTopics: ['*:*'],
    eventIndex: 0,
    stale: false,
    outputDir,
    noArchive: false,
    concurrency: 8,
    compressionLevel: 1,
    requestTimeoutMs: 3000,
    noRedact: false,
    verbose: false,
    argv: [],
    ...over,
  };
}

export function quietContext(events: ProgressEvent[] = []) {
  return {
    reporter: (e: ProgressEvent) => {
      events.push(e);
    },
    signal: new AbortController().signal,
    hardSignal: new AbortController().signal,
  };
}

export async function tempDir(): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), 'nd-collect-'));
}

/** The files TestDebug_CapturedFiles requires of every agent folder (round 0000). */
export const AGENT_REQUIRED = [
  'agent-host.json',
  'monitor.log',
  'goroutine-debug1_0000.txt',
  'goroutine-debug2_0000.txt',
  'goroutine_0000.prof',
  'heap_0000.prof',
  'profile_0000.prof',
  'threadcreate_0000.prof',
  'trace_0000.prof',
];

export const INTERVAL_REQUIRED = [
  'allocations.json',
  'csi-plugins.json',
  'csi-volumes.json',
  'deployments.json',
  'evaluations.json',
  'jobs.json',
  'license.json',
  'metrics.json',
  'nodes.json',
  'operator-autopilot-health.json',
  'operator-raft.json',
  'operator-scheduler.json',
];

export const CLUSTER_REQUIRED = ['agent-self.json', 'members.json', 'namespaces.json', 'regions.json', 'cli-flags.json'];
