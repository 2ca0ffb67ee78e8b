// Forwarding with node_id / server_id as Nomad's HTTP agent and server RPC do it, with the
// error texts and codes of each endpoint family (reference §6.3). Pure over the cluster state.
import type { SimAgent, SimCluster } from '../cluster/types.ts';
import { HttpError } from './respond.ts';

/** Endpoint families: each words its forwarding errors its own way. */
export type Family = 'pprof' | 'host' | 'monitor' | 'client';

const BOTH: Record<Family, string> = {
  pprof: 'Cannot target node and server simultaneously',
  host: 'Can only forward to either client node or server',
  monitor: 'Cannot target node and server simultaneously',
  client: 'Cannot target node and server simultaneously',
};

/** Clients by id, per client list: every forwarded request looks one up among hundreds. */
const CLIENT_INDEX = new WeakMap<readonly SimAgent[], { size: number; byId: Map<string, SimAgent> }>();

function clientById(c: SimCluster, id: string): SimAgent | undefined {
  let idx = CLIENT_INDEX.get(c.clients);
  if (!idx || idx.size !== c.clients.length) {
    idx = { size: c.clients.length, byId: new Map(c.clients.map((a) => [a.id, a])) };
    CLIENT_INDEX.set(c.clients, idx);
  }
  return idx.byId.get(id);
}

function findNode(c: SimCluster, id: string, family: Family): SimAgent {
  const node = clientById(c, id);
  if (!node) {
    if (family === 'client') throw new HttpError(404, `Unknown node ${id}`);
    if (family === 'monitor') throw new HttpError(500, `RPC Error:: 404,Unknown node "${id}"`);
    throw new HttpError(404, `Unknown node "${id}"`);
  }
  // Monitor's streaming RPC wraps findClientConn's coded error in a 500 and keeps its text
  // (nomad/client_agent_endpoint.go forwardMonitorClient); the others unwrap it to a 404.
  if (!node.listening) {
    if (family === 'monitor') throw new HttpError(500, 'RPC Error:: 404,No path to node');
    throw new HttpError(404, 'No path to node');
  }
  return node;
}

function findServer(c: SimCluster, id: string, family: Family): SimAgent {
  // Only alive servers are in the region's server list; monitor words these as 400s.
  const status = family === 'monitor' ? 400 : 500;
  if (id === 'leader') {
    if (!c.leader || !c.leader.listening) throw new HttpError(status, 'No cluster leader');
    return c.leader;
  }
  const s = c.servers.find((a) => (a.name === id || a.id === id) && a.listening);
  if (!s) throw new HttpError(status, `unknown Nomad server ${id}`);
  return s;
}

/**
 * The agent that answers a forwardable request received by `receiver`. A client-only agent
 * streams its own logs for a monitor with server_id (it does not forward that one).
 */
/** Both node_id and server_id: refused by the HTTP handler itself, before the RPC checks the token. */
export function refuseBoth(q: URLSearchParams, family: Family): void {
  if ((q.get('node_id') ?? '') !== '' && (q.get('server_id') ?? '') !== '') throw new HttpError(400, BOTH[family]);
}

export function resolveTarget(c: SimCluster, receiver: SimAgent, q: URLSearchParams, family: Family): SimAgent {
  refuseBoth(q, family);
  const nodeId = q.get('node_id') ?? '';
  const serverId = q.get('server_id') ?? '';
  if (nodeId !== '') return findNode(c, nodeId, family);
  if (serverId !== '') {
    if (family === 'monitor' && receiver.kind === 'client') return receiver;
    return findServer(c, serverId, family);
  }
  return receiver;
}
