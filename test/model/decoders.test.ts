// The decoders promise what types.ts says: for each file kind, a value in Nomad's shape passes
// untouched, and any typed field given the wrong type is dropped (or its object left out) with an
// issue naming where, so no reader can meet a field of a type its type does not allow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Issues, type Decoder } from '../../src/model/decode.ts';
import * as d from '../../src/model/decoders.ts';

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
  ['autopilot health', d.autopilotHealth, { Healthy: true, FailureTolerance: 1, Leader: 'a', Voters: ['a'], Servers: [{ ID: 'a', Name: 's1', Address: '127.0.0.11:4647', SerfStatus: 'alive', Version: '1.10.5', Leader: true, LastContact: '0s', LastTerm: 2, LastIndex: 9, Healthy: true, Voter: true, StableSince: '2026-11-22T10:00:00Z' }] }],
  ['metrics', d.metricsSummary, { Timestamp: '2026-11-22 10:00:00 +0000 UTC', Gauges: [{ Name: 'g', Value: 1, Labels: {} }], Counters: [{ Name: 'c', Count: 1, Sum: 1, Mean: 1, Rate: 0.1, Min: 1, Max: 1, Stddev: 0, Labels: {} }], Samples: [], Points: [] }],
  ['allocation', (v, at, i) => d.allocationList([v], at, i)?.[0], { ID: 'a1', JobID: 'web', NodeID: 'n1', NodeName: 'c1', TaskGroup: 'g', ClientStatus: 'running', DesiredStatus: 'run' }],
  ['evaluation', (v, at, i) => d.evaluationList([v], at, i)?.[0], { ID: 'e1', JobID: 'web', Status: 'blocked', TriggeredBy: 'job-register' }],
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
  return (last === 'Addr' || last === 'Tags' || last === 'AllocDirStats') && (what === 'member' || what === 'agent self' || what === 'host stats');
}

/** Fields types.ts types as more than one kind: LastContact is a Go duration string or nanoseconds. */
function alsoAllowed(path: (string | number)[], v: unknown): boolean {
  return path.at(-1) === 'LastContact' && (typeof v === 'number' || typeof v === 'string');
}
