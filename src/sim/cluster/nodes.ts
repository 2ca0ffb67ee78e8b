// Client nodes as the servers know them: the full Node (GET /v1/node/:id) and the list stub.
// Built on demand from the agent, so a thousand nodes cost nothing until asked for.
import { makeRng } from '../content/rand.ts';
import { rootDisk } from './host.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';
import { failedAt, historyStart } from './timeline.ts';
import { revisionOf } from './versions.ts';

export interface NodeHardware {
  cores: number;
  mhz: number;
  memoryMB: number;
}

export function nodeHardware(c: SimCluster, a: SimAgent): NodeHardware {
  const rng = makeRng('hardware', c.options.seed, a.name);
  return { cores: rng.pick([4, 8, 16]), mhz: rng.pick([2400, 2900, 3100]), memoryMB: rng.pick([16, 32, 64]) * 1024 };
}

function nodeIndexes(c: SimCluster, a: SimAgent): { create: number; modify: number } {
  const i = Number(a.name.slice(a.name.lastIndexOf('-') + 1)) || 1;
  return { create: 10 + i, modify: a.status === 'down' ? c.baseIndex - 50 : 10 + i };
}

const registeredMs = (c: SimCluster) => historyStart(c.startedAt) + 1500;

function drivers(c: SimCluster): Doc {
  const at = new Date(registeredMs(c) + 500).toISOString();
  return {
    docker: {
      Attributes: { driver: 'docker', 'driver.docker': 'true', 'driver.docker.os_type': 'linux', 'driver.docker.runtimes': 'io.containerd.runc.v2,runc', 'driver.docker.version': '27.3.1', 'driver.docker.volumes.enabled': 'true' },
      Detected: true, Healthy: true, HealthDescription: 'Healthy', UpdateTime: at,
    },
    exec: { Attributes: { 'driver.exec': 'true' }, Detected: true, Healthy: true, HealthDescription: 'Healthy', UpdateTime: at },
    raw_exec: { Attributes: null, Detected: false, Healthy: false, HealthDescription: 'disabled', UpdateTime: at },
    java: { Attributes: null, Detected: false, Healthy: false, HealthDescription: '', UpdateTime: at },
    qemu: { Attributes: null, Detected: false, Healthy: false, HealthDescription: '', UpdateTime: at },
  };
}

function attributes(c: SimCluster, a: SimAgent): Record<string, string> {
  const hw = nodeHardware(c, a);
  const disk = rootDisk(c, a);
  return {
    'cpu.arch': 'amd64', 'cpu.frequency': String(hw.mhz), 'cpu.modelname': 'AMD EPYC 7R13 Processor', 'cpu.numcores': String(hw.cores),
    'cpu.reservablecores': String(hw.cores), 'cpu.totalcompute': String(hw.cores * hw.mhz), 'cpu.usablecompute': String(hw.cores * hw.mhz),
    'driver.docker': '1', 'driver.docker.os_type': 'linux', 'driver.docker.runtimes': 'io.containerd.runc.v2,runc', 'driver.docker.version': '27.3.1',
    'driver.exec': '1', 'kernel.arch': 'x86_64', 'kernel.name': 'linux', 'kernel.version': '6.1.0-28-amd64',
    'memory.totalbytes': String(hw.memoryMB * 1024 * 1024), 'nomad.advertise.address': `${a.address}:${c.options.port}`,
    'nomad.bridge.hairpin_mode': 'false', 'nomad.revision': revisionOf(a.version), 'nomad.service_discovery': 'true', 'nomad.version': a.version,
    'os.cgroups.version': '2', 'os.name': 'debian', 'os.signals': 'SIGABRT,SIGALRM,SIGBUS,SIGCHLD,SIGCONT,SIGFPE,SIGHUP,SIGILL,SIGINT,SIGIO,SIGKILL,SIGPIPE,SIGPROF,SIGQUIT,SIGSEGV,SIGSTOP,SIGSYS,SIGTERM,SIGTRAP,SIGTSTP,SIGTTIN,SIGTTOU,SIGURG,SIGUSR1,SIGUSR2,SIGWINCH,SIGXCPU,SIGXFSZ',
    'os.version': '12', 'unique.cgroup.mountpoint': '/sys/fs/cgroup', 'unique.cgroup.version': 'v2', 'unique.hostname': a.name,
    'unique.network.ip-address': a.address, 'unique.storage.bytesfree': String(disk.sizeBytes - disk.usedBytes),
    'unique.storage.bytestotal': String(disk.sizeBytes), 'unique.storage.volume': disk.device,
  };
}

export function nodeMeta(a: SimAgent): Record<string, string> {
  return {
    'connect.gateway_image': 'docker.io/envoyproxy/envoy:v${NOMAD_envoy_version}',
    'connect.log_level': 'info',
    'connect.proxy_concurrency': '1',
    'connect.sidecar_image': 'docker.io/envoyproxy/envoy:v${NOMAD_envoy_version}',
    rack: `r${(Number(a.name.split('-')[1]) % 4) + 1}`,
    ...a.extraMeta,
  };
}

