// GET /v1/metrics: go-metrics' InmemSink.DisplayMetrics summary of the answering agent.
// Gauges drift smoothly with `at`; planted trends rise steadily: goroutines on the leaky agent,
// blocked evaluations on the degraded leader (the eval broker only runs there).
import { makeRng } from '../content/rand.ts';
import { hostName } from './host.ts';
import { nodeHardware } from './nodes.ts';
import { raftApplied, raftIndex } from './raft.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';
import { drift, elapsedSeconds } from './waves.ts';
import { GC_PAUSE_SHARE } from './scenario.ts';

/** Go's time.Time String() of the 10 s interval the sink is in: "2021-11-13 22:39:00 +0000 UTC". */
export function goTimestamp(at: Date): string {
  const d = new Date(Math.floor(at.getTime() / 10_000) * 10_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 UTC`;
}

/** Goroutines the leak adds per second of uptime. */
const LEAK_PER_SECOND = 4;
/** New blocked evaluations per second on the degraded leader. */
const BLOCKED_PER_SECOND = 1;

export function metrics(c: SimCluster, a: SimAgent, at: Date): Doc {
  const host = hostName(a);
  const labels = { host };
  const rng = makeRng('metrics', c.options.seed, a.name);
  const t = elapsedSeconds(c.startedAt, at);
  const gauges: Doc[] = [];
  const gauge = (Name: string, Value: number, extra: Record<string, string> = {}) => gauges.push({ Labels: { ...labels, ...extra }, Name, Value });

  const baseG = rng.int(a.kind === 'server' ? 250 : 150, 400);
  const leak = a.leakedGoroutines > 0 ? a.leakedGoroutines + Math.floor(t * LEAK_PER_SECOND) : 0;
  gauge('nomad.runtime.num_goroutines', Math.round(baseG * (1 + 0.03 * drift(`${a.name}-g`, at))) + leak);
  // under GC pressure the heap keeps growing (4% a second) and pauses take GC_PAUSE_SHARE of the time
  const grow = a.gcPressure ? 1 + 0.04 * t : 1;
  const heapObjects = Math.round(rng.int(300_000, 900_000) * (1 + 0.04 * drift(`${a.name}-h`, at)) * grow + leak * 40);
  gauge('nomad.runtime.heap_objects', heapObjects);
  const alloc = Math.round(heapObjects * 96);
  gauge('nomad.runtime.alloc_bytes', alloc);
  gauge('nomad.runtime.sys_bytes', Math.round(alloc * 1.9));
  gauge('nomad.runtime.malloc_count', 4_000_000 + Math.floor(t * 12_000));
  gauge('nomad.runtime.free_count', 4_000_000 + Math.floor(t * 12_000) - heapObjects);
  gauge('nomad.runtime.total_gc_pause_ns', 90_000_000 + Math.floor(t * (a.gcPressure ? GC_PAUSE_SHARE * 1e9 : 310_000)));
  gauge('nomad.runtime.total_gc_runs', 120 + Math.floor(a.gcPressure ? t * 3 : t / 7));

  if (a.kind === 'server') serverGauges(c, a, at, t, gauge);
  else clientGauges(c, a, at, gauge);

  const sample = (Name: string, Count: number, Mean: number) => ({
    Count, Labels: { ...labels }, Max: Mean * 2.4, Mean, Min: Mean * 0.3, Name, Rate: (Count * Mean) / 10, Stddev: Mean * 0.4, Sum: Count * Mean,
  });
  return {
    Timestamp: goTimestamp(at),
    Gauges: gauges,
    Points: [],
    Counters: a.kind === 'server'
      ? [sample('nomad.nomad.rpc.query', 40 + rng.int(0, 30), 1), sample('nomad.nomad.rpc.request', 90 + rng.int(0, 60), 1)]
      : [sample('nomad.client.rpc.request', 12 + rng.int(0, 10), 1)],
    Samples: [
      // go-metrics' runtime stats add each GC pause in nanoseconds (armon/go-metrics EmitRuntimeStats)
      sample('nomad.runtime.gc_pause_ns', a.gcPressure ? 30 : 1, a.gcPressure ? 55_000_000 : 380_000),
      ...(a.kind === 'server'
        ? [sample('nomad.memberlist.gossip', 20, 0.013), sample('nomad.nomad.rpc.Node.UpdateStatus', 5 + rng.int(0, 5), 0.21), sample('nomad.raft.commitTime', 8, 1.7)]
        : [sample('nomad.client.update_status', 1, 0.096), sample('nomad.client.rpc.Node.GetClientAllocs', 3, 0.4)]),
    ],
  };
}

/** Plans waiting at the degraded leader: past the metrics check's 10. */
export const DEGRADED_PLAN_QUEUE = 24;

type GaugeFn = (name: string, value: number, extra?: Record<string, string>) => void;

function serverGauges(c: SimCluster, a: SimAgent, at: Date, t: number, gauge: GaugeFn): void {
  gauge('nomad.raft.appliedIndex', raftApplied(c, a));
  gauge('nomad.raft.lastIndex', raftIndex(c, a));
  gauge('nomad.raft.peers', c.servers.filter((s) => s.status !== 'left').length);
  // Every server publishes the broker, blocked-evals, plan-queue and heartbeat gauges (nomad/server.go
  // starts their EmitStats loops and heartbeatStats on all servers), but only the leader has them
  // enabled: a follower's are 0 (eval_broker.go, blocked_evals.go, plan_queue.go, heartbeat.go).
  const leads = a === c.leader;
  const blocked = c.evaluations.filter((e) => e['Status'] === 'blocked').length;
  const total = leads && blocked > 0 ? blocked + Math.floor(t * BLOCKED_PER_SECOND) : 0;
  gauge('nomad.nomad.blocked_evals.total_blocked', total);
  gauge('nomad.nomad.blocked_evals.total_escaped', 0);
  gauge('nomad.nomad.broker.total_blocked', total);
  gauge('nomad.nomad.broker.total_ready', leads ? Math.max(0, Math.round(1 + drift('ready', at))) : 0);
  gauge('nomad.nomad.broker.total_unacked', 0);
  gauge('nomad.nomad.broker.total_pending', 0);
  // degraded: the leader's raft writes are slow (its follower's FSM lags too), so plans queue up
  gauge('nomad.nomad.plan.queue_depth', leads && c.options.scenario === 'degraded' ? DEGRADED_PLAN_QUEUE : 0);
  gauge('nomad.nomad.heartbeat.active', leads ? c.clients.filter((x) => x.status === 'ready').length : 0);
  // hashicorp/raft emits this one on the leader alone
  if (leads) gauge('nomad.raft.leader.oldestLogAge', 3_600_000 + Math.floor(t * 1000));
}

function clientGauges(c: SimCluster, a: SimAgent, at: Date, gauge: GaugeFn): void {
  const hw = nodeHardware(c, a);
  const node = { node_id: a.id, datacenter: a.datacenter, node_class: a.nodeClass || 'none', node_pool: 'default', node_status: a.status, node_scheduling_eligibility: 'eligible' };
  const running = c.allocations.filter((x) => x['NodeID'] === a.id && x['ClientStatus'] === 'running').length;
  gauge('nomad.client.allocated.cpu', running * 200, node);
  gauge('nomad.client.unallocated.cpu', hw.cores * hw.mhz - running * 200, node);
  gauge('nomad.client.allocated.memory', running * 256, node);
  gauge('nomad.client.unallocated.memory', hw.memoryMB - running * 256, node);
  gauge('nomad.client.allocations.running', running, node);
  gauge('nomad.client.allocations.pending', 0, node);
  gauge('nomad.client.allocations.blocked', 0, node);
  gauge('nomad.client.host.disk.used_percent', a.diskUsedPct, { ...node, disk: '/dev/nvme0n1p1' });
  gauge('nomad.client.host.cpu.idle', 80 + 5 * drift(`${a.name}-idle`, at), { ...node, cpu: 'cpu0' });
}
