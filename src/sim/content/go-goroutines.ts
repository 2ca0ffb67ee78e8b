// The goroutines a simulated Nomad agent holds: groups of identical stacks with a wait state,
// as Go's goroutine profile and its debug=1/2 dumps show them. One list feeds all three forms,
// so their counts always agree.
import { frames, type Frame, type Role } from './go-stacks.ts';
import { makeRng } from './rand.ts';

export interface GoroutineGroup {
  /** Wait reason as Go prints it: "select", "chan receive", "IO wait", "running", ... */
  state: string;
  /** Leaf first, runtime frames included (runtime.goexit is implied). */
  frames: Frame[];
  /** The stack debug=2 prints when it differs (the goroutine writing the dump). */
  textFrames?: Frame[];
  createdBy?: Frame;
  count: number;
  /** How long they have waited: agent uptime, a few minutes, or under a minute (not printed). */
  wait: 'uptime' | 'recent' | 'none';
  leaked?: boolean;
}

interface Template {
  state: string;
  stack: string;
  createdBy?: string;
  count: [number, number];
  wait: GoroutineGroup['wait'];
  only?: 'leader' | 'follower';
  /**
   * The count is per unit of the agent's load, not per agent: a client runs these for each task
   * (task runner, stats hook, logmon and executor plugin connections) or each allocation it holds;
   * a server holds a yamux session and a blocking query for each client connected to it
   * (nomad/rpc.go handleMultiplexV2, nomad/node_endpoint.go GetClientAllocs).
   */
  per?: 'task' | 'alloc' | 'peer';
}

const PARK_SELECT = `runtime.gopark +21\nruntime.selectgo +206`;
const PARK_RECV = `runtime.gopark +21\nruntime.chanrecv +126\nruntime.chanrecv1 +1`;
const PARK_IO = `runtime.gopark +21\nruntime.netpollblock +31\ninternal/poll.runtime_pollWait +18\ninternal/poll.(*pollDesc).wait +1\ninternal/poll.(*pollDesc).waitRead +1`;
const ACCEPT = `${PARK_IO}\ninternal/poll.(*FD).Accept +13\nnet.(*netFD).accept +1\nnet.(*TCPListener).accept +1\nnet.(*TCPListener).Accept +5`;
const READ = `${PARK_IO}\ninternal/poll.(*FD).Read +24\nnet.(*netFD).Read +1\nnet.(*conn).Read +8`;
const GOFUNC = 'github.com/hashicorp/raft.(*raftState).goFunc +2';

