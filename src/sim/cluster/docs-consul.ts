// Documents of the sim's Consul agent, in the shapes Consul's agent HTTP API writes
// (hashicorp/consul agent/agent_endpoint.go, api/agent.go, agent/structs/structs.go HealthCheck,
// agent/debug/host.go, go-metrics DisplayMetrics). The Nomad agents register what Nomad's
// command/agent/agent.go registers: services "nomad" (http, rpc, serf) per server and
// "nomad-client" (http) per client, with the checks named by nomad/structs/config/consul.go's
// defaults; check outcomes follow the Nomad agents' state, with Consul's check output texts
// (agent/checks/check.go CheckHTTP, CheckTCP).
import { createHash } from 'node:crypto';
import { RPC_PORT, SERF_PORT } from './addresses.ts';
import {
  CONSUL_ADDRESS, CONSUL_DATACENTER, CONSUL_REVISION, CONSUL_SERF_LAN_PORT, CONSUL_SERVER_RPC_PORT, CONSUL_VERSION, SERF_STATUS,
  type ConsulMember, type SimConsul,
} from './consul.ts';
import { goTimestamp } from './metrics.ts';
import { makeRng } from '../content/rand.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';

/** Nomad's agent service names and check names (nomad/structs/config/consul.go DefaultConsulConfig). */
export const NOMAD_CONSUL_NAMES = {
  serverService: 'nomad',
  clientService: 'nomad-client',
  serverHttpCheck: 'Nomad Server HTTP Check',
  serverSerfCheck: 'Nomad Server Serf Check',
  serverRpcCheck: 'Nomad Server RPC Check',
  clientHttpCheck: 'Nomad Client HTTP Check',
} as const;

export function consulHttpAddr(c: SimCluster): string {
  return `${CONSUL_ADDRESS}:${c.consul.port}`;
}

/** GET /v1/status/leader: the leader's server RPC address as a JSON string, "" without one. */
export function consulLeader(c: SimCluster): string {
  const leader = c.consul.members.find((m) => m.server && m.status === SERF_STATUS.alive);
  return leader ? `${leader.address}:${CONSUL_SERVER_RPC_PORT}` : '';
}

function memberTags(c: SimCluster, m: ConsulMember): Record<string, string> {
  const tags: Record<string, string> = {
    build: `${CONSUL_VERSION}:${CONSUL_REVISION}`, dc: CONSUL_DATACENTER, ft_fs: '1', ft_si: '1', id: m.id,
    role: m.server ? 'consul' : 'node', segment: '', vsn: '2', vsn_max: '3', vsn_min: '2',
  };
  if (m.server) Object.assign(tags, { expect: '3', port: String(CONSUL_SERVER_RPC_PORT), raft_vsn: '3', grpc_tls_port: '8503', wan_join_port: '8302' });
  void c;
  return tags;
}

/** api.AgentMember: serf's member with Status as a number. */
function memberDoc(c: SimCluster, m: ConsulMember): Doc {
  return {
    Name: m.name, Addr: m.address, Port: CONSUL_SERF_LAN_PORT, Tags: memberTags(c, m), Status: m.status,
    ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 2, DelegateMin: 2, DelegateMax: 5, DelegateCur: 4,
  };
}

/** GET /v1/agent/members (LAN). */
export function consulMembers(c: SimCluster): Doc[] {
  return c.consul.members.map((m) => memberDoc(c, m));
}

