// Cluster-wide captures: the once-only files, the event stream, and the interval snapshots.
import type { LimitFunction } from 'p-limit';
import { CLUSTER_FILES, INTERVAL_DIR, INTERVAL_FILES, csiPluginFile, csiVolumeFile, pad4 } from '../archive/layout.ts';
import type { Query } from '../nomad/client.ts';
import { sleep } from '../shared/clock.ts';
import { cleanFileName } from '../shared/safe-path.ts';
import type { RunClock } from './agent-work.ts';
import { captureJson, captureJsonRecord, captureStream, type CaptureEnv, type JsonCapture } from './capture.ts';
import { CLUSTER_ENDPOINTS, INTERVAL_ENDPOINTS, type JsonEndpoint } from './catalog.ts';
import type { CollectOptions } from './options.ts';

export interface ClusterDeps {
  env: CaptureEnv;
  opts: CollectOptions;
  base: Query;
  /** Namespace for namespaced lists ("*" = all when none was given). */
  namespace: string;
  clock: RunClock;
  limit: LimitFunction;
}

function toCapture(e: JsonEndpoint, rel: string, d: ClusterDeps): JsonCapture {
  const query: Query = { ...d.base, ...(e.query ?? {}) };
  if (e.namespaced) query.namespace = d.namespace;
  if (e.stale && d.opts.stale) query.stale = '';
  const c: JsonCapture = { rel, path: e.path, query, target: 'cluster', errorFile: e.errorFile };
  if (e.ndjson) c.ndjson = true;
  if (e.sortBy) c.sortBy = e.sortBy;
  if (e.bodyOnStatus) c.bodyOnStatus = e.bodyOnStatus;
  if (e.path === '/v1/operator/license') c.noContentError = 'Nomad Enterprise only endpoint';
  return c;
}

export async function captureClusterOnce(d: ClusterDeps): Promise<void> {
  // leader.json was written while planning
  const list = CLUSTER_ENDPOINTS.filter((e) => e.file !== CLUSTER_FILES.leader);
  await Promise.all(list.map((e) => d.limit(() => captureJsonRecord(d.env, toCapture(e, `cluster/${e.file}`, d)))));
}

export async function captureEvents(d: ClusterDeps): Promise<void> {
  const topics = d.opts.eventTopics;
  if (topics === null) return;
  const query: Query = { ...d.base, index: String(d.opts.eventIndex), namespace: d.namespace };
  if (topics.length > 0) query.topic = topics;
  if (d.opts.stale) query.stale = '';
  await captureStream(d.env, {
    rel: `cluster/${CLUSTER_FILES.eventStream}`,
    path: '/v1/event/stream',
    query,
    target: 'cluster',
    kind: 'events',
    windowMs: d.clock.deadline - Date.now(),
  });
}

function ids(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (v as { ID?: unknown })?.ID).filter((id): id is string => typeof id === 'string' && id !== '');
}

export async function captureSnapshot(n: number, d: ClusterDeps): Promise<void> {
  const dir = `${INTERVAL_DIR}/${pad4(n)}`;
  // Only the CSI lists' ids are kept: the other documents (allocations run to megabytes) go at once.
  const results = await Promise.all(
    INTERVAL_ENDPOINTS.map((e) =>
      d.limit(async () => {
        const r = await captureJson(d.env, toCapture(e, `${dir}/${e.file}`, d));
        const isPlugins = e.file === INTERVAL_FILES.csiPlugins;
        const isVolumes = e.file === INTERVAL_FILES.csiVolumes;
        return { isVolumes, ids: isPlugins || isVolumes ? ids(r.value) : [] };
      }),
    ),
  );
  const perId: Promise<unknown>[] = [];
  for (const { isVolumes, ids: found } of results) {
    for (const id of found) {
      const file = cleanFileName(isVolumes ? csiVolumeFile(id) : csiPluginFile(id));
      const path = `${isVolumes ? '/v1/volume/csi/' : '/v1/plugin/csi/'}${encodeURIComponent(id)}`;
      const item: JsonEndpoint = { file, path, errorFile: true, stale: true, namespaced: isVolumes };
      perId.push(d.limit(() => captureJsonRecord(d.env, toCapture(item, `${dir}/${file}`, d))));
    }
  }
  await Promise.all(perId);
}

/** Snapshots at t0, t0+interval, ... while inside the window; a slow one delays the next. */
export async function snapshotLoop(d: ClusterDeps): Promise<void> {
  const interval = Math.max(d.opts.intervalMs, 0);
  for (let n = 0; ; n++) {
    if (n > 0) {
      const at = d.clock.t0 + n * interval;
      // -interval 0 runs snapshots back to back: the clock, not only the window's signal, ends them
      if (at >= d.clock.deadline || Date.now() >= d.clock.deadline || d.clock.windowSignal.aborted) return;
      await sleep(at - Date.now(), d.clock.windowSignal);
      if (d.clock.windowSignal.aborted) return;
    }
    if (d.env.signal.aborted) return;
    d.env.recorder.report({ type: 'phase', name: `interval ${pad4(n)}` });
    await captureSnapshot(n, d);
  }
}
