// GET /v1/agent/host: the bare HostData of an agent (uname, go-sockaddr network entries on its
// loopback address, resolv.conf, hosts, environment after Nomad's redaction, disks in MiB).
import { makeRng } from '../content/rand.ts';
import { ipv4ToUint32, octets } from './addresses.ts';
import { redactEnvironment } from './redact.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';

const MIB = 1024 * 1024;

export interface DiskLayout {
  device: string;
  sizeBytes: number;
  usedBytes: number;
  inodesUsedPct: number;
}

/** The root disk; client stats and host data both read it, so they agree. */
export function rootDisk(c: SimCluster, a: SimAgent): DiskLayout {
  const rng = makeRng('root-disk', c.options.seed, a.name);
  const sizeBytes = rng.pick([50, 100, 200, 500]) * 1024 * MIB;
  return { device: '/dev/nvme0n1p1', sizeBytes, usedBytes: Math.round((sizeBytes * a.diskUsedPct) / 100), inodesUsedPct: 2 + rng.next() * 6 };
}

/** Loopback interface entry as go-sockaddr's attributes print it. */
function ipv4Entry(address: string): Record<string, string> {
  const bits = octets(address).map((o) => o.toString(2).padStart(8, '0')).join('');
  const hex = octets(address).map((o) => o.toString(16).padStart(2, '0')).join('');
  return {
    DialPacket: '"udp4" ""', DialStream: '"tcp4" ""', ListenPacket: '"udp4" ""', ListenStream: '"tcp4" ""',
    address, binary: bits, broadcast: '127.255.255.255', first_usable: '127.0.0.1', hex, host: address,
    last_usable: '127.255.255.254', mask_bits: '8', netmask: '255.0.0.0', network: '127.0.0.0',
    octets: octets(address).join(' '), port: '0', size: '16777216', string: `${address}/8`, type: 'IPv4',
    uint32: String(ipv4ToUint32(address)),
  };
}

function ipv6Loopback(): Record<string, string> {
  return {
    DialPacket: '"udp6" ""', DialStream: '"tcp6" ""', ListenPacket: '"udp6" ""', ListenStream: '"tcp6" ""',
    address: '::1', binary: '0'.repeat(127) + '1', first_usable: '::1', hex: '0'.repeat(31) + '1', host: '::1', last_usable: '::1',
    mask_bits: '128', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', network: '::1', octets: '0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1',
    port: '0', size: '1', string: '::1', type: 'IPv6', uint128: '1',
  };
}

export function hostName(a: SimAgent): string {
  return a.kind === 'server' ? a.name.replace(/\.[^.]+$/, '') : a.name;
}

export function agentHost(c: SimCluster, a: SimAgent): Doc {
  const disk = rootDisk(c, a);
  const boot = { DiskMB: 1022, UsedMB: 61 };
  const host = hostName(a);
  return {
    OS: `x86_64 ${host} 6.1.0-28-amd64 Linux #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)`,
    Network: [ipv4Entry(a.address), ipv6Loopback()],
    ResolvConf: 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch node.consul\n',
    Hosts: `127.0.0.1\tlocalhost\n${a.address}\t${host}\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n`,
    Environment: redactEnvironment(a.environment),
    Disk: {
      '/': { DiskMB: Math.round(disk.sizeBytes / MIB), UsedMB: Math.round(disk.usedBytes / MIB) },
      '/boot/efi': boot,
    },
  };
}
