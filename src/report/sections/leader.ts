// Which server leads: the latest raft configuration says so by name; else match
// cluster/leader.json's RPC address against the members' addresses.
import type { Bundle } from '../../model/types.ts';

export interface LeaderInfo {
  name: string | null;
  address: string | null;
}

export function findLeader(bundle: Bundle): LeaderInfo {
  const address = bundle.cluster.leader?.value || null;
  for (let k = bundle.intervals.length - 1; k >= 0; k--) {
    const lead = bundle.intervals[k]!.operatorRaft?.value.Servers.find((s) => s.Leader);
    if (lead) return { name: lead.Node || null, address: address ?? (lead.Address || null) };
  }
  if (!address) return { name: null, address: null };
  for (const m of bundle.cluster.members?.value.Members ?? []) {
    const port = m.Tags?.port ?? '';
    const candidates = [`${m.Tags?.rpc_addr ?? ''}:${port}`, `${m.Addr ?? ''}:${port}`];
    if (candidates.includes(address)) return { name: m.Name || null, address };
  }
  return { name: null, address };
}
