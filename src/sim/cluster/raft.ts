// Raft numbers shared by agent/self stats, operator endpoints and metrics, so they agree.
import type { SimAgent, SimCluster } from './types.ts';

export function raftTerm(c: SimCluster): number {
  // Losing a server forced one more election.
  return 2 + c.servers.filter((s) => s.status === 'failed').length;
}

/** A failed server stopped receiving logs some way behind the others. */
export function raftIndex(c: SimCluster, a: SimAgent): number {
  return a.status === 'alive' ? c.baseIndex : Math.max(1, c.baseIndex - 137);
}
