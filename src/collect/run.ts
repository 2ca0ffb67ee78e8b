// runCollect: options → plan → captures (in parallel, under bounds) → staging → .tar.gz.
// The CLI calls this; everything it learns goes into manifest.json and progress events.
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import pLimit from 'p-limit';
import { INDEX_FILE, INDEX_HTML_FILE, MANIFEST_FILE } from '../archive/layout.ts';
import { MANIFEST_SCHEMA, manifestJson, type Manifest, type TargetRecord } from '../archive/manifest.ts';
import { indexHtml, indexJson } from '../archive/index-file.ts';
import { Staging } from '../archive/staging.ts';
import { ArchiveWriter } from '../archive/archive-writer.ts';
import { NomadClient, type Query } from '../nomad/client.ts';
import { loadTlsConnect } from '../nomad/tls.ts';
import { bundleTimestamp } from '../shared/clock.ts';
import { formatDuration } from '../shared/duration.ts';
import { TOOL } from '../shared/version.ts';
import { EXIT, NomadDebugError, OutputError } from '../shared/errors.ts';
import { outputFailure, writeFailure } from '../shared/failure-messages.ts';
import { captureAgent, type RunClock } from './agent-work.ts';
import { requestLimit, type CaptureEnv } from './capture.ts';
import { BodyStore, MAX_JSON_BYTES } from './body-store.ts';
import { buildCliFlags, manifestOptions } from './recorded-options.ts';
import { captureClusterOnce, captureEvents, snapshotLoop, type ClusterDeps } from './cluster-work.ts';
import type { CollectOptions } from './options.ts';
import { planTargets, type Plan } from './fetch-targets.ts';
import type { CollectResult, DoneEvent, Reporter } from './progress.ts';
import { summarizeAgents } from './agent-summary.ts';
import { openDescriptors, openFileLimit, planDescriptors } from './fd-budget.ts';
import { wantsLogExport } from './log-export.ts';
import { agentFolders } from './agent-folders.ts';
import { Recorder } from './recorder.ts';
import { captureServices, serviceSecrets } from './services.ts';
import { knownSecrets, redactJson, type RedactOptions } from './redact.ts';
import type { Target } from './select.ts';

export interface CollectContext {
  reporter: Reporter;
  signal: AbortSignal;
  hardSignal: AbortSignal;
  now?: () => Date;
}

/** Requests of the cluster-wide snapshot in flight at once (a snapshot is about 14 of them). */
const CLUSTER_CONCURRENCY = 6;

export class InterruptedError extends NomadDebugError {
  constructor() {
    super('INTERRUPTED', 'Interrupted: capture stopped, nothing written', EXIT.interrupted);
  }
}

async function createStaging(opts: CollectOptions, rootName: string): Promise<{ staging: Staging; resultDir?: string }> {
  if (opts.noArchive) {
    const resultDir = path.resolve(opts.outputDir, rootName);
    try {
      return { staging: await Staging.createAt(resultDir), resultDir };
    } catch (err) {
      // EEXIST of the bundle folder itself: never overwritten; of -output: a file stands there
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EEXIST' && e.path === resultDir) throw new OutputError(`Output directory already exists: ${resultDir}`);
      throw outputFailure(err, path.resolve(opts.outputDir), true);
    }
  }
  try {
    return { staging: await Staging.createTemp(rootName) };
  } catch (err) {
    throw stagingFailure(err, opts);
  }
}

/**
 * Files are staged in the bundle folder (-no-archive) or in the temporary folder until archived:
 * said of the folder the operator can act on, never of our staging name.
 */
function stagingFailure(err: unknown, opts: CollectOptions): OutputError {
  if (opts.noArchive) return outputFailure(err, path.resolve(opts.outputDir), true);
  return new OutputError(`${writeFailure(err, os.tmpdir(), true)} (the temporary folder: TMPDIR chooses another)`);
}

function allocsByNode(value: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!Array.isArray(value)) return out;
  for (const a of value as { ID?: string; NodeID?: string; ClientStatus?: string }[]) {
    if (!a?.ID || !a.NodeID || a.ClientStatus !== 'running') continue;
    const list = out.get(a.NodeID) ?? [];
    list.push(a.ID);
    out.set(a.NodeID, list);
  }
  return out;
}

/**
 * Running allocations per node, for the allocation stats. A function of its own so the answer
 * (megabytes in a big cluster) is not kept alive by the capture window's suspended frame.
 */
