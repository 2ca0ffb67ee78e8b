// Stack tables for the simulated agents: where a Nomad server or client spends CPU, allocates,
// blocks and parks goroutines. Stacks are written leaf first, one "function +lineOffset" per line
// (offsets from the function's start line), like the frames of a Go traceback.
import { goFunc } from './go-symbols.ts';

export interface Frame {
  fn: string;
  line: number;
}

const PARSED = new Map<string, Frame[]>();

/** Parses a stack table: "name +k" (start line + k) or "name 123" (absolute line). Shared result: do not change it. */
export function frames(text: string): Frame[] {
  let out = PARSED.get(text);
  if (!out) PARSED.set(text, (out = parseFrames(text)));
  return out;
}

function parseFrames(text: string): Frame[] {
  return text
    .trim()
    .split('\n')
    .filter((raw) => raw.trim() !== '')
    .map((raw) => {
      const [name, at] = raw.trim().split(/\s+/) as [string, string];
      const f = goFunc(name);
      const line = at.startsWith('+') ? f.startLine + Number(at.slice(1)) : Number(at);
      return { fn: f.name, line };
    });
}

export type Role = 'server' | 'client';

export interface WeightedStack {
  weight: number;
  frames: Frame[];
}

// ---------------------------------------------------------------- CPU
const GC = `
runtime.gcDrain +190
runtime.gcBgMarkWorker.func2 +20
runtime.systemstack +8
runtime.gcBgMarkWorker +79`;
const IDLE = `
runtime.futex +21
runtime.futexsleep +12
runtime.notesleep +19
runtime.stopm +17
runtime.findRunnable +389
runtime.schedule +44
runtime.park_m +36
runtime.mcall +37`;
const READ_SYSCALL = `
internal/runtime/syscall.Syscall6 +9
syscall.Syscall +11
syscall.read +2
internal/poll.(*FD).Read +24
net.(*netFD).Read +1
net.(*conn).Read +8`;
const HTTP_SERVE = `
net/http.HandlerFunc.ServeHTTP +1
net/http.(*ServeMux).ServeHTTP +13
github.com/NYTimes/gziphandler.GzipHandlerWithOpts.func1.1 +7
net/http.HandlerFunc.ServeHTTP +1
net/http.serverHandler.ServeHTTP +5
net/http.(*conn).serve +221`;

const COMMON_CPU: WeightedStack[] = [
  { weight: 9, frames: frames(`runtime.scanobject +35\n${GC}`) },
  { weight: 4, frames: frames(`runtime.findObject +31\nruntime.greyobject +0\nruntime.scanobject +62\n${GC}`) },
  { weight: 3, frames: frames(`runtime.memclrNoHeapPointers +37\nruntime.mallocgc +140\nruntime.growslice +113\nencoding/json.(*encodeState).string +12\nencoding/json.stringEncoder +12\nencoding/json.structEncoder.encode +18\nencoding/json.ptrEncoder.encode +19\nencoding/json.(*encodeState).reflectValue +1\nencoding/json.(*encodeState).marshal +16\nencoding/json.(*Encoder).Encode +15\nN/command/agent.(*HTTPServer).wrap.func1 +61\n${HTTP_SERVE}`) },
  { weight: 7, frames: frames(IDLE) },
  { weight: 3, frames: frames(`runtime.usleep +10\nruntime.runqgrab +34\nruntime.stealWork +76\nruntime.findRunnable +203\nruntime.schedule +44\nruntime.park_m +36\nruntime.mcall +37`) },
  { weight: 5, frames: frames(`${READ_SYSCALL}\nbufio.(*Reader).Read +45\nio.ReadAtLeast +7\nio.ReadFull +1\ngithub.com/hashicorp/yamux.(*Session).recvLoop +11\ngithub.com/hashicorp/yamux.(*Session).recv +1`) },
  { weight: 4, frames: frames(`encoding/json.(*encodeState).string +26\nencoding/json.stringEncoder +12\nencoding/json.structEncoder.encode +18\nencoding/json.ptrEncoder.encode +19\nencoding/json.sliceEncoder.encode +8\nencoding/json.arrayEncoder.encode +8\nencoding/json.structEncoder.encode +18\nencoding/json.(*encodeState).reflectValue +1\nencoding/json.(*encodeState).marshal +16\nencoding/json.(*Encoder).Encode +15\nN/command/agent.(*HTTPServer).wrap.func1 +61\n${HTTP_SERVE}`) },
  { weight: 3, frames: frames(`compress/flate.(*compressor).findMatch +31\ncompress/flate.(*compressor).deflate +89\ncompress/flate.(*compressor).write +11\ncompress/flate.(*Writer).Write +1\ncompress/gzip.(*Writer).Write +51\ngithub.com/NYTimes/gziphandler.(*GzipResponseWriter).Write +24\nN/command/agent.(*HTTPServer).wrap.func1 +71\n${HTTP_SERVE}`) },
];

