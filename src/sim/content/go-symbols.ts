// The Go functions the simulated Nomad agents "run": real Nomad, HashiCorp library and Go
// runtime names, each with the source file a -trimpath build records and a start line.
// Addresses are derived from the name, so a function has the same entry PC in every profile.
import { hashString } from './rand.ts';

export interface GoFunc {
  name: string;
  file: string;
  startLine: number;
  entry: number;
}

const N = 'github.com/hashicorp/nomad/';

// name file startLine; "N/" abbreviates the Nomad module path.
const CATALOG = `
runtime.gopark runtime/proc.go 381
runtime.goparkunlock runtime/proc.go 408
runtime.selectgo runtime/select.go 121
runtime.block runtime/select.go 103
runtime.chanrecv runtime/chan.go 457
runtime.chanrecv1 runtime/chan.go 441
runtime.chanrecv2 runtime/chan.go 446
runtime.chansend1 runtime/chan.go 144
runtime.netpollblock runtime/netpoll.go 542
internal/poll.runtime_pollWait runtime/netpoll.go 327
internal/poll.(*pollDesc).wait internal/poll/fd_poll_runtime.go 83
internal/poll.(*pollDesc).waitRead internal/poll/fd_poll_runtime.go 88
internal/poll.(*FD).Read internal/poll/fd_unix.go 141
internal/poll.(*FD).Accept internal/poll/fd_unix.go 598
internal/poll.(*FD).Write internal/poll/fd_unix.go 367
runtime.semacquire1 runtime/sema.go 109
sync.runtime_SemacquireMutex runtime/sema.go 76
sync.runtime_notifyListWait runtime/sema.go 547
sync.(*Mutex).lockSlow sync/mutex.go 117
sync.(*Mutex).Lock sync/mutex.go 81
sync.(*Mutex).Unlock sync/mutex.go 212
sync.(*RWMutex).RLock sync/rwmutex.go 63
sync.(*RWMutex).Lock sync/rwmutex.go 142
sync.(*Cond).Wait sync/cond.go 64
sync.(*WaitGroup).Wait sync/waitgroup.go 116
time.Sleep runtime/time.go 177
runtime.main runtime/proc.go 144
runtime.mallocgc runtime/malloc.go 948
runtime.newobject runtime/malloc.go 1323
runtime.makeslice runtime/slice.go 88
runtime.growslice runtime/slice.go 155
runtime.mapassign_faststr runtime/map_faststr.go 203
runtime.memmove runtime/memmove_amd64.s 33
runtime.memclrNoHeapPointers runtime/memclr_amd64.s 22
runtime.scanobject runtime/mgcmark.go 1380
runtime.greyobject runtime/mgcmark.go 1551
runtime.findObject runtime/mbitmap.go 387
runtime.gcDrain runtime/mgcmark.go 1052
runtime.gcBgMarkWorker.func2 runtime/mgc.go 1380
runtime.gcBgMarkWorker runtime/mgc.go 1259
runtime.systemstack runtime/asm_amd64.s 489
runtime.futex runtime/sys_linux_amd64.s 557
runtime.futexsleep runtime/os_linux.go 64
runtime.notesleep runtime/lock_futex.go 148
runtime.stopm runtime/proc.go 2508
runtime.findRunnable runtime/proc.go 2985
runtime.schedule runtime/proc.go 3549
runtime.park_m runtime/proc.go 3700
runtime.mcall runtime/asm_amd64.s 428
runtime.usleep runtime/sys_linux_amd64.s 135
runtime.runqgrab runtime/proc.go 6372
runtime.stealWork runtime/proc.go 3326
runtime.nanotime1 runtime/sys_linux_amd64.s 231
runtime.malg runtime/proc.go 4698
runtime.newproc1 runtime/proc.go 4778
runtime.newproc.func1 runtime/proc.go 4762
runtime.newm runtime/proc.go 2286
runtime.goroutineProfileWithLabels runtime/mprof.go 1091
runtime/pprof.runtime_goroutineProfileWithLabels runtime/mprof.go 1063
runtime/pprof.writeRuntimeProfile runtime/pprof/pprof.go 782
runtime/pprof.writeGoroutine runtime/pprof/pprof.go 754
runtime/pprof.writeGoroutineStacks runtime/pprof/pprof.go 758
runtime/pprof.(*Profile).WriteTo runtime/pprof/pprof.go 362
net/http/pprof.handler.ServeHTTP net/http/pprof/pprof.go 240
syscall.Syscall syscall/syscall_linux.go 68
syscall.read syscall/zsyscall_linux_amd64.go 725
syscall.write syscall/zsyscall_linux_amd64.go 949
internal/runtime/syscall.Syscall6 internal/runtime/syscall/asm_linux_amd64.s 27
net.(*netFD).Read net/fd_posix.go 54
net.(*netFD).Write net/fd_posix.go 95
net.(*netFD).accept net/fd_unix.go 171
net.(*conn).Read net/net.go 177
net.(*conn).Write net/net.go 189
net.(*TCPListener).accept net/tcpsock_posix.go 158
net.(*TCPListener).Accept net/tcpsock.go 322
bufio.(*Reader).fill bufio/bufio.go 99
bufio.(*Reader).Read bufio/bufio.go 198
bufio.(*Reader).ReadByte bufio/bufio.go 268
bufio.(*Writer).Flush bufio/bufio.go 629
io.ReadAtLeast io/io.go 327
io.ReadFull io/io.go 353
os.ReadFile os/file.go 719
strconv.ParseUint strconv/atoi.go 69
strings.Fields strings/strings.go 338
net/http.(*conn).serve net/http/server.go 1925
net/http.(*connReader).startBackgroundRead net/http/server.go 660
net/http.(*conn).readRequest net/http/server.go 986
net/http.(*connReader).backgroundRead net/http/server.go 679
net/http.serverHandler.ServeHTTP net/http/server.go 3137
net/http.(*ServeMux).ServeHTTP net/http/server.go 2675
net/http.HandlerFunc.ServeHTTP net/http/server.go 2165
net/http.(*Server).Serve net/http/server.go 3243
net/http.(*persistConn).readLoop net/http/transport.go 2124
net/http.(*persistConn).writeLoop net/http/transport.go 2412
net/rpc.(*Server).ServeRequest net/rpc/server.go 484
net/rpc.(*service).call net/rpc/server.go 374
reflect.Value.call reflect/value.go 426
reflect.Value.Call reflect/value.go 364
encoding/json.(*encodeState).string encoding/json/encode.go 942
encoding/json.stringEncoder encoding/json/encode.go 602
encoding/json.structEncoder.encode encoding/json/encode.go 705
encoding/json.ptrEncoder.encode encoding/json/encode.go 866
encoding/json.arrayEncoder.encode encoding/json/encode.go 830
encoding/json.sliceEncoder.encode encoding/json/encode.go 803
encoding/json.mapEncoder.encode encoding/json/encode.go 744
encoding/json.(*encodeState).reflectValue encoding/json/encode.go 319
encoding/json.(*encodeState).marshal encoding/json/encode.go 291
encoding/json.(*Encoder).Encode encoding/json/stream.go 195
encoding/json.Marshal encoding/json/encode.go 161
encoding/json.checkValid encoding/json/scanner.go 29
encoding/json.stateInString encoding/json/scanner.go 350
encoding/json.(*decodeState).object encoding/json/decode.go 594
encoding/json.(*decodeState).value encoding/json/decode.go 369
encoding/json.(*decodeState).unmarshal encoding/json/decode.go 170
encoding/json.(*Decoder).Decode encoding/json/stream.go 49
encoding/json.Unmarshal encoding/json/decode.go 96
compress/flate.(*compressor).deflate compress/flate/deflate.go 400
compress/flate.(*compressor).findMatch compress/flate/deflate.go 354
compress/flate.(*compressor).write compress/flate/deflate.go 552
compress/flate.(*compressor).init compress/flate/deflate.go 571
compress/flate.NewWriter compress/flate/deflate.go 666
compress/flate.(*Writer).Write compress/flate/deflate.go 711
compress/gzip.(*Writer).Write compress/gzip/gzip.go 139
github.com/NYTimes/gziphandler.(*GzipResponseWriter).Write github.com/NYTimes/gziphandler@v1.1.1/gzip.go 120
github.com/NYTimes/gziphandler.(*GzipResponseWriter).startGzip github.com/NYTimes/gziphandler@v1.1.1/gzip.go 186
github.com/NYTimes/gziphandler.GzipHandlerWithOpts.func1.1 github.com/NYTimes/gziphandler@v1.1.1/gzip.go 336
github.com/hashicorp/go-msgpack/v2/codec.(*Encoder).Encode github.com/hashicorp/go-msgpack/v2@v2.1.2/codec/encode.go 1086
github.com/hashicorp/go-msgpack/v2/codec.(*Encoder).encode github.com/hashicorp/go-msgpack/v2@v2.1.2/codec/encode.go 1170
github.com/hashicorp/go-msgpack/v2/codec.(*Encoder).encodeValue github.com/hashicorp/go-msgpack/v2@v2.1.2/codec/encode.go 1233
github.com/hashicorp/go-msgpack/v2/codec.(*encFnInfo).kStruct github.com/hashicorp/go-msgpack/v2@v2.1.2/codec/encode.go 608
github.com/hashicorp/go-msgpack/v2/codec.(*Decoder).Decode github.com/hashicorp/go-msgpack/v2@v2.1.2/codec/decode.go 2212
github.com/hashicorp/go-msgpack/v2/codec.(*Decoder).decodeValue github.com/hashicorp/go-msgpack/v2@v2.1.2/codec/decode.go 2307
github.com/hashicorp/go-msgpack/v2/codec.(*decFnInfo).kStruct github.com/hashicorp/go-msgpack/v2@v2.1.2/codec/decode.go 1047
github.com/hashicorp/go-msgpack/v2/codec.(*msgpackDecDriver).DecodeString github.com/hashicorp/go-msgpack/v2@v2.1.2/codec/msgpack.go 611
github.com/hashicorp/net-rpc-msgpackrpc/v2.(*MsgpackCodec).ReadRequestBody github.com/hashicorp/net-rpc-msgpackrpc/v2@v2.0.0/codec.go 62
github.com/hashicorp/yamux.newSession github.com/hashicorp/yamux@v0.1.1/session.go 108
github.com/hashicorp/yamux.(*Session).recvLoop github.com/hashicorp/yamux@v0.1.1/session.go 538
github.com/hashicorp/yamux.(*Session).recv github.com/hashicorp/yamux@v0.1.1/session.go 524
github.com/hashicorp/yamux.(*Session).send github.com/hashicorp/yamux@v0.1.1/session.go 464
github.com/hashicorp/yamux.(*Session).keepalive github.com/hashicorp/yamux@v0.1.1/session.go 340
github.com/hashicorp/yamux.(*Session).AcceptStream github.com/hashicorp/yamux@v0.1.1/session.go 223
github.com/hashicorp/yamux.(*Stream).Read github.com/hashicorp/yamux@v0.1.1/stream.go 89
github.com/hashicorp/raft.(*Raft).run github.com/hashicorp/raft@v1.7.0/raft.go 137
github.com/hashicorp/raft.(*Raft).runLeader github.com/hashicorp/raft@v1.7.0/raft.go 403
github.com/hashicorp/raft.(*Raft).leaderLoop github.com/hashicorp/raft@v1.7.0/raft.go 640
github.com/hashicorp/raft.(*Raft).runFollower github.com/hashicorp/raft@v1.7.0/raft.go 167
github.com/hashicorp/raft.(*Raft).runFSM github.com/hashicorp/raft@v1.7.0/fsm.go 71
github.com/hashicorp/raft.(*Raft).runSnapshots github.com/hashicorp/raft@v1.7.0/snapshot.go 71
github.com/hashicorp/raft.(*Raft).replicate github.com/hashicorp/raft@v1.7.0/replication.go 100
github.com/hashicorp/raft.(*Raft).replicate.func1 github.com/hashicorp/raft@v1.7.0/replication.go 110
github.com/hashicorp/raft.(*Raft).heartbeat github.com/hashicorp/raft@v1.7.0/replication.go 385
github.com/hashicorp/raft.(*Raft).replicateTo github.com/hashicorp/raft@v1.7.0/replication.go 179
github.com/hashicorp/raft.(*Raft).processLogs github.com/hashicorp/raft@v1.7.0/raft.go 1293
github.com/hashicorp/raft.(*Raft).dispatchLogs github.com/hashicorp/raft@v1.7.0/raft.go 1239
github.com/hashicorp/raft.(*raftState).goFunc github.com/hashicorp/raft@v1.7.0/state.go 144
github.com/hashicorp/raft.(*raftState).goFunc.func1 github.com/hashicorp/raft@v1.7.0/state.go 146
github.com/hashicorp/raft.(*NetworkTransport).listen github.com/hashicorp/raft@v1.7.0/net_transport.go 478
github.com/hashicorp/raft.(*NetworkTransport).AppendEntries github.com/hashicorp/raft@v1.7.0/net_transport.go 414
github.com/hashicorp/raft.(*NetworkTransport).genericRPC github.com/hashicorp/raft@v1.7.0/net_transport.go 451
github.com/hashicorp/raft.(*LogCache).StoreLogs github.com/hashicorp/raft@v1.7.0/log_cache.go 67
github.com/hashicorp/raft-boltdb/v2.(*BoltStore).StoreLogs github.com/hashicorp/raft-boltdb/v2@v2.3.0/bolt_store.go 176
go.etcd.io/bbolt.(*Tx).Commit go.etcd.io/bbolt@v1.3.10/tx.go 161
go.etcd.io/bbolt.(*DB).fdatasync go.etcd.io/bbolt@v1.3.10/bolt_linux.go 9
github.com/hashicorp/memberlist.(*Memberlist).streamListen github.com/hashicorp/memberlist@v0.5.1/net.go 196
github.com/hashicorp/memberlist.(*Memberlist).packetListen github.com/hashicorp/memberlist@v0.5.1/net.go 302
github.com/hashicorp/memberlist.(*Memberlist).triggerFunc github.com/hashicorp/memberlist@v0.5.1/state.go 119
github.com/hashicorp/memberlist.(*Memberlist).probe github.com/hashicorp/memberlist@v0.5.1/state.go 223
github.com/hashicorp/memberlist.(*NetTransport).udpListen github.com/hashicorp/memberlist@v0.5.1/net_transport.go 305
github.com/hashicorp/serf/serf.(*Serf).handleReap github.com/hashicorp/serf@v0.10.1/serf/serf.go 1513
github.com/hashicorp/serf/serf.(*Serf).checkQueueDepth github.com/hashicorp/serf@v0.10.1/serf/serf.go 1627
github.com/hashicorp/go-immutable-radix/v2.(*Txn).insert github.com/hashicorp/go-immutable-radix/v2@v2.1.0/iradix.go 200
github.com/hashicorp/go-immutable-radix/v2.(*Txn).Insert github.com/hashicorp/go-immutable-radix/v2@v2.1.0/iradix.go 362
github.com/hashicorp/go-immutable-radix/v2.(*Txn).writeNode github.com/hashicorp/go-immutable-radix/v2@v2.1.0/iradix.go 120
github.com/hashicorp/go-memdb.(*Txn).Insert github.com/hashicorp/go-memdb@v1.3.4/txn.go 182
github.com/hashicorp/go-memdb.(*Txn).First github.com/hashicorp/go-memdb@v1.3.4/txn.go 588
github.com/hashicorp/go-memdb.(*Txn).getIndexIterator github.com/hashicorp/go-memdb@v1.3.4/txn.go 840
github.com/armon/go-metrics.(*InmemSink).SetGaugeWithLabels github.com/armon/go-metrics@v0.4.1/inmem.go 165
github.com/hashicorp/go-metrics.(*Metrics).collectStats github.com/hashicorp/go-metrics@v0.5.3/metrics.go 215
github.com/hashicorp/go-plugin.(*gRPCBrokerClientImpl).StartStream github.com/hashicorp/go-plugin@v1.6.1/grpc_broker.go 190
google.golang.org/grpc.(*ClientConn).Invoke google.golang.org/grpc@v1.64.1/call.go 29
google.golang.org/grpc/internal/transport.(*http2Client).reader google.golang.org/grpc@v1.64.1/internal/transport/http2_client.go 1585
google.golang.org/grpc/internal/transport.(*controlBuffer).get google.golang.org/grpc@v1.64.1/internal/transport/controlbuf.go 406
github.com/shirou/gopsutil/v3/cpu.TimesWithContext github.com/shirou/gopsutil/v3@v3.23.12/cpu/cpu_linux.go 86
github.com/shirou/gopsutil/v3/cpu.parseStatLine github.com/shirou/gopsutil/v3@v3.23.12/cpu/cpu_linux.go 287
github.com/shirou/gopsutil/v3/process.(*Process).MemoryInfoWithContext github.com/shirou/gopsutil/v3@v3.23.12/process/process_linux.go 375
github.com/shirou/gopsutil/v3/disk.UsageWithContext github.com/shirou/gopsutil/v3@v3.23.12/disk/disk_unix.go 15
N/command/agent.(*HTTPServer).wrap.func1 N/command/agent/http.go 636
N/command/agent.(*HTTPServer).JobsRequest N/command/agent/job_endpoint.go 26
N/command/agent.(*HTTPServer).AllocsRequest N/command/agent/alloc_endpoint.go 35
N/command/agent.(*HTTPServer).NodesRequest N/command/agent/node_endpoint.go 18
N/command/agent.(*HTTPServer).EventStream N/command/agent/event_endpoint.go 22
N/command/agent.(*HTTPServer).EventStream.func1 N/command/agent/event_endpoint.go 85
N/command/agent.(*HTTPServer).AgentPprofRequest N/command/agent/agent_endpoint.go 441
N/command/agent.(*HTTPServer).agentPprof N/command/agent/agent_endpoint.go 475
N/command/agent.(*HTTPServer).AgentMonitor N/command/agent/agent_endpoint.go 170
N/command/agent.newHTTPServer.func1 N/command/agent/http.go 181
N/command/agent/pprof.Profile N/command/agent/pprof/pprof.go 89
N/command/agent/monitor.(*monitor).Start.func1 N/command/agent/monitor/monitor.go 104
N/nomad.(*Server).listen N/nomad/rpc.go 123
N/nomad.(*Server).handleConn N/nomad/rpc.go 213
N/nomad.(*Server).handleMultiplexV2 N/nomad/rpc.go 372
N/nomad.(*Server).handleNomadConn N/nomad/rpc.go 279
N/nomad.(*Server).RPC N/nomad/server.go 1933
N/nomad.(*Server).monitorLeadership N/nomad/leader.go 74
N/nomad.(*Server).leaderLoop N/nomad/leader.go 175
N/nomad.(*Server).schedulePeriodic N/nomad/leader.go 862
N/nomad.(*Server).reapFailedEvaluations N/nomad/leader.go 960
N/nomad.(*Server).reapDupBlockedEvaluations N/nomad/leader.go 1031
N/nomad.(*Server).periodicUnblockFailedEvals N/nomad/leader.go 1087
N/nomad.(*Server).publishJobSummaryMetrics N/nomad/leader.go 1127
N/nomad.(*Server).setupWorkersLocked N/nomad/server.go 1779
N/nomad.(*Server).setupRaft N/nomad/server.go 1343
N/nomad.(*Server).setupRPC N/nomad/server.go 1525
N/nomad.(*Server).setupSerf N/nomad/server.go 1557
N/nomad.(*Server).establishLeadership N/nomad/leader.go 257
N/nomad.NewServer N/nomad/server.go 341
N/nomad.(*Worker).run N/nomad/worker.go 399
N/nomad.(*Worker).dequeueEvaluation N/nomad/worker.go 468
N/nomad.(*Worker).invokeScheduler N/nomad/worker.go 600
N/nomad.(*Worker).SubmitPlan N/nomad/worker.go 649
N/nomad.(*Eval).Dequeue N/nomad/eval_endpoint.go 160
N/nomad.(*EvalBroker).Dequeue N/nomad/eval_broker.go 372
N/nomad.(*EvalBroker).waitForSchedulers N/nomad/eval_broker.go 551
N/nomad.(*EvalBroker).runDelayedEvalsWatcher N/nomad/eval_broker.go 904
N/nomad.(*PlanQueue).Dequeue N/nomad/plan_queue.go 151
N/nomad.(*planner).planApply N/nomad/plan_apply.go 102
N/nomad.(*planner).applyPlan N/nomad/plan_apply.go 239
N/nomad.evaluatePlan N/nomad/plan_apply.go 467
N/nomad.(*BlockedEvals).watchCapacity N/nomad/blocked_evals.go 549
N/nomad.(*BlockedEvals).prune N/nomad/blocked_evals.go 705
N/nomad.(*nodeHeartbeater).resetHeartbeatTimer N/nomad/heartbeat.go 82
N/nomad.(*Node).UpdateStatus N/nomad/node_endpoint.go 534
N/nomad.(*Node).GetClientAllocs N/nomad/node_endpoint.go 1082
N/nomad.(*Node).UpdateAlloc N/nomad/node_endpoint.go 1197
N/nomad.(*Node).batchUpdate N/nomad/node_endpoint.go 1321
N/nomad.(*nomadFSM).Apply N/nomad/fsm.go 216
N/nomad.(*nomadFSM).applyAllocUpdate N/nomad/fsm.go 878
N/nomad.(*nomadFSM).applyAllocClientUpdate N/nomad/fsm.go 917
N/nomad.(*nomadFSM).applyUpsertEvals N/nomad/fsm.go 783
N/nomad.(*nomadFSM).applyPlanResults N/nomad/fsm.go 1616
N/nomad/state.(*StateStore).UpsertAllocs N/nomad/state/state_store.go 3867
N/nomad/state.(*StateStore).upsertAllocsImpl N/nomad/state/state_store.go 3885
N/nomad/state.(*StateStore).UpsertPlanResults N/nomad/state/state_store.go 322
N/nomad/state.(*StateStore).UpdateAllocsFromClient N/nomad/state/state_store.go 3700
N/nomad/state.(*StateStore).UpsertEvals N/nomad/state/state_store.go 3203
N/nomad/state.(*StateStore).updateSummaryWithAlloc N/nomad/state/state_store.go 5471
N/nomad/state.(*StateStore).AllocsByNode N/nomad/state/state_store.go 4153
N/nomad/state.(*StateStore).JobByID N/nomad/state/state_store.go 1943
N/nomad/state.(*StateStore).Snapshot N/nomad/state/state_store.go 211
N/nomad/stream.(*EventBroker).handleACLUpdates N/nomad/stream/event_broker.go 160
N/nomad/stream.(*EventPublisher).run N/nomad/stream/event_publisher.go 88
N/nomad/stream.(*Subscription).Next N/nomad/stream/subscription.go 67
N/nomad/structs.(*Allocation).Copy N/nomad/structs/structs.go 10952
N/nomad/structs.(*Job).Copy N/nomad/structs/structs.go 4460
N/nomad/structs.ScoreFitBinPack N/nomad/structs/funcs.go 233
N/nomad/structs.AllocsFit N/nomad/structs/funcs.go 149
N/scheduler.(*GenericScheduler).Process N/scheduler/generic_sched.go 158
N/scheduler.(*GenericScheduler).process N/scheduler/generic_sched.go 269
N/scheduler.(*GenericScheduler).computeJobAllocs N/scheduler/generic_sched.go 368
N/scheduler.(*GenericScheduler).computePlacements N/scheduler/generic_sched.go 516
N/scheduler.(*GenericStack).Select N/scheduler/stack.go 128
N/scheduler.(*MaxScoreIterator).Next N/scheduler/select.go 104
N/scheduler.(*ScoreNormalizationIterator).Next N/scheduler/rank.go 804
N/scheduler.(*BinPackIterator).Next N/scheduler/rank.go 197
N/scheduler.(*FeasibilityWrapper).Next N/scheduler/feasible.go 1127
N/scheduler.(*ConstraintChecker).Feasible N/scheduler/feasible.go 794
N/scheduler.(*allocReconciler).Compute N/scheduler/reconcile.go 222
N/scheduler.(*SystemScheduler).Process N/scheduler/scheduler_system.go 80
N/helper/pool.(*ConnPool).RPC N/helper/pool/pool.go 431
N/helper/pool.(*ConnPool).getRPCClient N/helper/pool/pool.go 399
N/helper/pool.(*ConnPool).reap N/helper/pool/pool.go 541
N/helper/broker.(*GenericNotifier).Run N/helper/broker/notifier.go 54
N/client.(*Client).run N/client/client.go 1855
N/client.(*Client).registerAndHeartbeat N/client/client.go 1925
N/client.(*Client).updateNodeStatus N/client/client.go 2110
N/client.(*Client).watchAllocations N/client/client.go 2290
N/client.(*Client).allocSync N/client/client.go 2204
N/client.(*Client).runAllocs N/client/client.go 2483
N/client.(*Client).emitStats N/client/client.go 3017
N/client.(*Client).emitHostStats N/client/client.go 3045
N/client.(*Client).periodicSnapshot N/client/client.go 1887
N/client.(*Client).batchFirstFingerprints N/client/client.go 1594
N/client.(*Client).RPC N/client/rpc.go 51
N/client.(*Client).rpc N/client/rpc.go 58
N/client.(*Client).rpcRetryWatcher N/client/rpc.go 183
N/client.(*Client).nodeUpdate N/client/client.go 2070
N/client.(*FingerprintManager).runFingerprint N/client/fingerprint_manager.go 194
N/client.(*FingerprintManager).watchDriver N/client/fingerprint_manager.go 377
N/client/pluginmanager/drivermanager.newInstanceManager N/client/pluginmanager/drivermanager/instance.go 123
N/client/pluginmanager/drivermanager.(*instanceManager).run N/client/pluginmanager/drivermanager/instance.go 156
N/client/pluginmanager/drivermanager.(*instanceManager).fingerprint N/client/pluginmanager/drivermanager/instance.go 319
N/client/pluginmanager/drivermanager.(*instanceManager).handleEvents N/client/pluginmanager/drivermanager/instance.go 452
N/client/pluginmanager/csimanager.(*csiManager).Run N/client/pluginmanager/csimanager/manager.go 113
N/client/pluginmanager/csimanager.(*csiManager).runLoop N/client/pluginmanager/csimanager/manager.go 117
N/client.(*AllocGarbageCollector).Run N/client/gc.go 92
N/client.(*Client).watchNodeEvents N/client/client.go 2047
N/client.NewClient N/client/client.go 360
N/client/fingerprint.(*CPUFingerprint).Fingerprint N/client/fingerprint/cpu.go 40
N/client/fingerprint.(*NetworkFingerprint).Fingerprint N/client/fingerprint/network.go 79
N/client/hoststats.(*HostStatsCollector).Collect N/client/hoststats/host.go 126
N/client/hoststats.(*HostStatsCollector).collectLocked N/client/hoststats/host.go 138
N/client/hoststats.(*cpuStatsCalculator).Calculate N/client/hoststats/cpu.go 35
N/client/allocrunner.(*allocRunner).Run N/client/allocrunner/alloc_runner.go 352
N/client/allocrunner.(*allocRunner).runTasks N/client/allocrunner/alloc_runner.go 380
N/client/allocrunner.(*allocRunner).handleTaskStateUpdates N/client/allocrunner/alloc_runner.go 520
N/client/allocrunner.(*allocHealthWatcherHook).watchHealth N/client/allocrunner/health_hook.go 224
N/client/allocrunner/taskrunner.(*TaskRunner).Run N/client/allocrunner/taskrunner/task_runner.go 545
N/client/allocrunner/taskrunner.(*TaskRunner).handleUpdates N/client/allocrunner/taskrunner/task_runner.go 1017
N/client/allocrunner/taskrunner.(*TaskRunner).runDriver N/client/allocrunner/taskrunner/task_runner.go 895
N/client/allocrunner/taskrunner.(*statsHook).collectResourceUsageStats N/client/allocrunner/taskrunner/stats_hook.go 94
N/client/allocrunner/taskrunner.(*logmonHook).prestartOneLoop N/client/allocrunner/taskrunner/logmon_hook.go 120
N/client/allocrunner/taskrunner.(*vaultHook).run N/client/allocrunner/taskrunner/vault_hook.go 219
N/client/allocrunner/taskrunner/template.(*TaskTemplateManager).run N/client/allocrunner/taskrunner/template/template.go 251
N/client/allocwatcher.(*localPrevAlloc).Wait N/client/allocwatcher/alloc_watcher.go 270
N/client/serviceregistration/wrapper.(*HandlerWrapper).RegisterWorkload N/client/serviceregistration/wrapper/wrapper.go 53
N/client/state.(*BoltStateDB).PutTaskRunnerLocalState N/client/state/state_database.go 471
N/client/allocrunner/taskrunner.(*TaskRunner).emitStats N/client/allocrunner/taskrunner/task_runner.go 1574
N/plugins/drivers.(*driverPluginClient).TaskStats N/plugins/drivers/client.go 283
N/plugins/drivers.(*driverPluginClient).handleStats N/plugins/drivers/client.go 302
N/drivers/docker.(*taskHandle).collectStats N/drivers/docker/stats.go 142
N/drivers/docker.(*Driver).handleWait N/drivers/docker/driver.go 1688
N/drivers/docker.(*containerReconciler).removeDanglingContainersIteration N/drivers/docker/reconcile_dangling.go 102
N/drivers/shared/executor.(*UniversalExecutor).Wait N/drivers/shared/executor/executor.go 480
github.com/docker/docker/client.(*Client).ContainerStats github.com/docker/docker@v26.1.5+incompatible/client/container_stats.go 12
N/command/agent.(*Agent).setupClient N/command/agent/agent.go 1096
N/command/agent.(*Agent).setupServer N/command/agent/agent.go 1001
N/command/agent.(*Command).Run N/command/agent/command.go 690
N/command/agent.(*Command).handleSignals N/command/agent/command.go 1004
main.main N/main.go 83
`;