async function runningAllocsByNode(env: CaptureEnv, base: Query, namespace: string): Promise<Map<string, string[]>> {
  const timeoutMs = requestLimit(env);
  if (timeoutMs <= 0) return new Map();
  const allocs = await env.client
    .get({ path: '/v1/allocations', query: { ...base, namespace }, timeoutMs, signal: env.signal, maxBytes: MAX_JSON_BYTES })
    .catch(() => undefined);
  if (!allocs || allocs.status !== 200) return new Map();
  try {
    return allocsByNode(JSON.parse(allocs.body.toString('utf8')));
  } catch {
    return new Map(); // no allocation stats then
  }
}

export async function runCollect(opts: CollectOptions, ctx: CollectContext): Promise<CollectResult> {
  const now = ctx.now ?? (() => new Date());
  if (ctx.hardSignal.aborted) throw new InterruptedError();
  const startedAt = now();
  const rootName = `nomad-debug-${bundleTimestamp(startedAt)}`;
  const { staging, resultDir } = await createStaging(opts, rootName);
  const archive = opts.noArchive ? undefined : await createArchive(opts, rootName, staging);

  // Soft stop: stop capturing, still write a bundle. Hard stop: stop everything, leave nothing.
  const stop = new AbortController();
  let interrupted = false;
  let hardStopped = false;
  const onSoft = () => {
    if (interrupted) return;
    interrupted = true;
    stop.abort();
    try {
      ctx.reporter({ type: 'interrupted' });
    } catch {
      // reporter problems never matter here
    }
  };
  let rejectHard: (e: Error) => void = () => undefined;
  const hard = new Promise<never>((_, reject) => {
    rejectHard = reject;
  });
  const onHard = () => {
    hardStopped = true;
    stop.abort();
    rejectHard(new InterruptedError());
  };
  ctx.signal.addEventListener('abort', onSoft, { once: true });
  ctx.hardSignal.addEventListener('abort', onHard, { once: true });
  if (ctx.signal.aborted) onSoft();

  let client: NomadClient | undefined;
  const work = (async () => {
    const tls = await loadTlsConnect(opts.tls);
    client = new NomadClient({ address: opts.address, token: opts.token, httpAuth: opts.httpAuth, tls, trustAdvertised: opts.trustAdvertised });
    return collectInto(opts, ctx, { staging, archive, client, stop: stop.signal, now, startedAt, resultDir, isInterrupted: () => interrupted });
  })();
  // after a hard stop nobody awaits the work any more; an archive that still got placed goes
  work.then(
    (r) => (hardStopped && r.kind === 'archive' ? fs.rm(r.path, { force: true }) : undefined),
    () => undefined,
  );
  try {
    return await Promise.race([work, hard]);
  } catch (err) {
    stop.abort();
    client?.destroy();
    // a failed run leaves nothing: no staging, no half folder, no temp archive
    await staging.destroy().catch(() => undefined);
    await archive?.abort().catch(() => undefined);
    throw err;
  } finally {
    ctx.signal.removeEventListener('abort', onSoft);
    ctx.hardSignal.removeEventListener('abort', onHard);
  }
}

/** The archive is written while the capture runs (every staged file goes in as it is finished). */
async function createArchive(opts: CollectOptions, rootName: string, staging: Staging): Promise<ArchiveWriter> {
  const outputDir = path.resolve(opts.outputDir);
  try {
    const archive = await ArchiveWriter.create({ outputDir, rootName, compressionLevel: opts.compressionLevel });
    staging.feed(archive);
    return archive;
  } catch (err) {
    await staging.destroy().catch(() => undefined);
    throw archiveError(outputDir, err);
  }
}

function archiveError(outputDir: string, err: unknown): OutputError {
  return outputFailure(err, outputDir, true);
}

interface RunParts {
  staging: Staging;
  /** Undefined with -no-archive: the staging folder is the result. */
  archive: ArchiveWriter | undefined;
  client: NomadClient;
  stop: AbortSignal;
  now: () => Date;
  startedAt: Date;
  resultDir: string | undefined;
  isInterrupted: () => boolean;
}