/** GET /v1/agent/self: Config, DebugConfig (Consul's Sanitized(): its tokens "hidden"), Coord, Member, Stats, Meta, xDS. */
export function consulSelf(c: SimCluster, aclEnabled: boolean): Doc {
  const k = c.consul;
  const self = k.members.find((m) => m.name === k.nodeName)!;
  const meta = { 'consul-network-segment': '', 'consul-version': CONSUL_VERSION, backup_s3_secret: k.metaSecret };
  const rng = makeRng('consul-coord', c.options.seed);
  return {
    Config: {
      Datacenter: CONSUL_DATACENTER, PrimaryDatacenter: CONSUL_DATACENTER, NodeName: k.nodeName, NodeID: k.nodeId,
      Revision: CONSUL_REVISION, Server: true, Version: CONSUL_VERSION, BuildDate: '2025-01-03T14:38:40Z',
    },
    DebugConfig: {
      ACLEnableKeyListPolicy: false, ACLInitialManagementToken: 'hidden', ACLResolverSettings: { ACLDefaultPolicy: aclEnabled ? 'deny' : 'allow', ACLsEnabled: aclEnabled, Datacenter: CONSUL_DATACENTER, NodeName: k.nodeName },
      ACLTokens: { ACLAgentRecoveryToken: 'hidden', ACLAgentToken: 'hidden', ACLConfigFileRegistrationToken: 'hidden', ACLDefaultToken: 'hidden', ACLReplicationToken: 'hidden', DataDir: '/opt/consul', EnablePersistence: false },
      AdvertiseAddrLAN: CONSUL_ADDRESS, BindAddr: CONSUL_ADDRESS, Bootstrap: false, BootstrapExpect: 3, ClientAddrs: [CONSUL_ADDRESS],
      Datacenter: CONSUL_DATACENTER, DataDir: '/opt/consul', EncryptKey: 'hidden', EncryptVerifyIncoming: true, EncryptVerifyOutgoing: true,
      HTTPPort: k.port, LogLevel: 'INFO', NodeMeta: { backup_s3_secret: k.metaSecret }, NodeName: k.nodeName, RetryJoinLAN: ['127.0.0.4', '127.0.0.5'],
      ServerMode: true, ServerPort: CONSUL_SERVER_RPC_PORT, SerfPortLAN: CONSUL_SERF_LAN_PORT, TLS: { Domain: 'consul', HTTPS: { CertFile: '', KeyFile: 'hidden' } },
      UIConfig: { Enabled: true }, Version: CONSUL_VERSION,
    },
    Coord: { Vec: Array.from({ length: 8 }, () => (rng.next() - 0.5) / 1000), Error: 0.19, Adjustment: 0, Height: 1e-5 },
    Member: memberDoc(c, self),
    Stats: {
      agent: { check_monitors: '0', check_ttls: '0', checks: String(consulCheckList(c).length), services: String(Object.keys(consulServices(c)).length) },
      build: { prerelease: '', revision: CONSUL_REVISION, version: CONSUL_VERSION, version_metadata: '' },
      consul: {
        acl: aclEnabled ? 'enabled' : 'disabled', bootstrap: 'false', known_datacenters: '1', leader: String(consulLeader(c).startsWith(`${CONSUL_ADDRESS}:`)),
        leader_addr: consulLeader(c), server: 'true',
      },
      runtime: { arch: 'amd64', cpu_count: '4', goroutines: '214', max_procs: '4', os: 'linux', version: 'go1.22.10' },
      serf_lan: {
        coordinate_resets: '0', encrypted: 'true', event_queue: '0', event_time: '4', failed: String(k.members.filter((m) => m.status === SERF_STATUS.failed).length),
        health_score: '0', intent_queue: '0', left: String(k.members.filter((m) => m.status === SERF_STATUS.left).length), member_time: String(k.members.length + 3),
        members: String(k.members.length), query_queue: '0', query_time: '1',
      },
    },
    Meta: meta,
    xDS: { SupportedProxies: { envoy: ['1.32.3', '1.31.5', '1.30.9', '1.29.12'] }, Port: 8503, Ports: { Plaintext: 8502, TLS: 8503 } },
  };
}

