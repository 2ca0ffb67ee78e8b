// Cluster endpoints: status, regions, namespaces, nodes, the job/alloc/eval/deployment lists, CSI,
// metrics, operator (raft, autopilot, scheduler, license). Reads go to the leader unless `stale`.
import {
  allocationStubs, autopilotConfiguration, autopilotHealth, csiPlugin, csiPluginStubs, csiVolume, csiVolumeStubs, deploymentList, evaluationList, jobStubs,
  leaderAddr, namespacesList, nodeDoc, nodeStubs, peers, raftConfiguration, regions, schedulerConfiguration,
} from '../cluster/docs-cluster.ts';
import { metrics } from '../cluster/metrics.ts';
import type { Doc } from '../cluster/types.ts';
import { demand, visibleNamespace, type Capability } from './acl.ts';
import { goAtoi, hasLeader, type Ctx, type Handler } from './context.ts';
import { HttpError, json, queryMeta, text, type Answer } from './respond.ts';
import { streamEvents } from './stream-events.ts';

/** Without a leader only `stale` reads are answered. */
function leaderRead(ctx: Ctx): void {
  if (!hasLeader(ctx.cluster) && !ctx.q.has('stale')) throw new HttpError(500, 'No cluster leader');
}

/** A read the token may make: from the leader (or stale), with the blocking-query headers. */
function answer(ctx: Ctx, body: unknown): Answer {
  leaderRead(ctx);
  return json(body, 200, queryMeta(ctx.cluster.baseIndex, hasLeader(ctx.cluster)));
}

function read(ctx: Ctx, cap: Capability, body: unknown, ns?: string): Answer {
  demand(ctx.acl, ctx.who, cap, ns);
  return answer(ctx, body);
}

/** The namespace of a namespaced list: ?namespace=, default `default`, `*` for all. */
function namespaceOf(ctx: Ctx): string {
  const ns = ctx.q.get('namespace');
  return ns === null || ns === '' ? 'default' : ns;
}

/** A namespaced list, with what this token may not read left out of `*` lists. */
function nsList(ctx: Ctx, list: (ns: string) => Doc[]): Answer {
  const ns = namespaceOf(ctx);
  const docs = list(ns).filter((d) => visibleNamespace(ctx.who, String(d.Namespace ?? 'default')));
  return read(ctx, 'read-job', docs, ns);
}

function prefixed(ctx: Ctx, docs: Doc[]): Doc[] {
  const p = ctx.q.get('prefix');
  return p ? docs.filter((d) => String(d.ID ?? '').startsWith(p)) : docs;
}

function csiOnly(ctx: Ctx): void {
  if (ctx.q.get('type') !== 'csi') throw new HttpError(400, 'Invalid plugin type');
}

const leader: Handler = (ctx) => {
  const addr = leaderAddr(ctx.cluster);
  if (addr === '' && !ctx.q.has('stale')) throw new HttpError(500, 'No cluster leader');
  return json(addr);
};

const metricsRoute: Handler = (ctx) => {
  if (ctx.q.get('format') === 'prometheus') throw new HttpError(415, 'Prometheus is not enabled');
  return json(metrics(ctx.cluster, ctx.receiver, ctx.now()));
};

const autopilot: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'operator:read');
  leaderRead(ctx);
  const h = autopilotHealth(ctx.cluster, ctx.now());
  // Unhealthy: 429 with the same JSON body.
  return json(h.body, h.status);
};

/** No blocking-query headers: the handler returns the RPC's answer as it is (command/agent/operator_endpoint.go OperatorAutopilotConfiguration). */
const autopilotConfig: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'operator:read');
  leaderRead(ctx);
  return json(autopilotConfiguration(ctx.cluster));
};

const license: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'operator:read');
  leaderRead(ctx);
  // Community edition: 204 No Content.
  return text('', undefined, 204);
};