const COMMON: Template[] = [
  { state: 'IO wait', count: [2, 3], wait: 'uptime', stack: `${ACCEPT}\nnet/http.(*Server).Serve +27`, createdBy: 'N/command/agent.newHTTPServer.func1 +11' },
  { state: 'IO wait', count: [2, 9], wait: 'recent', stack: `${READ}\nnet/http.(*connReader).backgroundRead +11`, createdBy: 'net/http.(*connReader).startBackgroundRead +9' },
  { state: 'IO wait', count: [1, 6], wait: 'none', stack: `${READ}\nbufio.(*Reader).fill +13\nbufio.(*Reader).ReadByte +8\nnet/http.(*conn).readRequest +20\nnet/http.(*conn).serve +100`, createdBy: 'net/http.(*Server).Serve +72' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\ngithub.com/hashicorp/go-metrics.(*Metrics).collectStats +4`, createdBy: 'github.com/hashicorp/go-metrics.(*Metrics).collectStats +0' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/helper/pool.(*ConnPool).reap +10`, createdBy: 'N/helper/pool.(*ConnPool).reap +0' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/command/agent.(*Command).handleSignals +20\nN/command/agent.(*Command).Run +361\nmain.main +23\nruntime.main +127` },
];

const SERVER: Template[] = [
  ...COMMON,
  { state: 'select', count: [1, 1], wait: 'uptime', only: 'leader', stack: `${PARK_SELECT}\ngithub.com/hashicorp/raft.(*Raft).leaderLoop +12\ngithub.com/hashicorp/raft.(*Raft).runLeader +127\ngithub.com/hashicorp/raft.(*Raft).run +10\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`, createdBy: GOFUNC },
  { state: 'select', count: [1, 1], wait: 'recent', only: 'follower', stack: `${PARK_SELECT}\ngithub.com/hashicorp/raft.(*Raft).runFollower +16\ngithub.com/hashicorp/raft.(*Raft).run +10\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`, createdBy: GOFUNC },
  { state: 'select', count: [2, 4], wait: 'uptime', only: 'leader', stack: `${PARK_SELECT}\ngithub.com/hashicorp/raft.(*Raft).replicate +22\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`, createdBy: GOFUNC },
  { state: 'select', count: [2, 4], wait: 'recent', only: 'leader', stack: `${PARK_SELECT}\ngithub.com/hashicorp/raft.(*Raft).heartbeat +24\ngithub.com/hashicorp/raft.(*Raft).replicate.func1 +0`, createdBy: GOFUNC },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/raft.(*Raft).runFSM +90\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`, createdBy: GOFUNC },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\ngithub.com/hashicorp/raft.(*Raft).runSnapshots +6\ngithub.com/hashicorp/raft.(*raftState).goFunc.func1 +2`, createdBy: GOFUNC },
  { state: 'IO wait', count: [1, 1], wait: 'uptime', stack: `${ACCEPT}\ngithub.com/hashicorp/raft.(*NetworkTransport).listen +8`, createdBy: 'N/nomad.(*Server).setupRaft +140' },
  { state: 'IO wait', count: [1, 1], wait: 'uptime', stack: `${ACCEPT}\nN/nomad.(*Server).listen +6`, createdBy: 'N/nomad.(*Server).setupRPC +120' },
  { state: 'IO wait', count: [1, 1], per: 'peer', wait: 'recent', stack: `${READ}\nbufio.(*Reader).Read +45\nio.ReadAtLeast +7\nio.ReadFull +1\ngithub.com/hashicorp/yamux.(*Session).recvLoop +11\ngithub.com/hashicorp/yamux.(*Session).recv +1`, createdBy: 'github.com/hashicorp/yamux.newSession +60' },
  { state: 'select', count: [1, 1], per: 'peer', wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/yamux.(*Session).send +11`, createdBy: 'github.com/hashicorp/yamux.newSession +61' },
  { state: 'select', count: [1, 1], per: 'peer', wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/yamux.(*Session).keepalive +9`, createdBy: 'github.com/hashicorp/yamux.newSession +63' },
  { state: 'select', count: [1, 1], per: 'peer', wait: 'none', stack: `${PARK_SELECT}\ngithub.com/hashicorp/yamux.(*Session).AcceptStream +4\nN/nomad.(*Server).handleMultiplexV2 +27`, createdBy: 'N/nomad.(*Server).handleConn +63' },
  { state: 'select', count: [2, 8], wait: 'uptime', stack: `${PARK_SELECT}\nN/nomad.(*EvalBroker).waitForSchedulers +32\nN/nomad.(*EvalBroker).Dequeue +34\nN/nomad.(*Eval).Dequeue +40\nN/nomad.(*Worker).dequeueEvaluation +25\nN/nomad.(*Worker).run +23`, createdBy: 'N/nomad.(*Server).setupWorkersLocked +30' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/nomad.(*Server).monitorLeadership +36`, createdBy: 'N/nomad.(*Server).setupRaft +200' },
  { state: 'select', count: [1, 1], wait: 'uptime', only: 'leader', stack: `${PARK_SELECT}\nN/nomad.(*Server).leaderLoop +61`, createdBy: 'N/nomad.(*Server).monitorLeadership +60' },
  { state: 'select', count: [1, 1], wait: 'recent', only: 'leader', stack: `${PARK_SELECT}\nN/nomad.(*PlanQueue).Dequeue +25\nN/nomad.(*planner).planApply +36`, createdBy: 'N/nomad.(*Server).establishLeadership +60' },
  { state: 'select', count: [1, 1], wait: 'uptime', only: 'leader', stack: `${PARK_SELECT}\nN/nomad.(*Server).schedulePeriodic +30`, createdBy: 'N/nomad.(*Server).establishLeadership +101' },
  { state: 'select', count: [1, 1], wait: 'uptime', only: 'leader', stack: `${PARK_SELECT}\nN/nomad.(*Server).reapFailedEvaluations +8`, createdBy: 'N/nomad.(*Server).establishLeadership +104' },
  { state: 'select', count: [1, 1], wait: 'uptime', only: 'leader', stack: `${PARK_SELECT}\nN/nomad.(*Server).reapDupBlockedEvaluations +8`, createdBy: 'N/nomad.(*Server).establishLeadership +107' },
  { state: 'select', count: [1, 1], wait: 'uptime', only: 'leader', stack: `${PARK_SELECT}\nN/nomad.(*Server).periodicUnblockFailedEvals +7`, createdBy: 'N/nomad.(*Server).establishLeadership +110' },
  { state: 'select', count: [1, 1], wait: 'uptime', only: 'leader', stack: `${PARK_SELECT}\nN/nomad.(*EvalBroker).runDelayedEvalsWatcher +10`, createdBy: 'N/nomad.(*Server).establishLeadership +70' },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\nN/nomad.(*BlockedEvals).watchCapacity +6`, createdBy: 'N/nomad.(*Server).establishLeadership +81' },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\nN/nomad.(*BlockedEvals).prune +8`, createdBy: 'N/nomad.(*Server).establishLeadership +82' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/nomad/stream.(*EventPublisher).run +6`, createdBy: 'N/nomad.NewServer +210' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/nomad/stream.(*EventBroker).handleACLUpdates +5`, createdBy: 'N/nomad.NewServer +214' },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/memberlist.(*Memberlist).streamListen +3`, createdBy: 'N/nomad.(*Server).setupSerf +90' },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/memberlist.(*Memberlist).packetListen +3`, createdBy: 'N/nomad.(*Server).setupSerf +91' },
  { state: 'select', count: [3, 3], wait: 'none', stack: `${PARK_SELECT}\ngithub.com/hashicorp/memberlist.(*Memberlist).triggerFunc +13`, createdBy: 'N/nomad.(*Server).setupSerf +92' },
  { state: 'IO wait', count: [1, 1], wait: 'none', stack: `${PARK_IO}\ninternal/poll.(*FD).Read +24\nnet.(*netFD).Read +1\ngithub.com/hashicorp/memberlist.(*NetTransport).udpListen +22`, createdBy: 'N/nomad.(*Server).setupSerf +93' },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/serf/serf.(*Serf).handleReap +4`, createdBy: 'N/nomad.(*Server).setupSerf +94' },
  { state: 'select', count: [2, 2], wait: 'uptime', stack: `${PARK_SELECT}\ngithub.com/hashicorp/serf/serf.(*Serf).checkQueueDepth +5`, createdBy: 'N/nomad.(*Server).setupSerf +95' },
];

const CLIENT: Template[] = [
  ...COMMON,
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/client.(*Client).run +14`, createdBy: 'N/command/agent.(*Agent).setupClient +60' },
  { state: 'select', count: [1, 1], wait: 'none', stack: `${PARK_SELECT}\nN/client.(*Client).registerAndHeartbeat +37`, createdBy: 'N/command/agent.(*Agent).setupClient +61' },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/yamux.(*Stream).Read +30\nbufio.(*Reader).fill +13\nbufio.(*Reader).ReadByte +8\ngithub.com/hashicorp/go-msgpack/v2/codec.(*Decoder).Decode +10\nN/helper/pool.(*ConnPool).RPC +40\nN/client.(*Client).rpc +62\nN/client.(*Client).RPC +1\nN/client.(*Client).watchAllocations +95`, createdBy: 'N/client.(*Client).run +4' },
  { state: 'select', count: [1, 1], wait: 'none', stack: `${PARK_SELECT}\nN/client.(*Client).allocSync +12`, createdBy: 'N/client.(*Client).run +6' },
  { state: 'select', count: [1, 1], wait: 'none', stack: `${PARK_SELECT}\nN/client.(*Client).emitStats +20`, createdBy: 'N/command/agent.(*Agent).setupClient +62' },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\nN/client.(*Client).periodicSnapshot +8`, createdBy: 'N/command/agent.(*Agent).setupClient +63' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/client.(*Client).rpcRetryWatcher +9`, createdBy: 'N/command/agent.(*Agent).setupClient +64' },
  { state: 'select', count: [3, 6], wait: 'uptime', stack: `${PARK_SELECT}\nN/client.(*FingerprintManager).watchDriver +17`, createdBy: 'N/client.(*FingerprintManager).runFingerprint +0' },
  { state: 'select', count: [2, 4], wait: 'none', stack: `${PARK_SELECT}\nN/client.(*FingerprintManager).runFingerprint +14`, createdBy: 'N/client.(*Client).batchFirstFingerprints +20' },
  { state: 'IO wait', count: [1, 3], wait: 'recent', stack: `${READ}\nbufio.(*Reader).Read +45\nio.ReadAtLeast +7\nio.ReadFull +1\ngithub.com/hashicorp/yamux.(*Session).recvLoop +11\ngithub.com/hashicorp/yamux.(*Session).recv +1`, createdBy: 'github.com/hashicorp/yamux.newSession +60' },
  { state: 'select', count: [1, 3], wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/yamux.(*Session).send +11`, createdBy: 'github.com/hashicorp/yamux.newSession +61' },
  { state: 'select', count: [1, 3], wait: 'recent', stack: `${PARK_SELECT}\ngithub.com/hashicorp/yamux.(*Session).keepalive +9`, createdBy: 'github.com/hashicorp/yamux.newSession +63' },
  { state: 'sync.WaitGroup.Wait', count: [1, 1], per: 'alloc', wait: 'uptime', stack: `runtime.gopark +21\nruntime.goparkunlock +1\nruntime.semacquire1 +151\nsync.(*WaitGroup).Wait +14\nN/client/allocrunner.(*allocRunner).runTasks +30\nN/client/allocrunner.(*allocRunner).Run +48`, createdBy: 'N/client.(*Client).runAllocs +80' },
  { state: 'select', count: [1, 1], per: 'alloc', wait: 'uptime', stack: `${PARK_SELECT}\nN/client/allocrunner.(*allocRunner).handleTaskStateUpdates +11`, createdBy: 'N/client/allocrunner.(*allocRunner).Run +20' },
  { state: 'select', count: [1, 1], per: 'task', wait: 'uptime', stack: `${PARK_SELECT}\nN/client/allocrunner/taskrunner.(*TaskRunner).Run +210`, createdBy: 'N/client/allocrunner.(*allocRunner).runTasks +15' },
  { state: 'select', count: [1, 1], per: 'task', wait: 'none', stack: `${PARK_SELECT}\nN/client/allocrunner/taskrunner.(*statsHook).collectResourceUsageStats +20`, createdBy: 'N/client/allocrunner/taskrunner.(*TaskRunner).Run +300' },
  { state: 'select', count: [1, 1], per: 'task', wait: 'uptime', stack: `${PARK_SELECT}\nN/client/allocrunner/taskrunner.(*TaskRunner).handleUpdates +6`, createdBy: 'N/client/allocrunner/taskrunner.(*TaskRunner).Run +30' },
  { state: 'chan receive', count: [1, 1], per: 'task', wait: 'uptime', stack: `${PARK_RECV}\nN/drivers/docker.(*Driver).handleWait +6`, createdBy: 'N/drivers/docker.(*Driver).handleWait +0' },
  { state: 'select', count: [0, 1], per: 'task', wait: 'uptime', stack: `${PARK_SELECT}\nN/client/allocrunner/taskrunner/template.(*TaskTemplateManager).run +40`, createdBy: 'N/client/allocrunner/taskrunner/template.(*TaskTemplateManager).run +0' },
  // Each task's logmon and docker_logger plugins are go-plugin processes: a gRPC connection each
  { state: 'IO wait', count: [4, 6], per: 'task', wait: 'recent', stack: `${READ}\nbufio.(*Reader).Read +45\nio.ReadAtLeast +7\nio.ReadFull +1\ngoogle.golang.org/grpc/internal/transport.(*http2Client).reader +10`, createdBy: 'google.golang.org/grpc/internal/transport.(*http2Client).reader +0' },
  { state: 'select', count: [4, 6], per: 'task', wait: 'recent', stack: `${PARK_SELECT}\ngoogle.golang.org/grpc/internal/transport.(*controlBuffer).get +30`, createdBy: 'google.golang.org/grpc/internal/transport.(*http2Client).reader +0' },
  // One instance manager per loaded driver plugin (docker, exec, raw_exec, java, qemu):
  // client/pluginmanager/drivermanager/instance.go
  { state: 'sync.WaitGroup.Wait', count: [5, 5], wait: 'uptime', stack: `runtime.gopark +21\nruntime.goparkunlock +1\nruntime.semacquire1 +151\nsync.(*WaitGroup).Wait +14\nN/client/pluginmanager/drivermanager.(*instanceManager).run +22`, createdBy: 'N/client/pluginmanager/drivermanager.newInstanceManager +17' },
  { state: 'select', count: [5, 5], wait: 'recent', stack: `${PARK_SELECT}\nN/client/pluginmanager/drivermanager.(*instanceManager).fingerprint +11`, createdBy: 'N/client/pluginmanager/drivermanager.(*instanceManager).run +12' },
  { state: 'select', count: [5, 5], wait: 'uptime', stack: `${PARK_SELECT}\nN/client/pluginmanager/drivermanager.(*instanceManager).handleEvents +10`, createdBy: 'N/client/pluginmanager/drivermanager.(*instanceManager).run +19' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/client/pluginmanager/csimanager.(*csiManager).runLoop +5`, createdBy: 'N/client/pluginmanager/csimanager.(*csiManager).Run +1' },
  { state: 'select', count: [1, 1], wait: 'recent', stack: `${PARK_SELECT}\nN/client.(*AllocGarbageCollector).Run +3`, createdBy: 'N/client.NewClient +229' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/client.(*Client).watchNodeEvents +8`, createdBy: 'N/client.(*Client).registerAndHeartbeat +8' },
  // The stats stream each docker task keeps open (drivers/docker/stats.go)
  { state: 'select', count: [1, 1], per: 'task', wait: 'none', stack: `${PARK_SELECT}\nN/drivers/docker.(*taskHandle).collectStats +14`, createdBy: 'N/drivers/docker.(*taskHandle).collectStats +0' },
  { state: 'select', count: [1, 1], wait: 'uptime', stack: `${PARK_SELECT}\nN/drivers/docker.(*containerReconciler).removeDanglingContainersIteration +3`, createdBy: 'N/drivers/docker.(*containerReconciler).removeDanglingContainersIteration +0' },
];