const SERVER_CPU: WeightedStack[] = [
  ...COMMON_CPU,
  { weight: 6, frames: frames(`internal/runtime/syscall.Syscall6 +9\nsyscall.Syscall +11\nsyscall.write +2\ninternal/poll.(*FD).Write +35\nnet.(*netFD).Write +1\nnet.(*conn).Write +8\nbufio.(*Writer).Flush +11\ngithub.com/hashicorp/raft.(*NetworkTransport).genericRPC +22\ngithub.com/hashicorp/raft.(*NetworkTransport).AppendEntries +1\ngithub.com/hashicorp/raft.(*Raft).replicateTo +98\ngithub.com/hashicorp/raft.(*Raft).replicate +39\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`) },
  { weight: 5, frames: frames(`github.com/hashicorp/go-msgpack/v2/codec.(*msgpackDecDriver).DecodeString +9\ngithub.com/hashicorp/go-msgpack/v2/codec.(*decFnInfo).kStruct +58\ngithub.com/hashicorp/go-msgpack/v2/codec.(*Decoder).decodeValue +41\ngithub.com/hashicorp/go-msgpack/v2/codec.(*Decoder).Decode +10\ngithub.com/hashicorp/net-rpc-msgpackrpc/v2.(*MsgpackCodec).ReadRequestBody +3\nnet/rpc.(*Server).ServeRequest +13\nN/nomad.(*Server).handleNomadConn +19`) },
  { weight: 5, frames: frames(`github.com/hashicorp/go-immutable-radix/v2.(*Txn).insert +57\ngithub.com/hashicorp/go-immutable-radix/v2.(*Txn).Insert +1\ngithub.com/hashicorp/go-memdb.(*Txn).Insert +104\nN/nomad/state.(*StateStore).UpdateAllocsFromClient +47\nN/nomad.(*nomadFSM).applyAllocClientUpdate +33\nN/nomad.(*nomadFSM).Apply +46\ngithub.com/hashicorp/raft.(*Raft).runFSM +62\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`) },
  { weight: 3, frames: frames(`go.etcd.io/bbolt.(*DB).fdatasync +1\ngo.etcd.io/bbolt.(*Tx).Commit +105\ngithub.com/hashicorp/raft-boltdb/v2.(*BoltStore).StoreLogs +58\ngithub.com/hashicorp/raft.(*LogCache).StoreLogs +12\ngithub.com/hashicorp/raft.(*Raft).dispatchLogs +29\ngithub.com/hashicorp/raft.(*Raft).leaderLoop +160\ngithub.com/hashicorp/raft.(*Raft).runLeader +127\ngithub.com/hashicorp/raft.(*Raft).run +10\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`) },
  { weight: 6, frames: frames(`N/nomad/structs.ScoreFitBinPack +22\nN/scheduler.(*BinPackIterator).Next +491\nN/scheduler.(*ScoreNormalizationIterator).Next +1\nN/scheduler.(*MaxScoreIterator).Next +4\nN/scheduler.(*GenericStack).Select +62\nN/scheduler.(*GenericScheduler).computePlacements +201\nN/scheduler.(*GenericScheduler).computeJobAllocs +159\nN/scheduler.(*GenericScheduler).process +96\nN/scheduler.(*GenericScheduler).Process +68\nN/nomad.(*Worker).invokeScheduler +53\nN/nomad.(*Worker).run +58`) },
  { weight: 3, frames: frames(`N/scheduler.(*ConstraintChecker).Feasible +12\nN/scheduler.(*FeasibilityWrapper).Next +33\nN/scheduler.(*BinPackIterator).Next +12\nN/scheduler.(*ScoreNormalizationIterator).Next +1\nN/scheduler.(*MaxScoreIterator).Next +4\nN/scheduler.(*GenericStack).Select +62\nN/scheduler.(*GenericScheduler).computePlacements +201\nN/scheduler.(*GenericScheduler).computeJobAllocs +159\nN/scheduler.(*GenericScheduler).process +96\nN/scheduler.(*GenericScheduler).Process +68\nN/nomad.(*Worker).invokeScheduler +53\nN/nomad.(*Worker).run +58`) },
  { weight: 2, frames: frames(`N/scheduler.(*allocReconciler).Compute +40\nN/scheduler.(*GenericScheduler).computeJobAllocs +38\nN/scheduler.(*GenericScheduler).process +96\nN/scheduler.(*GenericScheduler).Process +68\nN/nomad.(*Worker).invokeScheduler +53\nN/nomad.(*Worker).run +58`) },
  { weight: 2, frames: frames(`runtime.mallocgc +320\nruntime.newobject +1\nN/nomad/structs.(*Allocation).Copy +4\nN/nomad/state.(*StateStore).upsertAllocsImpl +61\nN/nomad/state.(*StateStore).UpsertAllocs +7\nN/nomad.(*nomadFSM).applyAllocUpdate +29\nN/nomad.(*nomadFSM).Apply +40\ngithub.com/hashicorp/raft.(*Raft).runFSM +62\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`) },
  { weight: 1, frames: frames(`runtime.nanotime1 +30\ngithub.com/hashicorp/memberlist.(*Memberlist).probe +40\ngithub.com/hashicorp/memberlist.(*Memberlist).triggerFunc +11`) },
];

