// /v1/agent/*: the endpoints that answer for the receiving agent (self, health, servers,
// schedulers) and those forwarded with node_id/server_id (host, monitor, pprof).
import { agentHealth, agentHost, agentSchedulers, agentSchedulersConfig, agentSelf, agentServers, cpuCount, members } from '../cluster/docs-agent.ts';
import { demand } from './acl.ts';
import { readBody, type Ctx, type Handler } from './context.ts';
import { refuseBoth, resolveTarget } from './forward.ts';
import { pprof } from './pprof.ts';
import { decodeWorkerArgs, validWorkerArgs } from './scheduler-config.ts';
import { HttpError, json, NOT_FOUND, text } from './respond.ts';
import { monitorParams, streamMonitor } from './stream-monitor.ts';
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

/** The servers a client knows, sorted; an agent that runs no client answers 501 before any ACL check (command/agent/agent_endpoint.go listServers). */
const servers: Handler = (ctx) => {
  if (ctx.receiver.kind !== 'client') throw new HttpError(501, 'Invalid method');
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
  const args = decodeWorkerArgs(await readBody(ctx));
  if (!validWorkerArgs(args, cpuCount(ctx.receiver))) throw new HttpError(400, 'Invalid request');
  ctx.state.schedulerConfig.set(ctx.receiver.id, args);
  return json({ ...current, ...args });
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

/** AgentMonitor checks its query and node_id+server_id first; the token is the RPC's to check (nomad/client_agent_endpoint.go monitor). */
const monitor: Handler = (ctx) => {
  const params = monitorParams(ctx.q);
  refuseBoth(ctx.q, 'monitor');
  demand(ctx.acl, ctx.who, 'agent:read');
  const target = resolveTarget(ctx.cluster, ctx.receiver, ctx.q, 'monitor');
  return streamMonitor(ctx, target, params);
};

const monitorExport: Handler = (ctx) => {
  if (!hasMonitorExport(ctx.receiver.version)) throw NOT_FOUND;
  const p = exportParams(ctx.q);
  demand(ctx.acl, ctx.who, 'agent:read');
  const target = resolveTarget(ctx.cluster, ctx.receiver, ctx.q, 'monitor');
  return streamExport(ctx, target, p);
};

const pprofRoute: Handler = (ctx, [name]) => {
  if (!name) throw new HttpError(404, 'Invalid method');
  refuseBoth(ctx.q, 'pprof'); // agentPprof, before the RPC
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
  // everything under the subtree is a profile name, slashes included (AgentPprofRequest trims the prefix)
  [['GET'], /^\/v1\/agent\/pprof\/(.*)$/, pprofRoute],
];
