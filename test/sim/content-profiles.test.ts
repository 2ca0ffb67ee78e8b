import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import {
  allocsProfile, blockProfile, cmdline, cpuProfile, goroutineProfile, goroutineText, heapProfile,
  mutexProfile, threadcreateProfile, traceBytes, type ProfileSeed,
} from '../../src/sim/content/profiles.ts';

const server: ProfileSeed = { name: 'nomad-server-1.global', kind: 'server', seed: 11, leader: true };
const client: ProfileSeed = { name: 'nomad-client-2', kind: 'client', seed: 12 };

interface Decoded {
  p: Profile;
  str: (i: unknown) => string;
  types: string[];
  /** Each sample as leaf-first function names and numeric values. */
  samples: { stack: string[]; files: string[]; values: number[] }[];
}

function decode(buf: Buffer): Decoded {
  assert.equal(buf[0], 0x1f);
  assert.equal(buf[1], 0x8b);
  const p = Profile.decode(gunzipSync(buf));
  const str = (i: unknown) => p.stringTable.strings[Number(i)] ?? '';
  const fns = new Map(p.function.map((f) => [Number(f.id), f]));
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  const samples = p.sample.map((s) => {
    const stack: string[] = [];
    const files: string[] = [];
    for (const id of s.locationId) {
      const loc = locs.get(Number(id));
      assert.ok(loc, `location ${id} exists`);
      for (const line of loc.line) {
        const fn = fns.get(Number(line.functionId));
        assert.ok(fn, `function ${line.functionId} exists`);
        stack.push(str(fn.name));
        files.push(`${str(fn.filename)}:${Number(line.line)}`);
      }
    }
    return { stack, files, values: s.value.map(Number) };
  });
  return { p, str, types: p.sampleType.map((t) => `${str(t.type)}/${str(t.unit)}`), samples };
}

function flatShares(d: Decoded, index: number): [string, number][] {
  const flat = new Map<string, number>();
  let total = 0;
  for (const s of d.samples) {
    flat.set(s.stack[0]!, (flat.get(s.stack[0]!) ?? 0) + s.values[index]!);
    total += s.values[index]!;
  }
  return [...flat].map(([k, v]) => [k, v / total] as [string, number]).sort((a, b) => b[1] - a[1]);
}