const CLIENT_CPU: WeightedStack[] = [
  ...COMMON_CPU,
  { weight: 4, frames: frames(`github.com/shirou/gopsutil/v3/cpu.parseStatLine +22\ngithub.com/shirou/gopsutil/v3/cpu.TimesWithContext +31\nN/client/hoststats.(*cpuStatsCalculator).Calculate +3\nN/client/hoststats.(*HostStatsCollector).collectLocked +28\nN/client/hoststats.(*HostStatsCollector).Collect +4\nN/client.(*Client).emitStats +12`) },
  { weight: 2, frames: frames(`strconv.ParseUint +40\ngithub.com/shirou/gopsutil/v3/cpu.parseStatLine +31\ngithub.com/shirou/gopsutil/v3/cpu.TimesWithContext +31\nN/client/hoststats.(*HostStatsCollector).collectLocked +28\nN/client/hoststats.(*HostStatsCollector).Collect +4\nN/client.(*Client).emitStats +12`) },
  { weight: 2, frames: frames(`${READ_SYSCALL}\nos.ReadFile +41\ngithub.com/shirou/gopsutil/v3/cpu.TimesWithContext +9\nN/client/hoststats.(*HostStatsCollector).collectLocked +28\nN/client/hoststats.(*HostStatsCollector).Collect +4\nN/client.(*Client).emitStats +12`) },
  { weight: 1, frames: frames(`github.com/shirou/gopsutil/v3/disk.UsageWithContext +4\nN/client/hoststats.(*HostStatsCollector).collectLocked +51\nN/client/hoststats.(*HostStatsCollector).Collect +4\nN/client.(*Client).emitStats +12`) },
  { weight: 3, frames: frames(`${READ_SYSCALL}\nbufio.(*Reader).Read +45\nio.ReadAtLeast +7\nio.ReadFull +1\ngoogle.golang.org/grpc/internal/transport.(*http2Client).reader +10`) },
  { weight: 3, frames: frames(`encoding/json.stateInString +3\nencoding/json.(*Decoder).Decode +14\nN/drivers/docker.(*taskHandle).collectStats +38`) },
  { weight: 3, frames: frames(`encoding/json.(*decodeState).object +120\nencoding/json.(*decodeState).value +11\nencoding/json.(*decodeState).unmarshal +11\nencoding/json.(*Decoder).Decode +31\nN/drivers/docker.(*taskHandle).collectStats +38`) },
  { weight: 3, frames: frames(`github.com/hashicorp/go-msgpack/v2/codec.(*encFnInfo).kStruct +77\ngithub.com/hashicorp/go-msgpack/v2/codec.(*Encoder).encodeValue +48\ngithub.com/hashicorp/go-msgpack/v2/codec.(*Encoder).encode +30\ngithub.com/hashicorp/go-msgpack/v2/codec.(*Encoder).Encode +6\nN/helper/pool.(*ConnPool).RPC +24\nN/client.(*Client).rpc +62\nN/client.(*Client).RPC +1\nN/client.(*Client).allocSync +53`) },
  { weight: 2, frames: frames(`github.com/armon/go-metrics.(*InmemSink).SetGaugeWithLabels +12\nN/client/allocrunner/taskrunner.(*TaskRunner).emitStats +14\nN/client/allocrunner/taskrunner.(*statsHook).collectResourceUsageStats +43`) },
  { weight: 1, frames: frames(`go.etcd.io/bbolt.(*DB).fdatasync +1\ngo.etcd.io/bbolt.(*Tx).Commit +105\nN/client/state.(*BoltStateDB).PutTaskRunnerLocalState +23\nN/client/allocrunner/taskrunner.(*TaskRunner).Run +120`) },
];