async function collectInto(opts: CollectOptions, ctx: CollectContext, p: RunParts): Promise<CollectResult> {
  const recorder = new Recorder(ctx.reporter);
  recorder.report({ type: 'start', address: opts.address, region: opts.region, namespace: opts.namespace });
  // every secret the run sends, in every form it may come back in, is masked in every file: a
  // Consul token echoed by Nomad, the Nomad token echoed by Vault
  const redact: RedactOptions = { enabled: !opts.noRedact, tokens: knownSecrets([opts.token, opts.httpAuth, ...(await serviceSecrets(opts.services))]) };
  const env: CaptureEnv = {
    client: p.client,
    staging: p.staging,
    recorder,
    redact,
    signal: p.stop,
    requestTimeoutMs: opts.requestTimeoutMs,
    // Whatever the servers do, the run is over by then (then the archive is closed). Real time,
    // not the run's clock, which tests may set.
    runDeadline: Date.now() + opts.durationMs + opts.requestTimeoutMs,
    bodies: new BodyStore(p.staging),
    now: p.now,
  };
  const base: Query = {};
  if (opts.region) base.region = opts.region;
  const namespace = opts.namespace || '*';

  // cli-flags.json first, as Nomad does
  {
    // a copy of its own: the flag table shares entries between Formal, Effective and Actual
    const flags = redactJson(structuredClone(buildCliFlags(opts)), redact);
    recorder.addRedactions('cluster/cli-flags.json', flags.redactions.filter((r) => r.rule !== 'nomad'));
    await p.staging.write('cluster/cli-flags.json', JSON.stringify(flags.value)).catch((err: unknown) => {
      throw stagingFailure(err, opts);
    });
  }

  recorder.report({ type: 'phase', name: 'plan' });
  let descriptors: DescriptorRecord | undefined;
  const plan: Plan | undefined = await planTargets(env, opts, base);
  const targets: { servers: TargetRecord[]; clients: TargetRecord[]; skipped: { id: string; reason: string }[] } = {
    servers: [],
    clients: [],
    skipped: [],
  };
  if (plan) {
    for (const w of plan.warnings) recorder.warn(w);
    targets.servers = plan.servers.map((s) => ({ id: s.id, name: s.id, status: s.status }));
    targets.clients = plan.clients.map((c) => ({ id: c.id, ...(c.name ? { name: c.name } : {}), status: c.status }));
    targets.skipped = [...plan.skipped];
    recorder.report({
      type: 'plan',
      servers: plan.servers.map((s) => s.id),
      clients: plan.clients.map((c) => c.id),
      membersTotal: plan.membersTotal,
      nodesTotal: plan.nodesTotal,
      skipped: plan.skipped,
      durationMs: opts.durationMs,
    });
    descriptors = await captureWindow(opts, env, plan, base, namespace, targets);
  }

  recorder.report({ type: 'phase', name: 'archive' });
  const interrupted = p.isInterrupted();
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    tool: TOOL,
    startedAt: p.startedAt.toISOString(),
    finishedAt: p.now().toISOString(),
    interrupted,
    options: { ...manifestOptions(opts, namespace), ...(descriptors ? { descriptors } : {}) },
    targets,
    captures: recorder.captures,
    redactions: recorder.redactions,
  };
  try {
    const file = await p.staging.openAppend(MANIFEST_FILE);
    for (const piece of manifestJson(manifest)) await file.write(piece);
    await file.close();
    const files = p.staging.files().filter((f) => f !== INDEX_FILE && f !== INDEX_HTML_FILE);
    await p.staging.write(INDEX_FILE, indexJson(files));
    await p.staging.write(INDEX_HTML_FILE, indexHtml(bundleTimestamp(p.startedAt), files));
  } catch (err) {
    throw stagingFailure(err, opts);
  }
  await p.client.close();
  await p.staging.dropScratch();
  let result: CollectResult;
  if (!p.archive) {
    result = { path: p.resultDir!, kind: 'directory', manifest, interrupted, agents: [] };
  } else {
    let archivePath: string;
    try {
      archivePath = await p.archive.finish();
    } catch (err) {
      throw archiveError(path.resolve(opts.outputDir), err);
    }
    await p.staging.destroy().catch(() => undefined);
    result = { path: archivePath, kind: 'archive', manifest, interrupted, agents: [] };
  }
  result.agents = summarizeAgents(manifest.captures, targets.servers, targets.clients);
  recorder.report(doneEvent(result));
  return result;
}

function doneEvent(r: CollectResult): DoneEvent {
  const captures = { ok: 0, failed: 0, skipped: 0 };
  for (const c of r.manifest.captures) {
    if (c.status === 'ok') captures.ok++;
    else if (c.status === 'skipped') captures.skipped++;
    else captures.failed++;
  }
  return { type: 'done', path: r.path, kind: r.kind, interrupted: r.interrupted, captures, agents: r.agents };
}