function resources(c: SimCluster, a: SimAgent): Doc {
  const hw = nodeHardware(c, a);
  const disk = rootDisk(c, a);
  return {
    Cpu: { CpuShares: hw.cores * hw.mhz, TotalCpuCores: hw.cores, ReservableCpuCores: Array.from({ length: hw.cores }, (_, i) => i) },
    Memory: { MemoryMB: hw.memoryMB },
    Disk: { DiskMB: Math.round((disk.sizeBytes - disk.usedBytes) / 1024 / 1024) },
    Devices: null,
    NodeNetworks: [{ Mode: 'host', Device: 'lo', MacAddress: '00:00:00:00:00:00', Speed: 1000,
      Addresses: [{ Family: 'ipv4', Alias: 'default', Address: a.address, ReservedPorts: '', Gateway: '' }] }],
    Networks: [{ Mode: 'host', Device: 'lo', CIDR: `${a.address}/32`, IP: a.address, Hostname: '', MBits: 1000, DNS: null, ReservedPorts: null, DynamicPorts: null }],
    MinDynamicPort: 20000,
    MaxDynamicPort: 32000,
  };
}

const RESERVED = { Cpu: { CpuShares: 0, ReservedCpuCores: [] }, Memory: { MemoryMB: 0 }, Disk: { DiskMB: 0 }, Networks: { ReservedHostPorts: '' } };

function events(c: SimCluster, a: SimAgent): Doc[] {
  const ix = nodeIndexes(c, a);
  const out: Doc[] = [{ Message: 'Node registered', Subsystem: 'Cluster', Details: null, Timestamp: new Date(registeredMs(c)).toISOString(), CreateIndex: ix.create }];
  if (a.status === 'down') {
    out.push({ Message: 'Node heartbeat missed', Subsystem: 'Cluster', Details: null, Timestamp: new Date(failedAt(c.startedAt)).toISOString(), CreateIndex: ix.modify });
  }
  return out;
}

/** The full node, as the HTTP API encodes it: SecretID blanked, a top-level Drain added. */
export function fullNode(c: SimCluster, a: SimAgent): Doc {
  const ix = nodeIndexes(c, a);
  return {
    ID: a.id, SecretID: '', Datacenter: a.datacenter, Name: a.name, CgroupParent: '', HTTPAddr: `${a.address}:${c.options.port}`,
    TLSEnabled: c.options.tls, Attributes: attributes(c, a), NodeResources: resources(c, a), ReservedResources: RESERVED, Links: {},
    Meta: nodeMeta(a), NodeClass: a.nodeClass, NodePool: 'default', ComputedClass: `v1:${makeRng('class', a.nodeClass, a.datacenter).int(1e15, 9e15)}`,
    DrainStrategy: null, SchedulingEligibility: 'eligible', Status: a.status, StatusDescription: '', IdentitySigningKeyID: '',
    StatusUpdatedAt: Math.floor((a.status === 'down' ? failedAt(c.startedAt) : registeredMs(c)) / 1000), Events: events(c, a), Drivers: drivers(c), CSIControllerPlugins: null,
    CSINodePlugins: null, HostVolumes: null, GCVolumesOnNodeGC: false, HostNetworks: null, LastDrain: null, NodeMaxAllocs: 0,
    LastMissedHeartbeatIndex: a.status === 'down' ? ix.modify : 0, LastAllocUpdateIndex: ix.create + 1, CreateIndex: ix.create, ModifyIndex: ix.modify,
    Drain: false,
  };
}

export interface StubOptions {
  /** ?os=true: include Attributes. */
  os?: boolean;
  /** ?resources=true: include NodeResources and ReservedResources. */
  resources?: boolean;
  /** This list is one in which flapping nodes are down. */
  flappingDown?: boolean;
}

/** structs.NodeListStub, in Go struct order. */
export function nodeStub(c: SimCluster, a: SimAgent, opts: StubOptions = {}): Doc {
  const ix = nodeIndexes(c, a);
  const stub: Doc = { Address: a.address, ID: a.id };
  if (opts.os) stub['Attributes'] = attributes(c, a);
  Object.assign(stub, {
    Datacenter: a.datacenter, Name: a.name, NodePool: 'default', NodeClass: a.nodeClass, Version: a.version, Drain: false,
    SchedulingEligibility: 'eligible', Status: a.flapping && opts.flappingDown ? 'down' : a.status, StatusDescription: '', Drivers: drivers(c), HostVolumes: null,
  });
  if (opts.resources) Object.assign(stub, { NodeResources: resources(c, a), ReservedResources: RESERVED });
  Object.assign(stub, { LastDrain: null, CreateIndex: ix.create, ModifyIndex: ix.modify });
  return stub;
}
