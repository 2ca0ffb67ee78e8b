// What simulated Nomad agents log, modelled on real agent lines (reference/nomad-real-data.md §7):
// module names, messages and field keys as Nomad, raft, memberlist and the client write them.
import type { FieldValue, SimLogLevel } from './hclog-format.ts';
import type { Rng } from './rand.ts';

/** Per-agent state the templates draw on, advanced as lines are produced. */
export interface LogContext {
  rng: Rng;
  nodeId: string;
  workerIds: string[];
  allocIds: string[];
  evalId: () => string;
  peers: string[];
  /** The server a client talks to / a peer a server fails to reach during a burst. */
  badServer: string;
  raftIndex: number;
  jobs: string[];
  tasks: string[];
}

export interface LogTemplate {
  level: SimLogLevel;
  module: string;
  message: string | ((c: LogContext) => string);
  /** Full source path and line of the logging call. */
  caller: string;
  weight: number;
  fields?: (c: LogContext) => [string, FieldValue][];
  textOnly?: boolean;
}

const N = 'github.com/hashicorp/nomad/';
const RAFT = 'github.com/hashicorp/raft@v1.7.0/';

const duration = (rng: Rng, minUs: number, maxUs: number): string => {
  // Go's time.Duration String(): "812.4µs", "3.218417ms", "1.204s".
  const us = rng.int(minUs, maxUs) + rng.int(0, 999) / 1000;
  if (us < 1000) return `${trimFloat(us, 3)}µs`;
  if (us < 1e6) return `${trimFloat(us / 1000, 6)}ms`;
  return `${trimFloat(us / 1e6, 9)}s`;
};
const trimFloat = (v: number, digits: number): string => v.toFixed(digits).replace(/\.?0+$/, '');

const AGENT_PATHS = ['/v1/agent/health?type=server', '/v1/agent/self', '/v1/status/leader', '/v1/metrics?format=prometheus', '/v1/agent/members'];
const CLIENT_PATHS = ['/v1/agent/health?type=client', '/v1/agent/self', '/v1/client/stats', '/v1/metrics?format=prometheus'];
const SERVER_PATHS = ['/v1/jobs?index=1', '/v1/nodes', '/v1/evaluations?per_page=25', '/v1/job/{job}/allocations', '/v1/job/{job}', '/v1/allocations?resources=true'];
const TRIGGERS = ['job-register', 'node-update', 'alloc-stop', 'job-deregister', 'alloc-failure', 'deployment-watcher'];

const pick = <T>(c: LogContext, items: readonly T[]): T => c.rng.pick(items);
const job = (c: LogContext) => pick(c, c.jobs);