/** One object by ID: the ACL check comes before the 404, so a denied token learns nothing. */
function byId(cap: Capability, find: (ctx: Ctx, id: string) => Doc | undefined, notFound: string): Handler {
  return (ctx, [id]) => {
    demand(ctx.acl, ctx.who, cap);
    const doc = find(ctx, decodeURIComponent(id!));
    if (!doc) throw new HttpError(404, notFound);
    return answer(ctx, doc);
  };
}

const node = byId('node:read', (ctx, id) => nodeDoc(ctx.cluster, id), 'node not found');
const plugin = byId('plugin:read', (ctx, id) => csiPlugin(ctx.cluster, id), 'plugin not found');
const volume = byId('csi-list-volume', (ctx, id) => csiVolume(ctx.cluster, id), 'volume not found');

const events: Handler = (ctx) => {
  // command/agent/event_endpoint.go EventStream parses with strconv.Atoi; nomad/event_endpoint.go
  // turns a negative index into a huge uint64, which no past event reaches.
  const parsed = goAtoi(ctx.q.get('index') || '0');
  if ('error' in parsed) throw new HttpError(400, `Unable to parse index: ${parsed.error}`);
  return streamEvents(ctx, parsed.value < 0 ? Number.MAX_SAFE_INTEGER : parsed.value);
};

export const CLUSTER_ROUTES: [string[], RegExp, Handler][] = [
  [['GET'], /^\/v1\/status\/leader$/, leader],
  [['GET'], /^\/v1\/status\/peers$/, (ctx) => json(peers(ctx.cluster))],
  [['GET'], /^\/v1\/regions$/, (ctx) => json(regions(ctx.cluster))],
  [['GET'], /^\/v1\/namespaces$/, (ctx) => read(ctx, 'none', namespacesList(ctx.cluster).filter((n) => visibleNamespace(ctx.who, String(n.Name))))],
  [['GET'], /^\/v1\/nodes$/, (ctx) => read(ctx, 'node:read', nodeStubs(ctx.cluster, ctx.q.get('prefix') ?? undefined, { flappingDown: ++ctx.state.nodeListAsks % 2 === 0 }))],
  [['GET'], /^\/v1\/node\/([^/]+)$/, node],
  [['GET'], /^\/v1\/jobs$/, (ctx) => nsList(ctx, (ns) => prefixed(ctx, jobStubs(ctx.cluster, ns)))],
  [['GET'], /^\/v1\/allocations$/, (ctx) => nsList(ctx, (ns) => prefixed(ctx, allocationStubs(ctx.cluster, ns)))],
  [['GET'], /^\/v1\/evaluations$/, (ctx) => nsList(ctx, (ns) => prefixed(ctx, evaluationList(ctx.cluster, ns)))],
  [['GET'], /^\/v1\/deployments$/, (ctx) => nsList(ctx, (ns) => prefixed(ctx, deploymentList(ctx.cluster, ns)))],
  [['GET'], /^\/v1\/plugins$/, (ctx) => (csiOnly(ctx), read(ctx, 'plugin:read', csiPluginStubs(ctx.cluster)))],
  [['GET'], /^\/v1\/plugin\/csi\/(.+)$/, plugin],
  [['GET'], /^\/v1\/volumes$/, (ctx) => (csiOnly(ctx), read(ctx, 'csi-list-volume', csiVolumeStubs(ctx.cluster, namespaceOf(ctx)), namespaceOf(ctx)))],
  [['GET'], /^\/v1\/volume\/csi\/(.+)$/, volume],
  [['GET'], /^\/v1\/metrics$/, metricsRoute],
  [['GET'], /^\/v1\/operator\/raft\/configuration$/, (ctx) => read(ctx, 'operator:read', raftConfiguration(ctx.cluster))],
  [['GET'], /^\/v1\/operator\/autopilot\/health$/, autopilot],
  [['GET'], /^\/v1\/operator\/autopilot\/configuration$/, autopilotConfig],
  [['GET'], /^\/v1\/operator\/scheduler\/configuration$/, (ctx) => read(ctx, 'operator:read', schedulerConfiguration(ctx.cluster))],
  [['GET'], /^\/v1\/operator\/license$/, license],
  [['GET'], /^\/v1\/event\/stream$/, events],
];
