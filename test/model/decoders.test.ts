// The decoders promise what types.ts says: for each file kind, a value in Nomad's shape passes
// untouched, and any typed field given the wrong type is dropped (or its object left out) with an
// issue naming where, so no reader can meet a field of a type its type does not allow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Issues, type Decoder } from '../../src/model/decode.ts';
import * as d from '../../src/model/decoders.ts';
import { autopilotConfiguration, autopilotHealth } from '../../src/model/decoders.ts';
import { buildBundle } from '../../src/model/bundle-builder.ts';
import { buildCluster } from '../../src/sim/cluster/build.ts';
import { autopilotConfiguration as simAutopilotConfiguration, autopilotHealth as simAutopilotHealth } from '../../src/sim/cluster/docs-cluster.ts';

const member = { Name: 's1.global', Addr: '127.0.0.11', Port: 4648, Tags: { region: 'global', build: '1.10.5' }, Status: 'alive', ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 2, DelegateMin: 2, DelegateMax: 5, DelegateCur: 4 };

/** A value of each file kind in the shape Nomad writes (after nomad-real-data.md). */
const GOOD: [string, Decoder<unknown>, Record<string, unknown>][] = [
  ['member', d.member, member],
  ['agent self', d.agentSelf, { config: { Region: 'global' }, member, stats: { raft: { applied_index: '42', commit_index: '42' } } }],
  ['health', d.health, { server: { ok: true, message: 'ok' }, client: { ok: false, message: 'no servers' } }],
  ['host data', d.hostData, { OS: 'linux', Network: [{ interface: 'eth0', address: '127.0.0.2' }], ResolvConf: '', Hosts: '', Environment: { HOME: '/root' }, Disk: { '/': { DiskMB: 100, UsedMB: 40 } } }],
  ['schedulers', d.schedulers, { server_id: 's1', schedulers: [{ id: 'w1', enabled_schedulers: ['service'], started: '2026-11-22T10:00:00Z', status: 'started', workload_status: 'WaitingToDequeue' }] }],
  ['scheduler config', d.schedulersConfig, { server_id: 's1', num_schedulers: 2, enabled_schedulers: ['service', 'batch'] }],
  ['host stats', d.hostStats, { Memory: { Total: 8, Available: 4, Used: 4, Free: 2 }, CPU: [{ CPU: 'cpu0', User: 5, System: 5, Idle: 90, Total: 10 }], DiskStats: [{ Device: '/dev/sda1', Mountpoint: '/', Size: 10, Used: 5, Available: 5, UsedPercent: 50, InodesUsedPercent: 3 }], AllocDirStats: { Device: 'tmpfs', Mountpoint: '/var/nomad/alloc', Size: 10, Used: 1, Available: 9, UsedPercent: 10, InodesUsedPercent: 1 }, Uptime: 3, Timestamp: 4, CPUTicksConsumed: 5 }],
  ['raft configuration', d.raftConfiguration, { Servers: [{ ID: 'a', Node: 's1.global', Address: '127.0.0.11:4647', Leader: true, Voter: true, RaftProtocol: '3' }], Index: 9 }],
  ['autopilot health', d.autopilotHealth, { Healthy: true, FailureTolerance: 1, Leader: 'a', Voters: ['a'], Servers: [{ ID: 'a', Name: 's1', Address: '127.0.0.11:4647', SerfStatus: 'alive', Version: '1.10.5', Leader: true, LastContact: 0, LastTerm: 2, LastIndex: 9, Healthy: true, Voter: true, StableSince: '2026-11-22T10:00:00Z' }] }],
  ['metrics', d.metricsSummary, { Timestamp: '2026-11-22 10:00:00 +0000 UTC', Gauges: [{ Name: 'g', Value: 1, Labels: {} }], Counters: [{ Name: 'c', Count: 1, Sum: 1, Mean: 1, Rate: 0.1, Min: 1, Max: 1, Stddev: 0, Labels: {} }], Samples: [], Points: [] }],
  ['allocation', (v, at, i) => d.allocationList([v], at, i)?.[0], {
    ID: 'a1', Namespace: 'default', JobID: 'web', NodeID: 'n1', NodeName: 'c1', TaskGroup: 'g', ClientStatus: 'running', DesiredStatus: 'run',
    TaskStates: { web: { State: 'running', Failed: false, Restarts: 3, LastRestart: '2026-11-22T10:00:00Z', Events: [
      { Type: 'Terminated', Time: 1, DisplayMessage: 'Exit Code: 137, Exit Message: "OOM Killed"', Details: { oom_killed: 'true', exit_code: '137' }, ExitCode: 137, FailsTask: false, DriverError: '', SetupError: '', VaultError: '', KillReason: '' },
    ] } },
  }],
  ['evaluation', (v, at, i) => d.evaluationList([v], at, i)?.[0], {
    ID: 'e1', Namespace: 'prod', JobID: 'web', Status: 'blocked', StatusDescription: 'created to place remaining allocations', TriggeredBy: 'job-register',
    FailedTGAllocs: { api: { NodesEvaluated: 12, NodesFiltered: 0, NodesInPool: 12, NodesAvailable: { dc1: 12 }, ClassFiltered: { gpu: 1 }, ConstraintFiltered: { '${attr.kernel.name} = linux': 2 },
      NodesExhausted: 12, ClassExhausted: { std: 3 }, DimensionExhausted: { memory: 12 }, QuotaExhausted: ['memory exhausted (65536 needed > 0 limit)'], CoalescedFailures: 2 } },
  }],
  ['node', d.nodeStub, { ID: 'n1', Name: 'c1', Status: 'ready', Address: '127.0.0.21', Datacenter: 'dc1', NodeClass: '', NodePool: 'default', Version: '1.10.5', Drain: false, SchedulingEligibility: 'eligible', StatusDescription: '' }],
];