/** The goroutine serving the dump itself. */
const PPROF_TAIL = `N/command/agent/pprof.Profile +16
N/command/agent.(*HTTPServer).agentPprof +30
N/command/agent.(*HTTPServer).AgentPprofRequest +16
N/command/agent.(*HTTPServer).wrap.func1 +40
net/http.HandlerFunc.ServeHTTP +1
net/http.(*ServeMux).ServeHTTP +13
github.com/NYTimes/gziphandler.GzipHandlerWithOpts.func1.1 +7
net/http.HandlerFunc.ServeHTTP +1
net/http.serverHandler.ServeHTTP +5
net/http.(*conn).serve +221`;
const RUNNING: GoroutineGroup = {
  state: 'running',
  count: 1,
  wait: 'none',
  frames: frames(`runtime.goroutineProfileWithLabels +12\nruntime/pprof.runtime_goroutineProfileWithLabels +1\nruntime/pprof.writeRuntimeProfile +14\nruntime/pprof.writeGoroutine +4\nruntime/pprof.(*Profile).WriteTo +8\n${PPROF_TAIL}`),
  textFrames: frames(`runtime/pprof.writeGoroutineStacks +10\nruntime/pprof.writeGoroutine +2\nruntime/pprof.(*Profile).WriteTo +8\n${PPROF_TAIL}`),
  createdBy: frames('net/http.(*Server).Serve +72')[0]!,
};