describe('cpuProfile', () => {
  it('has Go CPU sample types, period and a duration matching the seconds asked for', () => {
    for (const seconds of [1, 3]) {
      const d = decode(cpuProfile(server, seconds));
      assert.deepEqual(d.types, ['samples/count', 'cpu/nanoseconds']);
      assert.equal(`${d.str(d.p.periodType!.type)}/${d.str(d.p.periodType!.unit)}`, 'cpu/nanoseconds');
      assert.equal(Number(d.p.period), 10_000_000);
      const dur = Number(d.p.durationNanos);
      assert.ok(dur >= seconds * 1e9 && dur < seconds * 1e9 + 1e8, `duration ${dur}`);
      assert.ok(Number(d.p.timeNanos) > 0);
      let cpu = 0;
      for (const s of d.samples) {
        assert.equal(s.values[1], s.values[0]! * 10_000_000, 'cpu = samples x period');
        cpu += s.values[1]!;
      }
      // 1 to 2 cores busy over the window.
      assert.ok(cpu >= 0.9 * seconds * 1e9 && cpu <= 2.2 * seconds * 1e9, `cpu ${cpu} for ${seconds}s`);
    }
  });

  it('resolves every stack to named Go functions with files, in the nomad mapping', () => {
    const d = decode(cpuProfile(client, 1));
    assert.equal(d.str(d.p.mapping[0]!.filename), '/usr/local/bin/nomad');
    assert.ok(d.samples.length >= 10);
    for (const s of d.samples) {
      assert.ok(s.stack.length > 0);
      for (const name of s.stack) assert.match(name, /^[a-z][\w./-]*\.(\(\*?\w+\)\.)?[\w.]+$/i);
      for (const f of s.files) assert.match(f, /\.(go|s):\d+$/);
    }
    assert.ok(new Set(d.samples.flatMap((s) => s.stack)).size >= 25, 'tens of functions');
  });

  it('runs raft replication only on the leader', () => {
    const names = (a: ProfileSeed) => new Set(decode(cpuProfile(a, 1)).samples.flatMap((s) => s.stack));
    assert.ok(names(server).has('github.com/hashicorp/raft.(*Raft).replicateTo'));
    assert.ok(!names({ ...server, leader: false }).has('github.com/hashicorp/raft.(*Raft).replicateTo'));
    const g = (a: ProfileSeed) => goroutineText(a, 2);
    assert.match(g(server), /raft\.\(\*Raft\)\.runLeader\(/);
    assert.doesNotMatch(g({ ...server, leader: false }), /raft\.\(\*Raft\)\.runLeader\(/);
    assert.match(g({ ...server, leader: false }), /raft\.\(\*Raft\)\.runFollower\(/);
  });

  it('looks different on servers and clients', () => {
    const names = (a: ProfileSeed) => new Set(decode(cpuProfile(a, 1)).samples.flatMap((s) => s.stack));
    const s = names(server);
    const c = names(client);
    assert.ok(s.has('github.com/hashicorp/nomad/nomad.(*Worker).run'));
    assert.ok([...s].some((n) => n.startsWith('github.com/hashicorp/raft.')));
    assert.ok(!c.has('github.com/hashicorp/nomad/nomad.(*Worker).run'));
    assert.ok([...c].some((n) => n.startsWith('github.com/hashicorp/nomad/client')));
  });

  it('hot: one function clearly dominates flat CPU; otherwise none does', () => {
    const hot = flatShares(decode(cpuProfile({ ...server, hot: true }, 2)), 1);
    assert.equal(hot[0]![0], 'github.com/hashicorp/nomad/nomad/state.(*StateStore).UpsertAllocs');
    assert.ok(hot[0]![1] > 0.4, `hot share ${hot[0]![1]}`);
    const hotClient = flatShares(decode(cpuProfile({ ...client, hot: true }, 2)), 1);
    assert.ok(hotClient[0]![1] > 0.4);
    const calm = flatShares(decode(cpuProfile(server, 2)), 1);
    assert.ok(calm[0]![1] < 0.3, `calm top share ${calm[0]![1]}`);
  });
});

describe('heap and allocs', () => {
  it('carry Go heap sample types; allocs defaults to alloc_space', () => {
    const heap = decode(heapProfile(server));
    const allocs = decode(allocsProfile(server));
    for (const d of [heap, allocs]) {
      assert.deepEqual(d.types, ['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes']);
      assert.equal(Number(d.p.period), 524288);
      for (const s of d.samples) {
        assert.ok(s.values[2]! <= s.values[0]!, 'in use <= allocated');
        assert.ok(s.values[3]! <= s.values[1]!);
        assert.ok(!['runtime.mallocgc', 'runtime.newobject'].includes(s.stack[0]!), 'starts at the allocating function');
      }
    }
    assert.equal(heap.str(heap.p.defaultSampleType), '');
    assert.equal(allocs.str(allocs.p.defaultSampleType), 'alloc_space');
    const inuse = heap.samples.reduce((n, s) => n + s.values[3]!, 0);
    assert.ok(inuse > 10e6 && inuse < 1e9, `in use ${inuse}`);
  });

  it('grows runtime.malg with leaked goroutines', () => {
    const malg = (a: ProfileSeed) => decode(heapProfile(a)).samples.find((s) => s.stack[0] === 'runtime.malg')!.values[2]!;
    assert.equal(malg({ ...client, leakedGoroutines: 500 }) - malg(client), 500);
  });
});

/** debug=1: "N @ pcs" group heads and their "#" frame lines. */
function parseDebug1(text: string): { total: number; groups: { count: number; frames: string[] }[] } {
  const lines = text.split('\n');
  const total = Number(/^goroutine profile: total (\d+)$/.exec(lines[0]!)![1]);
  const groups: { count: number; frames: string[] }[] = [];
  for (const line of lines.slice(1)) {
    const head = /^(\d+) @( 0x[0-9a-f]+)+$/.exec(line);
    if (head) groups.push({ count: Number(head[1]), frames: [] });
    else if (line.startsWith('#')) {
      const m = /^#\t0x[0-9a-f]+\t(\S+)\+0x[0-9a-f]+\t+(\S+\.(?:go|s):\d+)$/.exec(line);
      assert.ok(m, `frame line ${JSON.stringify(line)}`);
      groups.at(-1)!.frames.push(m[1]!);
    } else assert.equal(line, '');
  }
  return { total, groups };
}

/** debug=2: goroutines grouped by state + stack. */
function parseDebug2(text: string): { total: number; groups: Map<string, { count: number; minutes: number[] }> } {
  const groups = new Map<string, { count: number; minutes: number[] }>();
  let total = 0;
  for (const block of text.split('\n\n')) {
    const lines = block.trim().split('\n');
    const head = /^goroutine (\d+) \[([^,\]]+)(?:, (\d+) minutes)?\]:$/.exec(lines[0]!);
    assert.ok(head, `goroutine header ${JSON.stringify(lines[0])}`);
    total++;
    const stack: string[] = [];
    for (let i = 1; i < lines.length; i += 2) {
      const call = lines[i]!;
      assert.match(lines[i + 1]!, /^\t\S+\.(go|s):\d+ \+0x[0-9a-f]+$/);
      if (call.startsWith('created by ')) assert.match(call, /^created by \S+ in goroutine \d+$/);
      else stack.push(call.slice(0, call.lastIndexOf('(')));
    }
    const key = `${head[2]}|${stack.join(' ')}`;
    const g = groups.get(key) ?? { count: 0, minutes: [] };
    g.count++;
    if (head[3]) g.minutes.push(Number(head[3]));
    groups.set(key, g);
  }
  return { total, groups };
}

describe('goroutines', () => {
  it('agree on the total across the profile and both text forms', () => {
    for (const a of [server, client]) {
      const d = decode(goroutineProfile(a));
      assert.deepEqual(d.types, ['goroutine/count']);
      const total = d.samples.reduce((n, s) => n + s.values[0]!, 0);
      assert.equal(parseDebug1(goroutineText(a, 1)).total, total);
      assert.equal(parseDebug1(goroutineText(a, 1)).groups.reduce((n, g) => n + g.count, 0), total);
      assert.equal(parseDebug2(goroutineText(a, 2)).total, total);
      assert.ok(total > 40 && total < 1000, `total ${total}`);
    }
  });

  it('shows leaked goroutines as the dominant identical stack in all three forms', () => {
    const N = 321;
    for (const base of [server, client]) {
      const a = { ...base, leakedGoroutines: N };
      const prof = decode(goroutineProfile(a));
      const top = [...prof.samples].sort((x, y) => y.values[0]! - x.values[0]!)[0]!;
      assert.equal(top.values[0], N);
      assert.equal(top.stack[0], 'runtime.gopark');
      const d1 = parseDebug1(goroutineText(a, 1));
      assert.equal(d1.groups[0]!.count, N, 'debug=1 lists the largest group first');
      assert.ok(d1.groups[0]!.frames.every((f) => !f.startsWith('runtime.')), 'leading runtime frames hidden');
      assert.equal(d1.groups[0]!.frames[0], top.stack.find((f) => !f.startsWith('runtime.')));
      const d2 = [...parseDebug2(goroutineText(a, 2)).groups.values()].sort((x, y) => y.count - x.count);
      assert.equal(d2[0]!.count, N);
      assert.equal(d2[0]!.minutes.length, N, 'every leaked goroutine shows how long it waited');
      const noLeak = decode(goroutineProfile(base)).samples.reduce((n, s) => n + s.values[0]!, 0);
      assert.equal(prof.samples.reduce((n, s) => n + s.values[0]!, 0), noLeak + N);
    }
    const text = goroutineText({ ...client, leakedGoroutines: 5 }, 2);
    assert.match(text, /\[chan receive, \d+ minutes\]:\nruntime\.gopark\(/);
    assert.match(text, /github\.com\/hashicorp\/nomad\/client\/allocrunner\/taskrunner\.\(\*TaskRunner\)\.Run\(/);
  });

  it('writes debug=1 frames aligned with tabs the way text/tabwriter does', () => {
    const text = goroutineText(server, 1);
    for (const block of text.split('\n\n').slice(0, -1)) {
      const frames = block.split('\n').filter((l) => l.startsWith('#'));
      // The file column starts at the same tab stop on every line of a group.
      const col = (l: string) => {
        const cells = l.split('\t');
        let width = 0;
        for (const c of cells.slice(0, -1)) width = c === '' ? Math.floor(width / 8) * 8 + 8 : Math.floor((width + c.length) / 8) * 8 + 8;
        return width;
      };
      assert.equal(new Set(frames.map(col)).size, 1, block);
    }
  });
});

describe('block, mutex, threadcreate', () => {
  it('use Go sample types', () => {
    for (const buf of [blockProfile(server), mutexProfile(client)]) {
      const d = decode(buf);
      assert.deepEqual(d.types, ['contentions/count', 'delay/nanoseconds']);
      assert.ok(d.samples.length > 0 && d.samples.every((s) => s.values[0]! > 0 && s.values[1]! > 0));
    }
    const t = decode(threadcreateProfile(server));
    assert.deepEqual(t.types, ['threadcreate/count']);
    assert.ok(t.samples[0]!.values[0]! > 2);
  });
});

describe('trace, cmdline, determinism', () => {
  it('starts a trace with the Go header and scales it with seconds', () => {
    const one = traceBytes(server, 1);
    assert.equal(one.subarray(0, 16).toString('latin1'), 'go 1.23 trace\0\0\0');
    assert.ok(traceBytes(server, 3).length > 2 * one.length);
  });

  it('returns the command line NUL-separated', () => {
    assert.deepEqual(cmdline(server).split('\0'), ['/usr/local/bin/nomad', 'agent', '-config=/etc/nomad.d']);
  });

  it('gives the same bytes for the same agent and different ones for another', () => {
    const at = new Date('2026-11-22T10:00:00Z');
    assert.deepEqual(cpuProfile(server, 1, at), cpuProfile({ ...server }, 1, at));
    assert.deepEqual(heapProfile(client), heapProfile({ ...client }));
    assert.equal(goroutineText(client, 2), goroutineText({ ...client }, 2));
    assert.notDeepEqual(cpuProfile(server, 1, at), cpuProfile({ ...server, name: 'nomad-server-2.global' }, 1, at));
    assert.notEqual(goroutineText(client, 2), goroutineText({ ...client, name: 'other' }, 2));
    assert.notDeepEqual(heapProfile(client), heapProfile({ ...client, seed: 13 }));
  });

  it('varies CPU and heap a little between capture rounds, reproducibly', () => {
    const t1 = new Date('2026-11-22T10:00:00Z');
    const t2 = new Date('2026-11-22T10:00:30Z');
    assert.notDeepEqual(cpuProfile(server, 1, t1), cpuProfile(server, 1, t2));
    assert.notDeepEqual(heapProfile(server, t1), heapProfile(server, t2));
    assert.deepEqual(heapProfile(server, t2), heapProfile(server, t2));
  });

  it('stamps the profile with the capture time given', () => {
    const at = new Date('2026-11-22T12:00:00Z');
    const d = decode(goroutineProfile(server, at));
    assert.equal(BigInt(d.p.timeNanos), BigInt(at.getTime()) * 1_000_000n);
  });
});
