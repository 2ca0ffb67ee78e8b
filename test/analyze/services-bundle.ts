// Consul and Vault data for the hand-built bundles, shaped as the simulated cluster's Consul and
// Vault answer (src/sim/cluster/docs-consul.ts, vault.ts): degraded has a failed Consul member
// (client-3's agent), critical Nomad checks for client-2 (unhealthy), client-3 (down) and
// server-3.global (failed), and a sealed Vault; healthy has none of it.
import type { Bundle, ConsulCheck, ConsulMember, ConsulService } from '../../src/model/types.ts';
import { nodeIdOf } from './bundle-builder.ts';

const clientIp = (n: number) => `127.0.1.${n}`;
const serverIp = (n: number) => `127.0.0.${10 + n}`;

export function withServices(b: Bundle, scenario: 'healthy' | 'degraded'): Bundle {
  const bad = scenario === 'degraded';
  // Each client node at its own address, as the sim advertises them.
  for (const n of b.cluster.nodes?.value ?? []) {
    const i = [1, 2, 3, 4, 5].find((k) => nodeIdOf(k) === n.ID);
    if (i !== undefined) n.Address = clientIp(i);
  }
  const members: ConsulMember[] = [
    ...[1, 2, 3].map((i) => ({ Name: `consul-server-${i}`, Addr: `127.0.0.${i === 1 ? 2 : i + 2}`, Port: 8301, Tags: { role: 'consul', dc: 'dc1' }, Status: 'alive' })),
    ...[1, 2, 3].map((i) => ({ Name: `server-${i}`, Addr: serverIp(i), Port: 8301, Tags: { role: 'node', dc: 'dc1' }, Status: 'alive' })),
    ...[1, 2, 3, 4, 5].map((i) => ({ Name: `client-${i}`, Addr: clientIp(i), Port: 8301, Tags: { role: 'node', dc: 'dc1' }, Status: bad && i === 3 ? 'failed' : 'alive' })),
  ];
  const checks: ConsulCheck[] = [];
  const services: ConsulService[] = [];
  const register = (role: 'server' | 'client', ip: string, tag: string, port: number, name: string, sick: string | undefined) => {
    const id = `_nomad-${role}-${role}${ip.replace(/\./g, '')}${tag}`;
    services.push({ ID: id, Service: role === 'server' ? 'nomad' : 'nomad-client', Address: ip, Port: port, Tags: [tag] });
    checks.push({
      CheckID: `_nomad-check-${id}`, Name: name, Status: sick ? 'critical' : 'passing', Node: 'consul-server-1', ServiceID: id,
      ServiceName: role === 'server' ? 'nomad' : 'nomad-client', Type: tag === 'http' ? 'http' : 'tcp', Notes: '',
      Output: sick ?? `HTTP GET http://${ip}:4646/v1/agent/health?type=${role}: 200 OK Output: {}`,
    });
  };
  for (const i of [1, 2, 3]) {
    const down = bad && i === 3 ? `dial tcp ${serverIp(i)}:4646: connect: connection refused` : undefined;
    register('server', serverIp(i), 'http', 4646, 'Nomad Server HTTP Check', down);
    register('server', serverIp(i), 'serf', 4648, 'Nomad Server Serf Check', down);
  }
  for (const i of [1, 2, 3, 4, 5]) {
    const sick = !bad ? undefined
      : i === 2 ? `HTTP GET http://${clientIp(i)}:4646/v1/agent/health?type=client: 500 Internal Server Error Output: {"client":{"message":"no known servers","ok":false}}`
      : i === 3 ? `Get "http://${clientIp(i)}:4646/v1/agent/health?type=client": dial tcp ${clientIp(i)}:4646: connect: connection refused` : undefined;
    register('client', clientIp(i), 'http', 4646, 'Nomad Client HTTP Check', sick);
  }
  b.cluster.consul = {
    leader: { file: 'cluster/consul-leader.json', value: '127.0.0.2:8300' },
    self: { file: 'cluster/consul-agent-self.json', value: { Config: { NodeName: 'consul-server-1', Datacenter: 'dc1', Version: '1.20.2', Server: true }, Meta: { backup_s3_secret: '<redacted>' } } },
    members: { file: 'cluster/consul-agent-members.json', value: members },
    checks: { file: 'cluster/consul-agent-checks.json', value: checks },
    services: { file: 'cluster/consul-agent-services.json', value: services },
  };
  b.cluster.vault = {
    file: 'cluster/vault-sys-health.json',
    value: bad
      ? { initialized: true, sealed: true, standby: true, performance_standby: false, replication_performance_mode: 'disabled', replication_dr_mode: 'disabled', server_time_utc: 1796447282, version: '1.18.3' }
      : { initialized: true, sealed: false, standby: false, performance_standby: false, replication_performance_mode: 'disabled', replication_dr_mode: 'disabled', server_time_utc: 1796447282, version: '1.18.3', cluster_name: 'vault-cluster-sim', cluster_id: 'c1' },
  };
  for (const f of ['consul-leader', 'consul-agent-self', 'consul-agent-members', 'consul-agent-checks', 'consul-agent-services', 'vault-sys-health']) b.files.push(`cluster/${f}.json`);
  return b;
}
