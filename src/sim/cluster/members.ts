// Serf members of the server agents (GET /v1/agent/members and agent/self "member"). A failed
// or left member keeps the address and tags of its last known state; only Status differs.
import { SERF_PORT } from './addresses.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';
import { revisionOf } from './versions.ts';

export function memberDoc(c: SimCluster, s: SimAgent): Doc {
  return {
    Name: s.name,
    Addr: s.address,
    Port: SERF_PORT,
    Tags: {
      role: 'nomad',
      region: c.region,
      dc: s.datacenter,
      build: s.version,
      revision: revisionOf(s.version),
      vsn: '1',
      raft_vsn: '3',
      id: s.id,
      rpc_addr: s.address,
      port: '4647',
      expect: String(c.options.servers),
    },
    Status: s.status,
    ProtocolMin: 1,
    ProtocolMax: 5,
    ProtocolCur: 2,
    DelegateMin: 2,
    DelegateMax: 5,
    DelegateCur: 4,
  };
}

/** What a client-only agent reports as its member: serf's zero value. */
export function zeroMember(): Doc {
  return {
    Name: '', Addr: null, Port: 0, Tags: null, Status: 'none',
    ProtocolMin: 0, ProtocolMax: 0, ProtocolCur: 0, DelegateMin: 0, DelegateMax: 0, DelegateCur: 0,
  };
}

/** Servers that are raft peers: everyone but the member that left (serf keeps listing it). */
export function raftPeers(c: SimCluster): SimAgent[] {
  return c.servers.filter((s) => s.status !== 'left');
}
