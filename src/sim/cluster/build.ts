// Builds the whole simulated cluster from its options: agents, what the scenario breaks, and
// the cluster objects. Deterministic for (seed, servers, clients, scenario); no clock, no I/O.
import { buildCsi } from './csi.ts';
import { buildConsul, plantConsul } from './consul.ts';
import { jobSpecs } from './jobs.ts';
import { DEGRADED_PLAN_QUEUE } from './metrics.ts';
import { buildVault } from './vault.ts';
import { clientAgent, REGION, serverAgent } from './agents.ts';
import { plantDegraded } from './scenario.ts';
import type { ClusterOptions, Planted, SimAgent, SimCluster } from './types.ts';
import { buildWorkload, indexCounter, type Workload } from './workload.ts';

/** The default start, for reproducible output when no start time is given. */
export const DEFAULT_STARTED_AT = new Date(Date.UTC(2026, 10, 22, 10, 0, 0));

/**
 * `startedAt` is when the cluster comes up for its caller: the server should pass the time it
 * starts serving. The agents' history (boot, jobs, the failure) is dated before it
 * (timeline.ts) and metric trends count from it, so they start small and grow visibly.
 */
export function buildCluster(opts: ClusterOptions, startedAt: Date = DEFAULT_STARTED_AT): SimCluster {
  const servers: SimAgent[] = [];
  for (let i = 1; i <= Math.max(0, opts.servers); i++) servers.push(serverAgent(opts, i));
  const clients: SimAgent[] = [];
  for (let i = 1; i <= Math.max(0, opts.clients); i++) clients.push(clientAgent(opts, i));
  let planted: Planted[] = [];
  if (opts.scenario === 'degraded') {
    const b = plantDegraded(opts, servers, clients);
    servers.push(...b.extraServers);
    planted = b.planted;
  }
  const leader = servers.find((s) => s.leader && s.status === 'alive');
  const consul = buildConsul(opts, [...servers, ...clients]);
  if (opts.scenario === 'degraded') plantConsul(consul, servers, clients);
  // Nodes register first (low indexes), then the workload.
  const idx = indexCounter(10 + clients.length);
  const w = buildWorkload(opts, clients, startedAt, idx);
  const csi = buildCsi(opts, clients, startedAt, idx);
  if (opts.scenario === 'degraded') planted.push(...workloadPlants(w));
  if (opts.scenario === 'degraded' && leader) planted.push({ kind: 'plan-queue', subject: leader.name, detail: `${DEGRADED_PLAN_QUEUE} plans queued at ${leader.name}` });
  return {
    options: { ...opts },
    region: REGION,
    agents: [...servers, ...clients],
    servers,
    clients,
    leader,
    planted,
    namespaces: w.namespaces,
    jobs: w.jobs,
    allocations: w.allocations,
    evaluations: w.evaluations,
    deployments: w.deployments,
    csiPlugins: csi.plugins,
    csiVolumes: csi.volumes,
    baseIndex: idx.next() + 100,
    startedAt: new Date(startedAt.getTime()),
    consul,
    vault: buildVault(opts),
  };
}

/** What the degraded workload shows by itself: jobs that cannot be placed, allocations lost with their node. */
function workloadPlants(w: Workload): Planted[] {
  const out: Planted[] = [];
  for (const e of w.evaluations.filter((x) => x['Status'] === 'blocked')) {
    out.push({ kind: 'blocked-evals', subject: String(e['JobID']), detail: `${String(e['JobID'])} cannot be placed: ${String(e['StatusDescription'])}` });
  }
  for (const spec of jobSpecs('degraded').filter((j) => j.crashLoop)) {
    if (!w.jobs.some((j) => j['ID'] === spec.id)) continue;
    out.push({ kind: 'crash-loop', subject: spec.id, detail: `${spec.id}'s task is OOM-killed and restarted ${spec.crashLoop!.restarts} times` });
    if (w.deployments.some((d) => d['JobID'] === spec.id)) out.push({ kind: 'deployment-failed', subject: spec.id, detail: `${spec.id}'s deployment failed: its allocations never turned healthy` });
  }
  const lost = w.allocations.filter((a) => a['ClientStatus'] === 'lost');
  if (lost.length) out.push({ kind: 'allocs-lost', subject: 'cluster', detail: `${lost.length} allocations lost with their down node` });
  return out;
}