export const SERVER_TEMPLATES: LogTemplate[] = [
  { level: 'TRACE', module: 'http', message: 'request complete', caller: `${N}command/agent/http.go:719`, weight: 30,
    fields: (c) => [['method', 'GET'], ['path', pick(c, [...AGENT_PATHS, ...SERVER_PATHS]).replace('{job}', job(c))], ['duration', duration(c.rng, 80, 9000)]] },
  { level: 'DEBUG', module: 'nomad', message: (c) => `memberlist: Stream connection from=${pick(c, c.peers).split(':')[0]}:${c.rng.int(32768, 60999)}`, caller: `${N}nomad/server.go:1582`, weight: 6 },
  { level: 'DEBUG', module: 'worker', message: 'dequeued evaluation', caller: `${N}nomad/worker.go:486`, weight: 6,
    fields: (c) => [['worker_id', pick(c, c.workerIds)], ['eval_id', c.evalId()], ['type', pick(c, ['service', 'batch', 'system'])], ['namespace', 'default'], ['job_id', job(c)], ['node_id', ''], ['triggered_by', pick(c, TRIGGERS)]] },
  { level: 'DEBUG', module: 'worker.service_sched', message: 'reconciled current state with desired state', caller: `${N}scheduler/generic_sched.go:414`, weight: 5,
    fields: (c) => [['eval_id', c.evalId()], ['job_id', job(c)], ['namespace', 'default'], ['worker_id', pick(c, c.workerIds)],
      ['results', `Total changes: (place ${c.rng.int(0, 3)}) (destructive 0) (inplace 0) (stop 0) (disconnect 0) (reconnect 0)`]] },
  { level: 'DEBUG', module: 'worker.service_sched', message: 'setting eval status', caller: `${N}scheduler/util.go:578`, weight: 5,
    fields: (c) => [['eval_id', c.evalId()], ['job_id', job(c)], ['namespace', 'default'], ['worker_id', pick(c, c.workerIds)], ['status', 'complete']] },
  { level: 'DEBUG', module: 'worker', message: 'submitted plan for evaluation', caller: `${N}nomad/worker.go:690`, weight: 3,
    fields: (c) => [['worker_id', pick(c, c.workerIds)], ['eval_id', c.evalId()]] },
  { level: 'DEBUG', module: 'worker', message: 'ack evaluation', caller: `${N}nomad/worker.go:556`, weight: 5,
    fields: (c) => [['worker_id', pick(c, c.workerIds)], ['eval_id', c.evalId()], ['type', 'service'], ['namespace', 'default'], ['job_id', job(c)], ['node_id', ''], ['triggered_by', pick(c, TRIGGERS)]] },
  { level: 'DEBUG', module: 'nomad.raft', message: 'accepted connection', caller: `${RAFT}net_transport.go:508`, weight: 1,
    fields: (c) => [['local-address', '127.0.0.1:4647'], ['remote-address', `${pick(c, c.peers).split(':')[0]}:${c.rng.int(32768, 60999)}`]] },
  { level: 'DEBUG', module: 'core.sched', message: 'eval GC scanning before cutoff index', caller: `${N}nomad/core_sched.go:282`, weight: 1,
    fields: (c) => [['index', c.raftIndex - c.rng.int(500, 5000)], ['eval_gc_threshold', '1h0m0s']] },
  { level: 'DEBUG', module: 'core.sched', message: 'node GC scanning before cutoff index', caller: `${N}nomad/core_sched.go:512`, weight: 1,
    fields: (c) => [['index', c.raftIndex - c.rng.int(5000, 50000)], ['node_gc_threshold', '24h0m0s']] },
  { level: 'INFO', module: 'nomad.raft', message: 'starting snapshot up to', caller: `${RAFT}snapshot.go:172`, weight: 0.3,
    fields: (c) => [['index', (c.raftIndex += c.rng.int(100, 900))]] },
  { level: 'INFO', module: 'snapshot', message: 'creating new snapshot', caller: `${RAFT}file_snapshot.go:185`, weight: 0.3, textOnly: true,
    fields: (c) => [['path', `/opt/nomad/data/server/raft/snapshots/${c.rng.int(20, 900)}-${c.raftIndex}-${Date.UTC(2026, 10, 22) + c.rng.int(0, 86399999)}.tmp`]] },
  { level: 'INFO', module: 'nomad.raft', message: 'compacting logs', caller: `${RAFT}snapshot.go:253`, weight: 0.3,
    fields: (c) => [['from', c.raftIndex - c.rng.int(8000, 12000)], ['to', c.raftIndex - 10240]] },
  { level: 'INFO', module: 'nomad.raft', message: 'snapshot complete up to', caller: `${RAFT}snapshot.go:206`, weight: 0.3,
    fields: (c) => [['index', c.raftIndex]] },
  { level: 'INFO', module: 'nomad', message: 'memberlist: Suspect dc1.global has failed, no acks received', caller: `${N}nomad/server.go:1582`, weight: 0.1 },
  { level: 'WARN', module: 'nomad', message: 'memberlist: Refuting a suspect message (from: dc1.global)', caller: `${N}nomad/server.go:1582`, weight: 0.3 },
  { level: 'ERROR', module: 'http', message: 'request failed', caller: `${N}command/agent/http.go:735`, weight: 0.2,
    fields: (c) => [['method', 'GET'], ['path', `/v1/job/${job(c)}-old`], ['error', 'job not found'], ['code', 404]] },
];

/**
 * A server that lost a peer: raft cannot reach it and workers cannot dequeue. The trouble a
 * healthy server does not log (failed contacts, expired node TTLs, dead RPC sessions) is here too.
 */
