// The simulated cluster's Consul: one Consul server agent every Nomad agent registers with (its
// `consul.address`), its LAN members (three Consul servers and one Consul client agent per Nomad
// host) and what the degraded scenario breaks. Pure state; documents are in docs-consul.ts.
import { hostName } from './host.ts';
import { canary } from './environment.ts';
import { makeRng, uuidFrom } from '../content/rand.ts';
import type { ClusterOptions, Planted, SimAgent } from './types.ts';

/** Where the sim's Consul agent listens (its own loopback address, not a Nomad agent's). */
export const CONSUL_ADDRESS = '127.0.0.2';
export const CONSUL_DEFAULT_PORT = 8500;
export const CONSUL_VERSION = '1.20.2';
export const CONSUL_REVISION = '33e5727a';
export const CONSUL_DATACENTER = 'dc1';
/** Consul's serf LAN port: members are listed with it. */
export const CONSUL_SERF_LAN_PORT = 8301;
export const CONSUL_SERVER_RPC_PORT = 8300;

/** serf.MemberStatus as Consul's /v1/agent/members writes it: a number (hashicorp/serf serf/serf.go). */
export const SERF_STATUS = { none: 0, alive: 1, leaving: 2, left: 3, failed: 4 } as const;

export interface ConsulMember {
  name: string;
  address: string;
  server: boolean;
  status: number;
  id: string;
}

export interface SimConsul {
  /** Set once bound: the port its listener took. */
  port: number;
  nodeName: string;
  nodeId: string;
  members: ConsulMember[];
  /** A value Consul leaves in clear in agent/self (node meta): the collector must redact it. */
  metaSecret: string;
  /** What the analyzer must find about Consul (subject: a Consul member name or a Nomad agent). */
  planted: Planted[];
}

export function consulServerName(i: number): string {
  return `consul-server-${i}`;
}

export function buildConsul(opts: ClusterOptions, nomadAgents: SimAgent[]): SimConsul {
  const members: ConsulMember[] = [];
  for (let i = 1; i <= 3; i++) {
    members.push({
      name: consulServerName(i),
      address: i === 1 ? CONSUL_ADDRESS : `127.0.0.${i + 2}`,
      server: true,
      status: SERF_STATUS.alive,
      id: uuidFrom(makeRng('consul-node-id', opts.seed, i)),
    });
  }
  // A Consul client agent on each Nomad host; a server that left the cluster left Consul too.
  for (const a of nomadAgents) {
    if (a.status === 'left') continue;
    members.push({ name: hostName(a), address: a.address, server: false, status: SERF_STATUS.alive, id: uuidFrom(makeRng('consul-node-id', opts.seed, a.name)) });
  }
  return {
    port: CONSUL_DEFAULT_PORT,
    nodeName: members[0]!.name,
    nodeId: members[0]!.id,
    members,
    metaSecret: canary(opts.seed, 'consul', 'node-meta-secret'),
    planted: [],
  };
}

/**
 * The degraded scenario: the Consul agent on the down Nomad client's host failed with it, and the
 * Nomad agents whose health checks Consul sees failing. Checks follow the Nomad agents' state
 * (docs-consul.ts), so the plants name what that state makes critical.
 */
export function plantConsul(consul: SimConsul, servers: SimAgent[], clients: SimAgent[]): void {
  const down = clients.find((c) => c.status === 'down');
  const failedHost = down ? hostName(down) : consulServerName(3);
  const member = consul.members.find((m) => m.name === failedHost)!;
  member.status = SERF_STATUS.failed;
  consul.planted.push({ kind: 'consul-member-failed', subject: member.name, detail: `Consul agent ${member.name} is a failed Consul member` });
  for (const a of [...servers, ...clients]) {
    if (a.status === 'left') continue;
    if (!a.listening || !a.health.ok) {
      const subject = a.kind === 'server' ? a.name : a.id;
      consul.planted.push({ kind: 'consul-check-critical', subject, detail: `Consul marks ${a.name}'s Nomad ${a.kind === 'server' ? 'Server' : 'Client'} HTTP Check critical` });
    }
  }
  consul.planted.push({ kind: 'consul-leaked-secret', subject: 'consul', detail: 'node meta backup_s3_secret in clear in Consul agent/self', value: consul.metaSecret });
}
