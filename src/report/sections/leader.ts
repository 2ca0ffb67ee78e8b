// Which server leads: the latest raft configuration says so by name; else match
// cluster/leader.json's RPC address against the members' addresses.
import type { Bundle } from '../../model/types.ts';
import { list, rec, recs, text } from '../safe.ts';

export interface LeaderInfo {
  name: string | null;
  address: string | null;
}

export function findLeader(bundle: Bundle): LeaderInfo {
  const address = text(bundle?.cluster?.leader?.value) || null;
  const ivs = list(bundle?.intervals);
  for (let k = ivs.length - 1; k >= 0; k--) {
    const servers = recs(rec(rec(rec(ivs[k])['operatorRaft'])['value'])['Servers']);
    const lead = servers.find((s) => s['Leader'] === true);
    if (lead) return { name: text(lead['Node']) || null, address: address ?? (text(lead['Address']) || null) };
  }
  if (!address) return { name: null, address: null };
  for (const m of recs(rec(bundle?.cluster?.members?.value)['Members'])) {
    const tags = rec(m['Tags']);
    const candidates = [`${text(tags['rpc_addr'])}:${text(tags['port'])}`, `${text(m['Addr'])}:${text(tags['port'])}`];
    if (candidates.includes(address)) return { name: text(m['Name']) || null, address };
  }
  return { name: null, address };
}