/** The capture window: streams, snapshots, pprof rounds and per-agent data, all at once. */
async function captureWindow(
  opts: CollectOptions,
  env: CaptureEnv,
  plan: Plan,
  base: Query,
  namespace: string,
  targets: { servers: TargetRecord[]; clients: TargetRecord[]; skipped: { id: string; reason: string }[] },
): Promise<DescriptorRecord> {
  const t0 = Date.now();
  // held here until the window's work is over: AbortSignal.any keeps its sources only weakly, and a
  // collected timeout signal would never end the window (seen with -interval 0 under GC pressure)
  const windowTimeout = AbortSignal.timeout(Math.max(1, opts.durationMs));
  const clock: RunClock = {
    t0,
    deadline: t0 + opts.durationMs,
    windowSignal: AbortSignal.any([env.signal, windowTimeout]),
  };
  // every agent's pprof loop waits on it: hundreds of listeners are expected, not a leak
  setMaxListeners(0, clock.windowSignal);
  const all: Target[] = [...plan.servers, ...plan.clients];
  const concurrency = Math.max(1, opts.concurrency);
  const fd = planDescriptors({
    limit: openFileLimit(),
    inUse: openDescriptors(),
    // a monitor stream each, and a history export each with -log-lookback or -log-file-export
    agents: all.length * (wantsLogExport(opts) ? 2 : 1),
    oneShot: concurrency,
    // cpu profile and trace block for the pprof window without loading us: a wider bound
    windowed: concurrency * 4,
    cluster: CLUSTER_CONCURRENCY + 1, // and the event stream
  });
  const monitorWindowMs = Math.ceil(opts.durationMs / fd.slices);
  if (fd.slices > 1) {
    env.recorder.warn(
      `${all.length} agents, but ${fd.monitors} monitor streams fit under the open-file limit of ${fd.limit}: ` +
        `the window is split, each agent's monitor.log covers ${formatDuration(monitorWindowMs)} of ${formatDuration(opts.durationMs)} ` +
        `(its time range is in manifest.json); \`ulimit -n ${fd.fullWindowLimit}\` gives every agent the whole window`,
    );
  }
  const limit = pLimit(fd.oneShot);
  const windowLimit = pLimit(fd.windowed);
  const monitorLimit = pLimit(fd.monitors);
  // Cluster snapshots get a bound of their own: behind thousands of per-agent requests in a big
  // cluster they would drift far past their -interval.
  const cluster: ClusterDeps = { env, opts, base, namespace, clock, limit: pLimit(CLUSTER_CONCURRENCY) };

  const folders = agentFolders(all);
  const byNode = plan.clients.length > 0 ? await runningAllocsByNode(env, base, namespace) : new Map<string, string[]>();
  // every captureAgent below queues its first asks synchronously; the next turn of the loop is after them all
  const firstAsksQueued = new Promise<void>((resolve) => setImmediate(resolve));
  const record = (list: TargetRecord[], id: string) => list.find((t) => t.id === id);
  const jobs: Promise<unknown>[] = [
    captureClusterOnce(cluster),
    captureServices(env, opts.services),
    captureEvents(cluster),
    snapshotLoop(cluster),
    ...all.map(async (t) => {
      await captureAgent(t, {
        env,
        opts,
        base,
        clock,
        limit,
        windowLimit,
        monitorLimit,
        monitorWindowMs,
        firstAsksQueued,
        allocsByNode: byNode,
        // Nomad's default region when the cluster names none
        region: plan.region ?? 'global',
        folderOf: (x) => folders.get(x)!,
        onAddress: (id, address) => {
          const r = record(t.kind === 'server' ? targets.servers : targets.clients, id);
          if (r) r.address = address;
        },
        onUnreachable: (id, reason) => {
          const r = record(t.kind === 'server' ? targets.servers : targets.clients, id);
          if (r) r.unreachable = reason;
        },
      });
      const target = `${t.kind}:${t.id}`;
      env.recorder.report({ type: 'agent-done', target, ...env.recorder.countFor(target) });
    }),
  ];
  await Promise.all(jobs);
  void windowTimeout.aborted;
  return { openFileLimit: fd.limit, monitorStreamsAtOnce: fd.monitors, monitorWindow: formatDuration(monitorWindowMs) };
}

/** How the open-file limit shaped the run, in manifest.json's options: why a monitor.log is short. */
interface DescriptorRecord {
  openFileLimit: number;
  monitorStreamsAtOnce: number;
  monitorWindow: string;
}