/** GET /v1/agent/host: agent/debug/host.go HostInfo (gopsutil's memory, CPU, host and disk stats). */
export function consulHost(c: SimCluster, now: Date): Doc {
  const boot = Math.floor(c.startedAt.getTime() / 1000) - 86_400;
  return {
    Memory: { total: 8_201_691_136, available: 5_112_389_632, used: 2_695_524_352, usedPercent: 32.86, free: 1_403_453_440 },
    CPU: [{ cpu: 0, vendorId: 'GenuineIntel', family: '6', model: '85', stepping: 7, physicalId: '0', coreId: '0', cores: 1, modelName: 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz', mhz: 2500, cacheSize: 36608, flags: ['fpu', 'vme', 'sse4_2', 'avx2'], microcode: '0x5003801' }],
    Host: {
      hostname: c.consul.nodeName, uptime: Math.floor(now.getTime() / 1000) - boot, bootTime: boot, procs: 142, os: 'linux', platform: 'debian',
      platformFamily: 'debian', platformVersion: '12.8', kernelVersion: '6.1.0-28-amd64', kernelArch: 'x86_64', virtualizationSystem: 'kvm',
      virtualizationRole: 'guest', hostId: c.consul.nodeId,
    },
    Disk: { path: '/opt/consul', fstype: 'ext4', total: 53_660_876_800, free: 41_234_567_168, used: 9_682_923_520, usedPercent: 19.01, inodesTotal: 3_276_800, inodesUsed: 61_231, inodesFree: 3_215_569, inodesUsedPercent: 1.87 },
    CollectionTime: now.getTime() * 1_000_000,
    Errors: null,
  };
}

/** GET /v1/agent/metrics: go-metrics' summary of the Consul agent's own sink. */
export function consulMetrics(c: SimCluster, now: Date): Doc {
  const labels = {};
  const k = c.consul;
  const gauge = (Name: string, Value: number) => ({ Name, Value, Labels: labels });
  return {
    Timestamp: goTimestamp(now),
    Gauges: [
      gauge('consul.autopilot.healthy', k.members.filter((m) => m.server).every((m) => m.status === SERF_STATUS.alive) ? 1 : 0),
      gauge('consul.runtime.num_goroutines', 214),
      gauge('consul.runtime.alloc_bytes', 41_337_112),
      gauge('consul.serf.member.failed', k.members.filter((m) => m.status === SERF_STATUS.failed).length),
      gauge('consul.catalog.service.count', 2),
    ],
    Points: [],
    Counters: [{ Name: 'consul.client.rpc', Count: 48, Rate: 4.8, Sum: 48, Min: 1, Max: 1, Mean: 1, Stddev: 0, Labels: labels }],
    Samples: [{ Name: 'consul.http.GET.v1.agent.checks', Count: 12, Rate: 0.0043, Sum: 0.43, Min: 0.021, Max: 0.061, Mean: 0.036, Stddev: 0.011, Labels: labels }],
  };
}

interface Registration {
  agent: SimAgent;
  role: 'server' | 'client';
  service: string;
  tag: 'http' | 'rpc' | 'serf';
  port: number;
  check: string;
}

/** What each registered Nomad agent puts in Consul (a left server deregistered on leave). */
function registrations(c: SimCluster): Registration[] {
  const out: Registration[] = [];
  const n = NOMAD_CONSUL_NAMES;
  for (const a of c.agents) {
    if (a.status === 'left') continue;
    if (a.kind === 'server') {
      out.push({ agent: a, role: 'server', service: n.serverService, tag: 'http', port: c.options.port, check: n.serverHttpCheck });
      out.push({ agent: a, role: 'server', service: n.serverService, tag: 'rpc', port: RPC_PORT, check: n.serverRpcCheck });
      out.push({ agent: a, role: 'server', service: n.serverService, tag: 'serf', port: SERF_PORT, check: n.serverSerfCheck });
    } else {
      out.push({ agent: a, role: 'client', service: n.clientService, tag: 'http', port: c.options.port, check: n.clientHttpCheck });
    }
  }
  return out;
}

/** Base32 of a SHA-1, lower case, as Nomad's Service.Hash (command/agent/consul/service_client.go makeAgentServiceID). */
function b32sha1(text: string): string {
  const digest = createHash('sha1').update(text).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

function serviceId(r: Registration): string {
  return `_nomad-${r.role}-${b32sha1(`${r.role}|${r.service}|${r.tag}|${r.agent.address}:${r.port}`)}`;
}

function checkId(r: Registration): string {
  return `_nomad-check-${createHash('sha1').update(`${serviceId(r)}|${r.check}`).digest('hex')}`;
}

/** Status and Output of a check, from the Nomad agent's state at answer time. */
function checkOutcome(c: SimCluster, r: Registration): { status: 'passing' | 'critical'; output: string; type: 'http' | 'tcp' } {
  const a = r.agent;
  const hostPort = `${a.address}:${r.port}`;
  if (r.tag === 'http') {
    const type = r.role === 'server' ? 'server' : 'client';
    const url = `http://${a.address}:${c.options.port}/v1/agent/health?type=${type}`;
    if (!a.listening) return { status: 'critical', type: 'http', output: `Get "${url}": dial tcp ${a.address}:${c.options.port}: connect: connection refused` };
    const body = JSON.stringify({ [type]: { message: a.health.message, ok: a.health.ok } });
    return a.health.ok
      ? { status: 'passing', type: 'http', output: `HTTP GET ${url}: 200 OK Output: ${body}` }
      : { status: 'critical', type: 'http', output: `HTTP GET ${url}: 500 Internal Server Error Output: ${body}` };
  }
  if (!a.listening) return { status: 'critical', type: 'tcp', output: `dial tcp ${hostPort}: connect: connection refused` };
  return { status: 'passing', type: 'tcp', output: `TCP connect ${hostPort}: Success` };
}

/** structs.HealthCheck of every registered check, in registration order. */
export function consulCheckList(c: SimCluster): Doc[] {
  const base = c.baseIndex;
  return registrations(c).map((r, i) => {
    const o = checkOutcome(c, r);
    return {
      Node: c.consul.nodeName, CheckID: checkId(r), Name: r.check, Status: o.status, Notes: '', Output: o.output,
      ServiceID: serviceId(r), ServiceName: r.service, ServiceTags: [r.tag], Type: o.type, Interval: '10s', Timeout: '5s',
      ExposedPort: 0, Definition: {}, CreateIndex: base + i, ModifyIndex: base + i,
    };
  });
}

/** GET /v1/agent/checks: a map of check ID → check. */
export function consulChecks(c: SimCluster): Record<string, Doc> {
  return Object.fromEntries(consulCheckList(c).map((ch) => [String(ch['CheckID']), ch]));
}

/** GET /v1/agent/services: a map of service ID → api.AgentService. */
export function consulServices(c: SimCluster): Record<string, Doc> {
  const out: Record<string, Doc> = {};
  for (const r of registrations(c)) {
    const id = serviceId(r);
    const addr = { Address: r.agent.address, Port: r.port };
    out[id] = {
      ID: id, Service: r.service, Tags: [r.tag], Meta: {}, Port: r.port, Address: r.agent.address,
      TaggedAddresses: { lan_ipv4: addr, wan_ipv4: addr }, Weights: { Passing: 1, Warning: 1 }, EnableTagOverride: false, Datacenter: CONSUL_DATACENTER,
    };
  }
  return out;
}
