// Documents of the agent endpoints: answers that depend on which agent is asked
// (/v1/agent/self, host, health, schedulers, servers) and the serf member list.
import { makeRng, uuidFrom } from '../content/rand.ts';
import { rpcAddr } from './addresses.ts';
import { agentConfig } from './agent-config.ts';
import { leaderAddr } from './docs-cluster.ts';
import { agentHost as hostData } from './host.ts';
import { memberDoc, raftPeers, zeroMember } from './members.ts';
import { raftApplied, raftFsmPending, raftIndex, raftTerm } from './raft.ts';
import { bootedAt } from './timeline.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';
import { goVersionOf } from './versions.ts';

const ALL_SCHEDULERS = ['service', 'batch', 'system', 'sysbatch', '_core'];
const WORKERS = 4;

export function agentSelf(c: SimCluster, a: SimAgent): Doc {
  return {
    config: agentConfig(c, a),
    member: a.kind === 'server' ? memberDoc(c, a) : zeroMember(),
    stats: a.kind === 'server' ? serverStats(c, a) : clientStats(c, a),
  };
}

/** Bare HostData; the server wraps it in {AgentID, HostData} when the request was forwarded. */
export function agentHost(c: SimCluster, a: SimAgent): Doc {
  return hostData(c, a);
}

/** runtime.NumCPU() of the agent's host. */
export function cpuCount(a: SimAgent): number {
  return a.kind === 'server' ? 4 : 8;
}

function runtimeStats(c: SimCluster, a: SimAgent): Record<string, string> {
  const rng = makeRng('runtime', c.options.seed, a.name);
  const cpus = cpuCount(a);
  return {
    arch: 'amd64', cpu_count: String(cpus), goroutines: String(rng.int(a.kind === 'server' ? 250 : 150, 400) + a.leakedGoroutines),
    'kernel.name': 'linux', max_procs: String(cpus), version: goVersionOf(a.version),
  };
}

function serverStats(c: SimCluster, a: SimAgent): Record<string, Record<string, string>> {
  const peers = raftPeers(c);
  const alive = a.status === 'alive';
  const index = raftIndex(c, a);
  const members = c.servers.length;
  return {
    nomad: {
      server: 'true', leader: String(a === c.leader), leader_addr: alive ? leaderAddr(c) : '', bootstrap: 'false', known_regions: '1',
    },
    raft: {
      applied_index: String(raftApplied(c, a)), commit_index: String(index), fsm_pending: String(raftFsmPending(a)),
      last_contact: a === c.leader ? '0' : alive ? `${(makeRng('contact', a.name).int(8000, 60000) / 1000).toFixed(3)}ms` : 'never',
      last_log_index: String(index), last_log_term: String(raftTerm(c)), last_snapshot_index: String(Math.max(0, index - 8192)),
      last_snapshot_term: String(raftTerm(c)),
      latest_configuration: `[${peers.map((p) => `{Suffrage:Voter ID:${p.id} Address:${rpcAddr(p.address)}}`).join(' ')}]`,
      latest_configuration_index: '0', num_peers: String(Math.max(0, peers.length - 1)), protocol_version: '3', protocol_version_max: '3',
      protocol_version_min: '0', snapshot_version_max: '1', snapshot_version_min: '0', state: a === c.leader ? 'Leader' : alive ? 'Follower' : 'Candidate',
      term: String(raftTerm(c)),
    },
    serf: {
      coordinate_resets: '0', encrypted: 'false', event_queue: '0', event_time: '1',
      failed: String(c.servers.filter((s) => s.status === 'failed').length), health_score: '0', intent_queue: '0',
      left: String(c.servers.filter((s) => s.status === 'left').length), member_time: String(members + 2), members: String(members),
      query_queue: '0', query_time: '1',
    },
    runtime: runtimeStats(c, a),
  };
}

function clientStats(c: SimCluster, a: SimAgent): Record<string, Record<string, string>> {
  const rng = makeRng('heartbeat', c.options.seed, a.name);
  return {
    client: {
      node_id: a.id,
      known_servers: agentServers(c, a).join(','),
      num_allocations: String(c.allocations.filter((x) => x['NodeID'] === a.id && x['ClientStatus'] === 'running').length),
      last_heartbeat: `${rng.int(1, 15)}.${rng.int(100000000, 999999999)}s`,
      heartbeat_ttl: `${rng.int(10, 19)}.${rng.int(100000000, 999999999)}s`,
    },
    runtime: runtimeStats(c, a),
  };
}

export interface HealthAnswer {
  status: number;
  body: Doc;
}

/** GET /v1/agent/health: 200 when every asked role is ok, else 500 with the same JSON. */
export function agentHealth(c: SimCluster, a: SimAgent, type?: 'client' | 'server'): HealthAnswer {
  const body: Doc = {};
  let ok = true;
  for (const role of ['client', 'server'] as const) {
    if (type && type !== role) continue;
    if (a.kind === role) {
      body[role] = { ok: a.health.ok, message: a.health.message };
      ok &&= a.health.ok;
    } else if (type === role) {
      body[role] = { ok: false, message: `${role} not enabled` };
      ok = false;
    }
  }
  return { status: ok ? 200 : 500, body };
}

function workerIds(c: SimCluster, a: SimAgent): string[] {
  const rng = makeRng('workers', c.options.seed, a.name);
  return Array.from({ length: WORKERS }, () => uuidFrom(rng));
}

/** GET /v1/agent/schedulers (servers only). The leader pauses 3 of 4 workers for leader work. */
export function agentSchedulers(c: SimCluster, a: SimAgent): Doc {
  const start = bootedAt(c.startedAt) + 911;
  const schedulers = workerIds(c, a).map((id, i) => {
    const paused = a.schedulersPaused || (a === c.leader && i < WORKERS - Math.ceil(WORKERS / 4));
    return {
      id,
      enabled_schedulers: [...ALL_SCHEDULERS],
      started: new Date(start).toISOString().replace(/Z$/, `${String(883 + i * 7).padStart(3, '0')}Z`),
      status: paused ? 'Paused' : 'Started',
      workload_status: paused ? 'Paused' : 'WaitingToDequeue',
    };
  });
  return { server_id: a.name, schedulers };
}

export function agentSchedulersConfig(c: SimCluster, a: SimAgent): Doc {
  return { server_id: a.name, num_schedulers: WORKERS, enabled_schedulers: [...ALL_SCHEDULERS] };
}

/** GET /v1/agent/servers: the RPC addresses the agent knows (a client without servers: none). */
export function agentServers(c: SimCluster, a: SimAgent): string[] {
  if (a.kind === 'client' && !a.health.ok && a.health.message === 'no known servers') return [];
  // client.GetServers(), sorted by the handler (sort.Strings)
  return c.servers.filter((s) => s.status === 'alive').map((s) => rpcAddr(s.address)).sort();
}

/** GET /v1/agent/members: every server member, failed and left ones included. */
export function members(c: SimCluster, receiving: SimAgent): Doc {
  const answering = receiving.kind === 'server' ? receiving : c.leader ?? c.servers[0];
  return {
    ServerName: answering?.name ?? '',
    ServerRegion: c.region,
    ServerDC: answering?.datacenter ?? 'dc1',
    Members: c.servers.map((s) => memberDoc(c, s)),
  };
}