/** The planted pile-up: identical goroutines parked forever in one place. */
const LEAK: Record<Role, { state: string; stack: string; createdBy: string }> = {
  client: {
    state: 'chan receive',
    stack: `${PARK_RECV}\nN/client/allocrunner/taskrunner.(*TaskRunner).Run +63`,
    createdBy: 'N/client/allocrunner.(*allocRunner).runTasks +15',
  },
  server: {
    state: 'select',
    stack: `${PARK_SELECT}\nN/nomad/stream.(*Subscription).Next +9\nN/command/agent.(*HTTPServer).EventStream.func1 +12`,
    createdBy: 'N/command/agent.(*HTTPServer).EventStream +40',
  },
};

export interface GoroutineSeed {
  name: string;
  kind: Role;
  seed: number;
  leakedGoroutines?: number;
  leader?: boolean;
  /** What the agent carries: a client's tasks and allocations, a server's connected clients. */
  load?: AgentLoad;
}

export interface AgentLoad {
  tasks: number;
  allocs: number;
  peers: number;
}

/** Without a load: a client with a few allocations, a server of a small cluster. */
const DEFAULT_LOAD: AgentLoad = { tasks: 8, allocs: 4, peers: 6 };

const GROUPS = new Map<string, GoroutineGroup[]>();