function parseCatalog(text: string): Map<string, GoFunc> {
  const out = new Map<string, GoFunc>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [name, file, start] = line.split(' ') as [string, string, string];
    const full = name.replace(/^N\//, N);
    // Spread entries over a ~60 MB text segment like Nomad's binary, 32-byte aligned.
    const entry = 0x401000 + ((hashString(full) % 0x3a00000) & ~0x1f);
    out.set(full, { name: full, file: file.replace(/^N\//, N), startLine: Number(start), entry });
  }
  return out;
}

const FUNCS = parseCatalog(CATALOG);

/** Looks a function up by full name (or with the "N/" abbreviation); throws on a typo in a stack table. */
export function goFunc(name: string): GoFunc {
  const f = FUNCS.get(name) ?? FUNCS.get(name.replace(/^N\//, N));
  if (!f) throw new Error(`sim content: unknown Go function "${name}"`);
  return f;
}

/** PCs by function and line: every profile of 500 agents asks for the same few hundred. */
const PCS = new Map<GoFunc, Map<number, number>>();

/** The PC of a call site at `line` inside `f`: entry plus an offset that grows with the line. */
export function pcAt(f: GoFunc, line: number): number {
  let byLine = PCS.get(f);
  if (!byLine) PCS.set(f, (byLine = new Map()));
  let pc = byLine.get(line);
  if (pc === undefined) {
    const delta = Math.max(0, line - f.startLine);
    pc = f.entry + 0x12 + delta * 11 + (hashString(`${f.name}:${line}`) % 7);
    byLine.set(line, pc);
  }
  return pc;
}

export const GOEXIT_PC = goFuncEntryGoexit();

function goFuncEntryGoexit(): number {
  return 0x474d20; // runtime.goexit, the bottom of every goroutine's stack (hidden in profiles)
}