export const SERVER_BURST: LogTemplate[] = [
  { level: 'WARN', module: 'nomad.raft', message: 'failed to contact', caller: `${RAFT}raft.go:1011`, weight: 0.8,
    fields: (c) => [['server-id', pick(c, c.peers)], ['time', duration(c.rng, 500_000, 1_200_000)]] },
  { level: 'WARN', module: 'nomad.heartbeat', message: 'node TTL expired', caller: `${N}nomad/heartbeat.go:163`, weight: 0.6,
    fields: (c) => [['node_id', c.evalId()]] },
  { level: 'ERROR', module: 'nomad.rpc', message: 'yamux: keepalive failed: i/o deadline reached', caller: `${N}nomad/rpc.go:395`, weight: 0.1 },
  { level: 'ERROR', module: 'worker', message: 'failed to dequeue evaluation', caller: `${N}nomad/worker.go:473`, weight: 4,
    fields: (c) => [['worker_id', pick(c, c.workerIds)], ['error', "rpc error: failed to get conn: rpc error: lead thread didn't get connection"]] },
  { level: 'ERROR', module: 'nomad.raft', message: 'failed to heartbeat to', caller: `${RAFT}replication.go:433`, weight: 3,
    fields: (c) => [['peer', c.badServer], ['backoff time', duration(c.rng, 10_000, 800_000)], ['error', `dial tcp ${c.badServer}: connect: connection refused`]] },
  { level: 'ERROR', module: 'nomad.raft', message: 'failed to appendEntries to', caller: `${RAFT}replication.go:241`, weight: 3,
    fields: (c) => [['peer', `{Voter ${c.badServer} ${c.badServer}}`], ['error', `dial tcp ${c.badServer}: connect: connection refused`]] },
  { level: 'ERROR', module: 'nomad.rpc', message: 'rejecting client for exceeding maximum RPC connections', caller: `${N}nomad/rpc.go:166`, weight: 1,
    fields: (c) => [['remote_addr', `127.0.0.${c.rng.int(20, 60)}:${c.rng.int(32768, 60999)}`], ['limit', 100]] },
];

export const CLIENT_TEMPLATES: LogTemplate[] = [
  { level: 'TRACE', module: 'http', message: 'request complete', caller: `${N}command/agent/http.go:719`, weight: 22,
    fields: (c) => [['method', 'GET'], ['path', pick(c, CLIENT_PATHS)], ['duration', duration(c.rng, 60, 4000)]] },
  { level: 'TRACE', module: 'client', message: 'next heartbeat', caller: `${N}client/client.go:1967`, weight: 6,
    fields: (c) => [['period', duration(c.rng, 10_000_000, 19_000_000)]] },
  { level: 'TRACE', module: 'consul.sync', message: 'execute sync', caller: `${N}command/agent/consul/service_client.go:709`, weight: 5,
    fields: () => [['reason', 'periodic']] },
  { level: 'TRACE', module: 'client.alloc_runner.task_runner.task_hook.stats_hook', message: 'collecting resource usage stats', caller: `${N}client/allocrunner/taskrunner/stats_hook.go:118`, weight: 8,
    fields: (c) => [['alloc_id', pick(c, c.allocIds)], ['task', pick(c, c.tasks)]] },
  { level: 'DEBUG', module: 'client', message: 'updated allocations', caller: `${N}client/client.go:2402`, weight: 5,
    fields: (c) => [['index', (c.raftIndex += c.rng.int(1, 12))], ['total', c.allocIds.length], ['pulled', c.rng.int(0, 2)], ['filtered', c.allocIds.length - 1]] },
  { level: 'DEBUG', module: 'client', message: 'allocation updates', caller: `${N}client/client.go:2456`, weight: 4,
    fields: (c) => [['added', 0], ['removed', 0], ['updated', c.rng.int(0, 2)], ['ignored', c.allocIds.length - 1]] },
  { level: 'DEBUG', module: 'client', message: 'allocation updates applied', caller: `${N}client/client.go:2520`, weight: 4,
    fields: (c) => [['added', 0], ['removed', 0], ['updated', c.rng.int(0, 2)], ['ignored', c.allocIds.length - 1], ['errors', 0]] },
  { level: 'DEBUG', module: 'client', message: 'state updated', caller: `${N}client/client.go:2148`, weight: 2, fields: () => [['node_status', 'ready']] },
  { level: 'DEBUG', module: 'client.fingerprint_mgr.network', message: 'link speed detected', caller: `${N}client/fingerprint/network.go:115`, weight: 1,
    fields: () => [['interface', 'eth0'], ['mbits', 10000]] },
  { level: 'DEBUG', module: 'client.driver_mgr.docker', message: 'image reference count incremented', caller: `${N}drivers/docker/coordinator.go:252`, weight: 1,
    fields: (c) => [['driver', 'docker'], ['image_name', pick(c, ['redis:7', 'nginx:1.27', 'hashicorp/http-echo:1.0'])], ['image_id', `sha256:${c.rng.hex(64)}`], ['references', c.rng.int(1, 4)]] },
  { level: 'DEBUG', module: 'client.gc', message: 'alloc garbage collected', caller: `${N}client/gc.go:195`, weight: 0.6,
    fields: (c) => [['alloc_id', pick(c, c.allocIds)]] },
  { level: 'INFO', module: 'client.gc', message: 'marking allocation for GC', caller: `${N}client/gc.go:326`, weight: 0.6,
    fields: (c) => [['alloc_id', pick(c, c.allocIds)]] },
  { level: 'INFO', module: 'client.alloc_runner.task_runner', message: 'Task event', caller: `${N}client/allocrunner/taskrunner/task_runner.go:1349`, weight: 1,
    fields: (c) => [['alloc_id', pick(c, c.allocIds)], ['task', pick(c, c.tasks)], ['type', 'Started'], ['msg', 'Task started by client'], ['failed', false]] },
  { level: 'WARN', module: 'client', message: 'missed heartbeat', caller: `${N}client/client.go:1953`, weight: 0.5,
    fields: (c) => [['req_latency', duration(c.rng, 5000, 90_000)], ['heartbeat_ttl', duration(c.rng, 12_000_000, 19_000_000)], ['since_last_heartbeat', duration(c.rng, 19_000_000, 30_000_000)]] },
  { level: 'WARN', module: 'client.alloc_runner.task_runner.task_hook.logmon', message: 'logmon restarted', caller: `${N}client/allocrunner/taskrunner/logmon_hook.go:156`, weight: 0.2,
    fields: (c) => [['alloc_id', pick(c, c.allocIds)], ['task', pick(c, c.tasks)]] },
  { level: 'ERROR', module: 'client.driver_mgr.docker', message: 'failed to list pause containers', caller: `${N}drivers/docker/reconcile_dangling.go:154`, weight: 0.1,
    fields: () => [['error', 'context deadline exceeded']] },
];