export function cpuStacks(role: Role): WeightedStack[] {
  return role === 'server' ? SERVER_CPU : CLIENT_CPU;
}

/** The planted hot spot: one function that clearly dominates CPU (flat), and its share of the total. */
export function hotStacks(role: Role): WeightedStack[] {
  if (role === 'server') {
    const tail = `N/nomad/state.(*StateStore).UpsertAllocs +7\nN/nomad.(*nomadFSM).applyAllocUpdate +29\nN/nomad.(*nomadFSM).Apply +40\ngithub.com/hashicorp/raft.(*Raft).runFSM +62\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`;
    return [
      { weight: 10, frames: frames(`N/nomad/state.(*StateStore).UpsertAllocs +12\n${tail.split('\n').slice(1).join('\n')}`) },
      { weight: 2, frames: frames(`github.com/hashicorp/go-immutable-radix/v2.(*Txn).insert +57\ngithub.com/hashicorp/go-immutable-radix/v2.(*Txn).Insert +1\ngithub.com/hashicorp/go-memdb.(*Txn).Insert +104\nN/nomad/state.(*StateStore).upsertAllocsImpl +88\n${tail}`) },
    ];
  }
  return [
    { weight: 10, frames: frames(`encoding/json.checkValid +8\nencoding/json.Unmarshal +1\nN/drivers/docker.(*taskHandle).collectStats +52`) },
    { weight: 2, frames: frames(`encoding/json.stateInString +3\nencoding/json.checkValid +8\nencoding/json.Unmarshal +1\nN/drivers/docker.(*taskHandle).collectStats +52`) },
  ];
}

// ---------------------------------------------------------------- heap
export interface AllocSite {
  frames: Frame[];
  /** Size of one block (Go's "bytes" label). */
  block: number;
  /** Objects still in use, before the per-agent jitter. */
  inuse: number;
  /** alloc_objects / inuse_objects. */
  churn: number;
}

const MALG = `runtime.malg +12\nruntime.newproc1 +21\nruntime.newproc.func1 +1\nruntime.systemstack +8`;
export const GOROUTINE_ALLOC_SITE: Frame[] = frames(MALG);
export const GOROUTINE_BLOCK = 448; // sizeof(runtime.g) rounded to its size class

const COMMON_HEAP: AllocSite[] = [
  { block: 663552, inuse: 2, churn: 40, frames: frames(`compress/flate.(*compressor).init +13\ncompress/flate.NewWriter +4\ngithub.com/NYTimes/gziphandler.(*GzipResponseWriter).startGzip +22\ngithub.com/NYTimes/gziphandler.(*GzipResponseWriter).Write +30\nN/command/agent.(*HTTPServer).wrap.func1 +71\n${HTTP_SERVE}`) },
  { block: 32768, inuse: 4, churn: 600, frames: frames(`runtime.growslice +113\nencoding/json.(*encodeState).string +12\nencoding/json.stringEncoder +12\nencoding/json.structEncoder.encode +18\nencoding/json.(*encodeState).reflectValue +1\nencoding/json.(*encodeState).marshal +16\nencoding/json.(*Encoder).Encode +15\nN/command/agent.(*HTTPServer).wrap.func1 +61\n${HTTP_SERVE}`) },
  { block: 4096, inuse: 40, churn: 9, frames: frames(`runtime.makeslice +15\nbufio.(*Reader).fill +13\nbufio.(*Reader).Read +45\nio.ReadAtLeast +7\nio.ReadFull +1\ngithub.com/hashicorp/yamux.(*Session).recvLoop +11\ngithub.com/hashicorp/yamux.(*Session).recv +1`) },
];

