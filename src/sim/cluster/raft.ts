// Raft numbers shared by agent/self stats, operator endpoints and metrics, so they agree.
import type { SimAgent, SimCluster } from './types.ts';

export function raftTerm(c: SimCluster): number {
  // Losing a server forced one more election.
  return 2 + c.servers.filter((s) => s.status === 'failed').length;
}

/** A failed server stopped receiving logs some way behind the others. Its last log index, and its commit index. */
export function raftIndex(c: SimCluster, a: SimAgent): number {
  return a.status === 'alive' ? c.baseIndex : Math.max(1, c.baseIndex - 137);
}

/**
 * The index the server's FSM has applied: its commit index, less what a lagging follower has yet
 * to apply (hashicorp/raft Stats: applied_index = getLastApplied, commit_index = getCommitIndex).
 */
export function raftApplied(c: SimCluster, a: SimAgent): number {
  return Math.max(1, raftIndex(c, a) - (a.raftApplyLag ?? 0));
}

/** fsm_pending: batches queued for the FSM (hashicorp/raft len(fsmMutateCh)); a lagging follower has some. */
export function raftFsmPending(a: SimAgent): number {
  return a.raftApplyLag ? Math.min(128, Math.ceil(a.raftApplyLag / 64)) : 0;
}
