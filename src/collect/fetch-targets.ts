// The plan's I/O: asks the cluster for the member and node lists (the only requests whose
// failure ends the run) and the leader, then selects the targets from them (select.ts, pure).
import { CLUSTER_FILES } from '../archive/layout.ts';
import { InputError } from '../shared/errors.ts';
import { clusterFailure } from '../shared/failure-messages.ts';
import { listSome } from '../shared/list-some.ts';
import { captureJson, type CaptureEnv } from './capture.ts';
import type { Query } from '../nomad/client.ts';
import type { Member, NodeStub } from '../nomad/api.ts';
import type { CollectOptions } from './options.ts';
import {
  selectClients,
  selectServers,
  type ClientTarget,
  type ServerTarget,
  type Skipped,
} from './select.ts';

export interface Plan {
  servers: ServerTarget[];
  clients: ClientTarget[];
  skipped: Skipped[];
  warnings: string[];
  members: Member[];
  nodes: NodeStub[];
  region: string | undefined;
  membersTotal: number;
  nodesTotal: number;
}

const NEEDS: Record<string, string> = { members: 'node:read', nodes: 'node:read' };

function fatal(what: 'members' | 'nodes', opts: CollectOptions, code: string, error: string, httpStatus: number | undefined): InputError {
  let detail = error.replace(/^Unexpected response code: /, '');
  if (httpStatus !== undefined) {
    const m = /^(\d+) \((.*)\)$/s.exec(detail);
    if (m) detail = m[2] ?? detail;
  }
  return clusterFailure({
    what: what === 'members' ? 'list members' : 'list nodes',
    address: opts.address,
    code,
    detail,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    tokenSent: Boolean(opts.token || opts.httpAuth),
    needs: NEEDS[what],
  });
}

export async function planTargets(env: CaptureEnv, opts: CollectOptions, base: Query): Promise<Plan | undefined> {
  const stale = opts.stale ? { stale: '' } : {};
  const members = await captureJson(env, {
    rel: `cluster/${CLUSTER_FILES.members}`,
    path: '/v1/agent/members',
    query: { ...base, ...stale },
    target: 'cluster',
  });
  if (members.record.status !== 'ok') {
    if (members.record.code === 'ABORTED') return undefined;
    throw fatal('members', opts, members.record.code, members.record.error ?? '', members.record.httpStatus);
  }
  const nodes = await captureJson(env, {
    rel: `cluster/${CLUSTER_FILES.nodes}`,
    path: '/v1/nodes',
    query: { ...base, ...stale },
    target: 'cluster',
  });
  if (nodes.record.status !== 'ok') {
    if (nodes.record.code === 'ABORTED') return undefined;
    throw fatal('nodes', opts, nodes.record.code, nodes.record.error ?? '', nodes.record.httpStatus);
  }
  const leader = await captureJson(env, {
    rel: `cluster/${CLUSTER_FILES.leader}`,
    path: '/v1/status/leader',
    query: base,
    target: 'cluster',
    errorFile: true,
  });
  const membersDoc = (members.value ?? {}) as { Members?: Member[]; ServerRegion?: string };
  const memberList = Array.isArray(membersDoc.Members) ? membersDoc.Members.filter((m) => typeof m?.Name === 'string') : [];
  const nodeList = Array.isArray(nodes.value) ? (nodes.value as NodeStub[]).filter((n) => typeof n?.ID === 'string') : [];
  const region = opts.region || membersDoc.ServerRegion || undefined;
  const leaderAddr = typeof leader.value === 'string' ? leader.value : undefined;
  const s = selectServers(memberList, { serverIds: opts.serverIds, region, leaderAddr });
  const c = selectClients(nodeList, { nodeIds: opts.nodeIds, nodeClass: opts.nodeClass, maxNodes: opts.maxNodes });
  // As Nomad: prefixes that match nothing at all are a mistake to say, not an empty bundle to write.
  const named = (ids: readonly string[], keep: (id: string) => boolean) => ids.map((x) => x.trim()).filter((x) => x !== '' && keep(x));
  const serverNames = named(opts.serverIds, (x) => x !== 'all' && x !== 'leader');
  if (serverNames.length > 0 && s.selected.length === 0 && !opts.serverIds.some((x) => x.trim() === 'leader')) {
    throw new InputError('NO_MATCH', `No server matches -server-id ${JSON.stringify(opts.serverIds.join(','))}: the members are ${memberList.length > 0 ? listSome(memberList.map((m) => m.Name), 5) : 'none'}`);
  }
  const nodeNames = named(opts.nodeIds, (x) => x !== 'all');
  if (nodeNames.length > 0 && c.selected.length === 0 && c.skipped.every((k) => k.reason === 'no node matches')) {
    const cls = opts.nodeClass ? ` with -node-class ${JSON.stringify(opts.nodeClass)}` : '';
    throw new InputError('NO_MATCH', `No client node matches -node-id ${JSON.stringify(opts.nodeIds.join(','))}${cls} (${nodeList.length} node${nodeList.length === 1 ? '' : 's'} in the cluster)`);
  }
  return {
    servers: s.selected,
    clients: c.selected,
    skipped: [...s.skipped, ...c.skipped],
    warnings: [...s.warnings, ...c.warnings],
    members: memberList,
    nodes: nodeList,
    region,
    membersTotal: memberList.length,
    nodesTotal: nodeList.length,
  };
}