/** The agent's goroutines, largest planted group included; deterministic for name and seed. Shared result: do not change it. */
export function goroutineGroups(a: GoroutineSeed): GoroutineGroup[] {
  const load = a.load ?? DEFAULT_LOAD;
  const key = [a.name, a.kind, a.seed, a.leakedGoroutines ?? 0, a.leader ? 1 : 0, load.tasks, load.allocs, load.peers].join('\u0000');
  let out = GROUPS.get(key);
  if (!out) GROUPS.set(key, (out = buildGroups(a, load)));
  return out;
}

function buildGroups(a: GoroutineSeed, load: AgentLoad): GoroutineGroup[] {
  const rng = makeRng('goroutines', a.name, a.kind, a.seed);
  const out: GoroutineGroup[] = [];
  for (const t of a.kind === 'server' ? SERVER : CLIENT) {
    if (t.only === 'leader' && !a.leader) continue;
    if (t.only === 'follower' && a.leader) continue;
    const units = t.per ? load[`${t.per}s`] : 1;
    let count = 0;
    for (let u = 0; u < units; u++) count += rng.int(t.count[0], t.count[1]);
    if (count === 0) continue;
    const g: GoroutineGroup = { state: t.state, frames: frames(t.stack), count, wait: t.wait };
    if (t.createdBy) g.createdBy = frames(t.createdBy)[0]!;
    out.push(g);
  }
  out.push(RUNNING);
  const leaked = Math.max(0, Math.floor(a.leakedGoroutines ?? 0));
  if (leaked > 0) {
    const l = LEAK[a.kind];
    out.push({ state: l.state, frames: frames(l.stack), createdBy: frames(l.createdBy)[0]!, count: leaked, wait: 'uptime', leaked: true });
  }
  return out;
}