const SERVER_HEAP: AllocSite[] = [
  ...COMMON_HEAP,
  { block: 96, inuse: 180000, churn: 6, frames: frames(`runtime.newobject +1\ngithub.com/hashicorp/go-immutable-radix/v2.(*Txn).writeNode +14\ngithub.com/hashicorp/go-immutable-radix/v2.(*Txn).insert +57\ngithub.com/hashicorp/go-immutable-radix/v2.(*Txn).Insert +1\ngithub.com/hashicorp/go-memdb.(*Txn).Insert +104\nN/nomad/state.(*StateStore).upsertAllocsImpl +88\nN/nomad/state.(*StateStore).UpsertAllocs +7\nN/nomad.(*nomadFSM).applyAllocUpdate +29\nN/nomad.(*nomadFSM).Apply +40\ngithub.com/hashicorp/raft.(*Raft).runFSM +62`) },
  { block: 1024, inuse: 22000, churn: 4, frames: frames(`runtime.newobject +1\nN/nomad/structs.(*Allocation).Copy +4\nN/nomad/state.(*StateStore).upsertAllocsImpl +61\nN/nomad/state.(*StateStore).UpsertAllocs +7\nN/nomad.(*nomadFSM).applyAllocUpdate +29\nN/nomad.(*nomadFSM).Apply +40\ngithub.com/hashicorp/raft.(*Raft).runFSM +62`) },
  { block: 2048, inuse: 3000, churn: 3, frames: frames(`runtime.newobject +1\nN/nomad/structs.(*Job).Copy +3\nN/nomad/state.(*StateStore).UpsertPlanResults +40\nN/nomad.(*nomadFSM).applyPlanResults +25\nN/nomad.(*nomadFSM).Apply +88\ngithub.com/hashicorp/raft.(*Raft).runFSM +62`) },
  { block: 8192, inuse: 300, churn: 50, frames: frames(`runtime.makeslice +15\ngithub.com/hashicorp/go-msgpack/v2/codec.(*Decoder).decodeValue +41\ngithub.com/hashicorp/go-msgpack/v2/codec.(*Decoder).Decode +10\ngithub.com/hashicorp/net-rpc-msgpackrpc/v2.(*MsgpackCodec).ReadRequestBody +3\nnet/rpc.(*Server).ServeRequest +13\nN/nomad.(*Server).handleNomadConn +19`) },
  { block: 512, inuse: 8000, churn: 20, frames: frames(`runtime.makeslice +15\ngithub.com/hashicorp/raft.(*LogCache).StoreLogs +5\ngithub.com/hashicorp/raft.(*Raft).dispatchLogs +29\ngithub.com/hashicorp/raft.(*Raft).leaderLoop +160\ngithub.com/hashicorp/raft.(*Raft).runLeader +127`) },
  { block: 48, inuse: 900, churn: 400, frames: frames(`runtime.newobject +1\ngithub.com/hashicorp/go-memdb.(*Txn).getIndexIterator +12\ngithub.com/hashicorp/go-memdb.(*Txn).First +6\nN/nomad/state.(*StateStore).JobByID +8\nN/nomad.evaluatePlan +30\nN/nomad.(*planner).planApply +120`) },
];

const CLIENT_HEAP: AllocSite[] = [
  ...COMMON_HEAP,
  { block: 1024, inuse: 600, churn: 12, frames: frames(`runtime.newobject +1\nN/nomad/structs.(*Allocation).Copy +4\nN/client.(*Client).runAllocs +41\nN/client.(*Client).run +25`) },
  { block: 256, inuse: 200, churn: 3000, frames: frames(`runtime.makeslice +15\nstrings.Fields +14\ngithub.com/shirou/gopsutil/v3/cpu.parseStatLine +2\ngithub.com/shirou/gopsutil/v3/cpu.TimesWithContext +31\nN/client/hoststats.(*HostStatsCollector).collectLocked +28\nN/client/hoststats.(*HostStatsCollector).Collect +4\nN/client.(*Client).emitStats +12`) },
  { block: 4096, inuse: 30, churn: 2500, frames: frames(`runtime.makeslice +15\nos.ReadFile +22\ngithub.com/shirou/gopsutil/v3/cpu.TimesWithContext +9\nN/client/hoststats.(*HostStatsCollector).collectLocked +28\nN/client/hoststats.(*HostStatsCollector).Collect +4\nN/client.(*Client).emitStats +12`) },
  { block: 2048, inuse: 120, churn: 900, frames: frames(`runtime.mapassign_faststr +40\nencoding/json.(*decodeState).object +200\nencoding/json.(*decodeState).value +11\nencoding/json.(*decodeState).unmarshal +11\nencoding/json.(*Decoder).Decode +31\nN/drivers/docker.(*taskHandle).collectStats +38`) },
  { block: 16384, inuse: 24, churn: 30, frames: frames(`runtime.makeslice +15\ngoogle.golang.org/grpc/internal/transport.(*http2Client).reader +4`) },
];