/**
 * A client whose Consul sync and Vault tokens fail (degraded scenario): the lines
 * command/agent/consul/service_client.go and client/allocrunner/taskrunner/vault_hook.go write.
 */
export const CLIENT_SERVICE_TROUBLE: LogTemplate[] = [
  { level: 'WARN', module: 'consul.sync', message: 'failed to update services in Consul', caller: `${N}command/agent/consul/service_client.go:580`, weight: 2,
    fields: () => [['error', 'Unexpected response code: 403 (Permission denied: token with AccessorID \'00000000-0000-0000-0000-000000000002\' lacks permission \'service:write\' on "web")']] },
  { level: 'ERROR', module: 'client.alloc_runner.task_runner.task_hook.vault', message: 'failed to derive Vault token', caller: `${N}client/allocrunner/taskrunner/vault_hook.go:366`, weight: 2,
    fields: (c) => [['alloc_id', pick(c, c.allocIds)], ['task', pick(c, c.tasks)], ['error', 'failed to derive Vault token for identity vault_default: Error making API request. Code: 503. Errors: * Vault is sealed'], ['recoverable', true]] },
];

/** A client that lost its server: every RPC fails. */
export const CLIENT_BURST: LogTemplate[] = [
  { level: 'ERROR', module: 'client.rpc', message: 'error performing RPC to server', caller: `${N}client/rpc.go:117`, weight: 5,
    fields: (c) => [['error', `rpc error: failed to get conn: dial tcp ${c.badServer}: connect: connection refused`], ['rpc', pick(c, ['Node.UpdateAlloc', 'Node.GetClientAllocs', 'Node.UpdateStatus'])], ['server', c.badServer]] },
  { level: 'ERROR', module: 'client', message: 'error updating allocations', caller: `${N}client/client.go:2247`, weight: 2,
    fields: (c) => [['error', `rpc error: failed to get conn: dial tcp ${c.badServer}: connect: connection refused`]] },
  { level: 'ERROR', module: 'client', message: 'error heartbeating. retrying', caller: `${N}client/client.go:1940`, weight: 1,
    fields: (c) => [['error', `failed to update status: rpc error: failed to get conn: dial tcp ${c.badServer}: connect: connection refused`], ['period', duration(c.rng, 500_000, 2_500_000)]] },
  { level: 'ERROR', module: 'client.rpc', message: 'error performing RPC to server', caller: `${N}client/rpc.go:117`, weight: 2,
    fields: (c) => [['error', `rpc error: failed to get conn: dial tcp ${c.badServer}: i/o timeout`], ['rpc', 'Node.GetClientAllocs'], ['server', c.badServer]] },
];
