// Client endpoints: host stats (/v1/client/stats, 1.7+ CPU shape), node metadata and
// allocation resource usage. Values drift smoothly with `at`; disk use matches agent/host.
import { createHash } from 'node:crypto';
import { makeRng } from '../content/rand.ts';
import { rootDisk } from './host.ts';
import { nodeHardware, nodeMeta } from './nodes.ts';
import { bootedAt } from './timeline.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';
import { drift } from './waves.ts';

const MIB = 1024 * 1024;
/** The machines booted a while before Nomad started. */
const BOOT_BEFORE_START_S = 3 * 86_400 + 4_211;

export function clientStats(c: SimCluster, a: SimAgent, at: Date): Doc {
  const hw = nodeHardware(c, a);
  const rng = makeRng('stats', c.options.seed, a.name);
  const memTotal = hw.memoryMB * MIB;
  const memShare = 0.35 + rng.next() * 0.25 + 0.04 * drift(`${a.name}-mem`, at);
  const memUsed = Math.round(memTotal * memShare);
  const cpu = Array.from({ length: hw.cores }, (_, i) => {
    const total = Math.max(0.5, 8 + rng.next() * 25 + 6 * drift(`${a.name}-cpu${i}`, at) + (a.hot ? 45 : 0));
    const pct = Math.min(100, total);
    return { CPU: `cpu${i}`, User: pct * 0.68, System: pct * 0.32, Idle: 100 - pct, TotalPercent: pct, TotalTicks: (pct / 100) * hw.mhz };
  });
  const disk = rootDisk(c, a);
  const diskEntry = (device: string, mount: string) => ({
    Device: device, Mountpoint: mount, Size: disk.sizeBytes, Used: disk.usedBytes, Available: disk.sizeBytes - disk.usedBytes,
    UsedPercent: (disk.usedBytes / disk.sizeBytes) * 100, InodesUsedPercent: disk.inodesUsedPct,
  });
  return {
    Memory: { Total: memTotal, Available: memTotal - memUsed, Used: memUsed, Free: Math.round((memTotal - memUsed) * 0.42) },
    CPU: cpu,
    DiskStats: [diskEntry(disk.device, '/')],
    AllocDirStats: diskEntry('', ''),
    DeviceStats: [],
    Uptime: Math.max(0, Math.floor((at.getTime() - bootedAt(c.startedAt)) / 1000)) + BOOT_BEFORE_START_S,
    // stamped by the agent's own clock (client/stats HostStats.Timestamp: time.Now().UTC().UnixNano())
    Timestamp: (at.getTime() + (a.clockSkewMs ?? 0)) * 1e6 + rng.int(0, 999) * 1000,
    CPUTicksConsumed: cpu.reduce((n, x) => n + x.TotalTicks, 0),
  };
}

/** GET /v1/client/metadata. */
export function clientMetadata(c: SimCluster, a: SimAgent): Doc {
  const meta = nodeMeta(a);
  return { Meta: { ...meta }, Dynamic: {}, Static: { ...meta } };
}

function taskUsage(key: string, at: Date, memMB: number): Doc {
  const rss = Math.round(memMB * MIB * (0.45 + 0.1 * drift(`${key}-rss`, at)));
  const cache = Math.round(rss * 0.2);
  const percent = Math.max(0.1, 3 + 2.5 * drift(`${key}-cpu`, at));
  return {
    MemoryStats: { RSS: rss, Cache: cache, Swap: 0, MappedFile: 0, Usage: rss + cache, MaxUsage: Math.round((rss + cache) * 1.15), KernelUsage: 0, KernelMaxUsage: 0,
      Measured: ['Cache', 'Swap', 'Usage'] },
    CpuStats: { SystemMode: percent * 0.3, UserMode: percent * 0.7, TotalTicks: percent * 24, ThrottledPeriods: 0, ThrottledTime: 0, Percent: percent,
      Measured: ['Throttled Periods', 'Throttled Time', 'Percent'] },
    DeviceStats: null,
  };
}

/**
 * GET /v1/client/allocation/:id/checks: the client's check store for the allocation's Nomad
 * service checks (client/alloc_endpoint.go Allocations.Checks), results by check ID, shaped as
 * structs.CheckQueryResult (nomad/structs/checks.go): one HTTP check per running allocation, and
 * none ({}) for others. On a client whose own health fails, the check fails too.
 */
export function allocChecks(c: SimCluster, allocId: string, at: Date): Doc {
  const alloc = c.allocations.find((x) => x['ID'] === allocId);
  if (!alloc || alloc['ClientStatus'] !== 'running') return {};
  const node = c.clients.find((a) => a.id === alloc['NodeID']);
  const ok = node?.health.ok !== false;
  const group = String(alloc['TaskGroup'] ?? 'web');
  const service = `${String(alloc['JobID'] ?? 'job')}-${group}`;
  const id = createHash('md5').update(`${allocId}|${service}|healthy`).digest('hex');
  return {
    [id]: {
      ID: id, Mode: 'healthiness', Status: ok ? 'success' : 'failure', StatusCode: ok ? 200 : 503,
      Output: ok ? 'nomad: http ok' : 'nomad: Get "http://127.0.0.1:8080/health": dial tcp 127.0.0.1:8080: connect: connection refused',
      Timestamp: Math.floor(at.getTime() / 1000), Group: group, Service: service, Check: 'healthy',
    },
  };
}

/** GET /v1/client/allocation/:id/stats; undefined for an unknown or not-running allocation. */
export function allocStats(c: SimCluster, allocId: string, at: Date): Doc | undefined {
  const alloc = c.allocations.find((x) => x['ID'] === allocId);
  if (!alloc || alloc['ClientStatus'] !== 'running') return undefined;
  const ts = at.getTime() * 1e6;
  const tasks: Doc = {};
  const sum = { rss: 0, cache: 0, usage: 0, max: 0, pct: 0, ticks: 0, sys: 0, user: 0 };
  for (const name of Object.keys((alloc['TaskStates'] as Doc | null) ?? {})) {
    const u = taskUsage(`${allocId}-${name}`, at, 256);
    const m = u['MemoryStats'] as Record<string, number>;
    const p = u['CpuStats'] as Record<string, number>;
    sum.rss += m['RSS']!; sum.cache += m['Cache']!; sum.usage += m['Usage']!; sum.max += m['MaxUsage']!;
    sum.pct += p['Percent']!; sum.ticks += p['TotalTicks']!; sum.sys += p['SystemMode']!; sum.user += p['UserMode']!;
    tasks[name] = { ResourceUsage: u, Timestamp: ts, Pids: null };
  }
  return {
    ResourceUsage: {
      MemoryStats: { RSS: sum.rss, Cache: sum.cache, Swap: 0, MappedFile: 0, Usage: sum.usage, MaxUsage: sum.max, KernelUsage: 0, KernelMaxUsage: 0, Measured: ['Cache', 'Swap', 'Usage'] },
      CpuStats: { SystemMode: sum.sys, UserMode: sum.user, TotalTicks: sum.ticks, ThrottledPeriods: 0, ThrottledTime: 0, Percent: sum.pct, Measured: ['Throttled Periods', 'Throttled Time', 'Percent'] },
      DeviceStats: [],
    },
    Tasks: tasks,
    Timestamp: ts,
  };
}
