// /v1/agent/*: the endpoints that answer for the receiving agent (self, health, servers,
// schedulers) and those forwarded with node_id/server_id (host, monitor, pprof).
import { agentHealth, agentHost, agentSchedulers, agentSchedulersConfig, agentSelf, agentServers, members } from '../cluster/docs-agent.ts';
import { demand } from './acl.ts';
import { readBody, type Ctx, type Handler } from './context.ts';
import { resolveTarget } from './forward.ts';
import { pprof } from './pprof.ts';
import { HttpError, json, text, unknownPath } from './respond.ts';
import { streamMonitor } from './stream-monitor.ts';
import { exportParams, streamExport } from './stream-export.ts';
import { hasMonitorExport } from '../cluster/versions.ts';

function serverOnly(ctx: Ctx): void {
  if (ctx.receiver.kind !== 'server') throw new HttpError(400, 'Server only endpoint');
}

const self: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'agent:read');
  return json(agentSelf(ctx.cluster, ctx.receiver));
};

const membersList: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'node:read');
  return json(members(ctx.cluster, ctx.receiver));
};

const servers: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'agent:read');
  return json(agentServers(ctx.cluster, ctx.receiver));
};

const health: Handler = (ctx) => {
  const type = ctx.q.get('type');
  const h = agentHealth(ctx.cluster, ctx.receiver, type === 'client' || type === 'server' ? type : undefined);
  // An unhealthy agent answers 500 with the JSON as a text/plain body.
  return h.status === 200 ? json(h.body) : text(JSON.stringify(h.body), 'text/plain; charset=utf-8', h.status);
};

const host: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'agent-debug');
  const target = resolveTarget(ctx.cluster, ctx.receiver, ctx.q, 'host');
  const data = agentHost(ctx.cluster, target);
  const forwarded = (ctx.q.get('node_id') ?? '') !== '' || (ctx.q.get('server_id') ?? '') !== '';
  return json(forwarded ? { AgentID: target.kind === 'server' ? target.name : target.id, HostData: data } : data);
};

const schedulers: Handler = (ctx) => {
  serverOnly(ctx);
  demand(ctx.acl, ctx.who, 'agent:read');
  return json(agentSchedulers(ctx.cluster, ctx.receiver));
};

const schedulersConfig: Handler = async (ctx) => {
  serverOnly(ctx);
  const current = { ...agentSchedulersConfig(ctx.cluster, ctx.receiver), ...(ctx.state.schedulerConfig.get(ctx.receiver.id) ?? {}) };
  if (ctx.method === 'GET') {
    demand(ctx.acl, ctx.who, 'agent:read');
    return json(current);
  }
  demand(ctx.acl, ctx.who, 'agent:write');
  let args: { num_schedulers?: unknown; enabled_schedulers?: unknown };
  try {
    args = JSON.parse(await readBody(ctx)) as typeof args;
  } catch {
    throw new HttpError(400, 'Invalid request');
  }
  const n = args.num_schedulers;
  const enabled = args.enabled_schedulers;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new HttpError(400, 'Invalid request: num_schedulers must be a non-negative integer');
  if (!Array.isArray(enabled) || !enabled.every((s) => typeof s === 'string')) throw new HttpError(400, 'Invalid request: enabled_schedulers must be a list');
  if (!enabled.includes('_core')) throw new HttpError(400, 'Invalid request: _core scheduler must be enabled');
  const next = { num_schedulers: n, enabled_schedulers: enabled as string[] };
  ctx.state.schedulerConfig.set(ctx.receiver.id, next);
  return json({ ...current, ...next });
};

const join: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'agent:write');
  const addrs = ctx.q.getAll('address');
  if (addrs.length === 0) throw new HttpError(400, 'missing address to join');
  return json({ error: '', num_joined: addrs.length });
};

const forceLeave: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'agent:write');
  const node = ctx.q.get('node');
  if (!node) throw new HttpError(400, 'missing node to force leave');
  const m = ctx.cluster.servers.find((s) => s.name === node || s.name.split('.')[0] === node);
  if (m && m.status === 'failed') m.status = 'left';
  return text('', undefined, 200);
};

const monitor: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'agent:read');
  const target = resolveTarget(ctx.cluster, ctx.receiver, ctx.q, 'monitor');
  return streamMonitor(ctx, target);
};

const monitorExport: Handler = (ctx) => {
  if (!hasMonitorExport(ctx.receiver.version)) throw unknownPath();
  const p = exportParams(ctx.q);
  demand(ctx.acl, ctx.who, 'agent:read');
  const target = resolveTarget(ctx.cluster, ctx.receiver, ctx.q, 'monitor');
  return streamExport(ctx, target, p);
};

const pprofRoute: Handler = (ctx, [name]) => {
  if (!name) throw new HttpError(404, 'Invalid method');
  demand(ctx.acl, ctx.who, 'agent:write');
  const target = resolveTarget(ctx.cluster, ctx.receiver, ctx.q, 'pprof');
  demand(ctx.acl, ctx.who, 'agent-debug');
  return pprof(ctx, target, name);
};

export const AGENT_ROUTES: [string[], RegExp, Handler][] = [
  [['GET'], /^\/v1\/agent\/self$/, self],
  [['GET'], /^\/v1\/agent\/members$/, membersList],
  [['GET'], /^\/v1\/agent\/servers$/, servers],
  [['GET'], /^\/v1\/agent\/health$/, health],
  [['GET'], /^\/v1\/agent\/host$/, host],
  [['GET'], /^\/v1\/agent\/schedulers$/, schedulers],
  [['GET', 'PUT', 'POST'], /^\/v1\/agent\/schedulers\/config$/, schedulersConfig],
  [['PUT', 'POST'], /^\/v1\/agent\/join$/, join],
  [['PUT', 'POST'], /^\/v1\/agent\/force-leave$/, forceLeave],
  [['GET'], /^\/v1\/agent\/monitor$/, monitor],
  [['GET'], /^\/v1\/agent\/monitor\/export$/, monitorExport],
  [['GET'], /^\/v1\/agent\/pprof\/?([^/]*)$/, pprofRoute],
];