export function heapSites(role: Role): AllocSite[] {
  return role === 'server' ? SERVER_HEAP : CLIENT_HEAP;
}

// ---------------------------------------------------------------- block / mutex
export interface ContentionSite {
  frames: Frame[];
  contentions: number;
  /** Mean delay per contention, ns. */
  delay: number;
}

const SERVER_BLOCK: ContentionSite[] = [
  { contentions: 52000, delay: 9e6, frames: frames(`runtime.selectgo +206\ngithub.com/hashicorp/yamux.(*Session).send +11`) },
  { contentions: 3100, delay: 4e7, frames: frames(`runtime.selectgo +206\ngithub.com/hashicorp/raft.(*Raft).leaderLoop +12\ngithub.com/hashicorp/raft.(*Raft).runLeader +127\ngithub.com/hashicorp/raft.(*Raft).run +10`) },
  { contentions: 800, delay: 2e6, frames: frames(`runtime.chanrecv1 +1\nN/nomad.(*Worker).SubmitPlan +44\nN/scheduler.(*GenericScheduler).process +150\nN/scheduler.(*GenericScheduler).Process +68`) },
  { contentions: 420, delay: 6e5, frames: frames(`sync.(*Mutex).Lock +9\nN/nomad.(*EvalBroker).Dequeue +21\nN/nomad.(*Eval).Dequeue +40\nN/nomad.(*Worker).dequeueEvaluation +25`) },
  { contentions: 240, delay: 3e5, frames: frames(`sync.(*RWMutex).RLock +8\nN/nomad/state.(*StateStore).Snapshot +3\nN/nomad.(*Worker).invokeScheduler +14`) },
  { contentions: 90, delay: 1.2e7, frames: frames(`sync.(*Cond).Wait +6\nN/nomad/stream.(*Subscription).Next +16\nN/command/agent.(*HTTPServer).EventStream.func1 +12`) },
];
const CLIENT_BLOCK: ContentionSite[] = [
  { contentions: 14000, delay: 1.5e7, frames: frames(`runtime.selectgo +206\ngithub.com/hashicorp/yamux.(*Session).send +11`) },
  { contentions: 2600, delay: 3e7, frames: frames(`runtime.selectgo +206\nN/client/allocrunner/taskrunner.(*statsHook).collectResourceUsageStats +20`) },
  { contentions: 380, delay: 8e5, frames: frames(`sync.(*Mutex).Lock +9\nN/client.(*Client).allocSync +31`) },
  { contentions: 160, delay: 2.2e6, frames: frames(`runtime.chanrecv1 +1\nN/drivers/docker.(*Driver).handleWait +6`) },
];
const SERVER_MUTEX: ContentionSite[] = [
  { contentions: 1900, delay: 4.1e5, frames: frames(`sync.(*Mutex).Unlock +8\nN/nomad.(*EvalBroker).Dequeue +60\nN/nomad.(*Eval).Dequeue +40\nN/nomad.(*Worker).dequeueEvaluation +25`) },
  { contentions: 700, delay: 2.5e5, frames: frames(`sync.(*Mutex).Unlock +8\ngithub.com/hashicorp/raft.(*Raft).processLogs +50\ngithub.com/hashicorp/raft.(*Raft).leaderLoop +88`) },
  { contentions: 260, delay: 9e4, frames: frames(`sync.(*Mutex).Unlock +8\nN/helper/pool.(*ConnPool).getRPCClient +14\nN/helper/pool.(*ConnPool).RPC +8`) },
];
const CLIENT_MUTEX: ContentionSite[] = [
  { contentions: 900, delay: 3.1e5, frames: frames(`sync.(*Mutex).Unlock +8\nN/client.(*Client).allocSync +70`) },
  { contentions: 300, delay: 1.2e5, frames: frames(`sync.(*Mutex).Unlock +8\nN/helper/pool.(*ConnPool).getRPCClient +14\nN/helper/pool.(*ConnPool).RPC +8`) },
];

export function blockSites(role: Role): ContentionSite[] {
  return role === 'server' ? SERVER_BLOCK : CLIENT_BLOCK;
}
export function mutexSites(role: Role): ContentionSite[] {
  return role === 'server' ? SERVER_MUTEX : CLIENT_MUTEX;
}