/** Every path to a leaf in a value, with the leaf. */
function leaves(v: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
    if (entries.length === 0) return [[path, v]];
    return entries.flatMap(([k, x]) => leaves(x, [...path, k]));
  }
  return [[path, v]];
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

test('a value in the shape Nomad writes passes every decoder whole and without an issue', () => {
  for (const [what, decode, good] of GOOD) {
    const issues = new Issues();
    assert.deepEqual(JSON.parse(JSON.stringify(decode(good, '', issues))), good, what);
    assert.equal(issues.count, 0, `${what}: ${JSON.stringify(issues.list)}`);
  }
});

test('a field of the wrong type anywhere is never passed on with that type, and is said where', () => {
  const wrongs: unknown[] = [42, 'x', true, null, {}, [1]];
  for (const [what, decode, good] of GOOD) {
    for (const [path, leaf] of leaves(good)) {
      if (path.length === 0) continue;
      for (const wrong of wrongs) {
        if (kindOf(wrong) === kindOf(leaf) || alsoAllowed(path, wrong)) continue;
        if (path[0] === 'config' || path[0] === 'Points') continue; // kept as Json / unknown on purpose
        const issues = new Issues();
        const out = decode(setAt(good, path, wrong), '', issues);
        let parent: unknown = out;
        for (const k of path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[k] : undefined;
        // an array item that does not fit is left out, so the next one moves up: look at them all
        const at = Array.isArray(parent) ? parent.find((x) => kindOf(x) === kindOf(wrong))
          : parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[path.at(-1)!] : undefined;
        // allowed: the field dropped, the object holding it left out, or (nullable) a null kept
        const fine = at === undefined || (wrong === null && at === null && nullableAt(what, path));
        assert.ok(fine, `${what} ${path.join('.')} = ${JSON.stringify(wrong)} came through as ${JSON.stringify(at)}`);
        if (at === undefined) assert.ok(issues.count > 0, `${what} ${path.join('.')}: dropped without an issue`);
      }
    }
  }
});

/** Fields types.ts allows to be null. */
function nullableAt(what: string, path: (string | number)[]): boolean {
  const last = path.at(-1);
  if ((last === 'Addr' || last === 'Tags' || last === 'AllocDirStats') && (what === 'member' || what === 'agent self' || what === 'host stats')) return true;
  // allocations and evaluations: Go maps, slices and pointers Nomad writes as null when empty
  const nullInGo = ['TaskStates', 'LastRestart', 'Events', 'Details', 'FailedTGAllocs', 'NodesAvailable', 'ClassFiltered', 'ConstraintFiltered', 'ClassExhausted', 'DimensionExhausted', 'QuotaExhausted'];
  return (what === 'allocation' || what === 'evaluation') && path.some((k) => nullInGo.includes(String(k))) && nullInGo.includes(String(last));
}

/** LastContact is read from a Go duration string or integer nanoseconds (both kept as nanoseconds). */
function alsoAllowed(path: (string | number)[], v: unknown): boolean {
  return path.at(-1) === 'LastContact' && (typeof v === 'number' || typeof v === 'string');
}

// Decoders that read one value written two ways: Go durations as api's MarshalJSON writes them
// ("12.5ms", api/operator_autopilot.go ServerHealth and AutopilotConfiguration) and as integer
// nanoseconds (older captures, plain structs, other tools).

const server = (lastContact: unknown) => ({
  ID: 'a', Name: 'srv1.global', Address: '10.0.0.1:4647', SerfStatus: 'alive', Version: '1.10.5', Leader: false,
  LastContact: lastContact, LastTerm: 2, LastIndex: 10, Healthy: true, Voter: true, StableSince: '2026-11-22T10:00:00Z',
});

test('autopilot health: LastContact as a Go duration string or integer nanoseconds, both as nanoseconds', () => {
  for (const [written, ns] of [['12.5ms', 12_500_000], ['0s', 0], ['1m2.5s', 62_500_000_000], ['850µs', 850_000], [12_500_000, 12_500_000], [0, 0]] as const) {
    const issues = new Issues();
    const doc = autopilotHealth({ Healthy: true, FailureTolerance: 1, Servers: [server(written)] }, '', issues);
    assert.equal(doc?.Servers[0]?.LastContact, ns, String(written));
    assert.equal(issues.count, 0);
  }
});

test('autopilot health: a LastContact that is no duration is an issue at its path, the server is kept', () => {
  const issues = new Issues();
  const doc = autopilotHealth({ Healthy: true, FailureTolerance: 1, Servers: [server('soon'), server(true)] }, '', issues);
  assert.equal(doc?.Servers.length, 2);
  assert.equal(doc?.Servers[0]?.LastContact, undefined);
  assert.deepEqual(issues.list.map((i) => i.at), ['Servers[0].LastContact', 'Servers[1].LastContact']);
  assert.match(issues.list[0]!.problem, /time: invalid duration "soon"/);
});

test('autopilot configuration: LastContactThreshold and ServerStabilizationTime in either form', () => {
  const issues = new Issues();
  const strings = autopilotConfiguration({ LastContactThreshold: '200ms', ServerStabilizationTime: '10s', CleanupDeadServers: true, MaxTrailingLogs: 250 }, '', issues);
  const ints = autopilotConfiguration({ LastContactThreshold: 200_000_000, ServerStabilizationTime: 10_000_000_000, CleanupDeadServers: true, MaxTrailingLogs: 250 }, '', issues);
  assert.deepEqual(strings, ints);
  assert.equal(strings?.ServerStabilizationTime, 10_000_000_000);
  assert.equal(issues.count, 0);
});

test('the sim writes what api/operator_autopilot.go writes, and the model reads it back', () => {
  const c = buildCluster({ servers: 3, clients: 1, scenario: 'degraded', seed: 3, port: 4646, enableDebug: true, aclEnabled: false, tls: false });
  const at = new Date(c.startedAt.getTime() + 600_000);
  const health = simAutopilotHealth(c, at).body;
  const servers = health['Servers'] as Record<string, unknown>[];
  assert.ok(servers.every((s) => typeof s['LastContact'] === 'string' && Object.keys(s)[0] === 'LastContact'), 'MarshalJSON puts the string first');
  const config = simAutopilotConfiguration(c);
  assert.deepEqual(Object.keys(config).slice(0, 2), ['LastContactThreshold', 'ServerStabilizationTime']);
  assert.deepEqual([config['LastContactThreshold'], config['ServerStabilizationTime']], ['200ms', '10s']);
  const issues = new Issues();
  const decoded = autopilotHealth(JSON.parse(JSON.stringify(health)), '', issues)!;
  assert.equal(issues.count, 0);
  assert.ok(decoded.Servers.every((s) => typeof s.LastContact === 'number' && s.LastContact >= 0));
  assert.ok(decoded.Servers.some((s) => !s.Healthy && s.LastContact! >= 60e9), 'the failed server was last heard from minutes ago');
  // inside a bundle, and inside the Error text of a 429 as Nomad's CLI writes it
  const R = 'nomad-debug-2026-11-22-103000Z';
  const b = buildBundle([
    [`${R}/interval/0000/operator-autopilot-health.json`, JSON.stringify({ Error: `Unexpected response code: 429 (${JSON.stringify(health)})` })],
    [`${R}/index.json`, '[]'],
  ]);
  const ap = b.intervals[0]!.autopilotHealth!.value;
  assert.deepEqual(ap.Servers.map((s) => s.LastContact), decoded.Servers.map((s) => s.LastContact));
});
