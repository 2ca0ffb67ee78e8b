// What each simulated agent carries, for the size of its runtime profiles: a client's running
// allocations and their tasks, a server's share of the clients (each client keeps one RPC session
// with one server: client/rpc.go, nomad/rpc.go handleMultiplexV2). Counted once per cluster.
import type { AgentLoad } from '../content/go-goroutines.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';

const LOADS = new WeakMap<SimCluster, Map<string, AgentLoad>>();

export function agentLoad(c: SimCluster, a: SimAgent): AgentLoad {
  let byId = LOADS.get(c);
  if (!byId) LOADS.set(c, (byId = countLoads(c)));
  return byId.get(a.id) ?? { tasks: 0, allocs: 0, peers: 0 };
}

function countLoads(c: SimCluster): Map<string, AgentLoad> {
  const tasksOf = new Map<string, number>();
  for (const job of c.jobs) {
    for (const g of (job['TaskGroups'] as Doc[] | undefined) ?? []) {
      tasksOf.set(`${String(job['ID'])}\u0000${String(g['Name'])}`, ((g['Tasks'] as unknown[] | undefined) ?? []).length);
    }
  }
  const out = new Map<string, AgentLoad>();
  for (const alloc of c.allocations) {
    const status = alloc['ClientStatus'];
    if (status !== 'running' && status !== 'pending') continue;
    const node = String(alloc['NodeID']);
    const load = out.get(node) ?? { tasks: 0, allocs: 0, peers: 0 };
    load.allocs++;
    load.tasks += tasksOf.get(`${String(alloc['JobID'])}\u0000${String(alloc['TaskGroup'])}`) ?? 1;
    out.set(node, load);
  }
  const servers = c.agents.filter((a) => a.kind === 'server' && a.listening);
  const clients = c.agents.filter((a) => a.kind === 'client' && a.listening).length;
  servers.forEach((s, i) => {
    // Clients spread evenly over the live servers; the first ones take the remainder.
    const peers = Math.floor(clients / servers.length) + (i < clients % servers.length ? 1 : 0);
    out.set(s.id, { tasks: 0, allocs: 0, peers });
  });
  return out;
}
