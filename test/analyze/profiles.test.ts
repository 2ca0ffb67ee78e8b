import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/profiles.ts';
import { groupFunction, hottestByAgent, hottestFunctions, isIdleGroup } from '../../src/analyze/profiles.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, emptyBundle, goroutineDump, has, node, normalGroups, profile, withNodes, withRound } from './bundle-builder.ts';

const MS = 1e6;
const cpu = (file: string, top: [string, number][]) => profile(file, 'cpu', 'cpu', 'nanoseconds', 1000 * MS, top);
const leak = (count: number) => ({
  count, state: 'chan receive', waitMinutes: 42,
  stack: ['runtime.gopark', 'runtime.chanrecv', 'runtime.chanrecv1', 'github.com/hashicorp/nomad/client/allocrunner/taskrunner.(*TaskRunner).Run'],
  createdBy: 'github.com/hashicorp/nomad/client/allocrunner.(*allocRunner).runTasks',
});

test('profiles: hottest function is info; a non-runtime function over 40% flat is a warning', () => {
  const b = emptyBundle();
  const s1 = agent(b, 'server', 'server-1.global');
  withRound(s1, { cpu: cpu('server/server-1.global/profile_0000.prof', [['runtime.mallocgc', 200 * MS], ['github.com/hashicorp/nomad/nomad.(*Worker).run', 100 * MS]]) });
  const s2 = agent(b, 'server', 'server-2.global');
  withRound(s2, { cpu: cpu('server/server-2.global/profile_0000.prof', [['github.com/hashicorp/nomad/nomad/state.(*StateStore).UpsertAllocs', 550 * MS], ['runtime.memmove', 100 * MS]]) });
  const s3 = agent(b, 'server', 'server-3.global');
  withRound(s3, { cpu: cpu('server/server-3.global/profile_0000.prof', [['runtime.futex', 700 * MS]]) });
  const f = findingsOf(check.run(b));
  const one = f.find((x) => x.subject === 'server-1.global')!;
  assert.equal(f.filter((x) => x.subject === 'server-1.global').length, 1);
  assert.equal(one.severity, 'info');
  assert.match(one.title, /hottest runtime\.mallocgc \(20%\)/);
  const two = f.find((x) => x.subject === 'server-2.global' && x.severity === 'warning')!;
  assert.equal(two.severity, 'warning');
  assert.match(two.title, /state\.\(\*StateStore\)\.UpsertAllocs takes 55% of CPU/);
  assert.equal(two.evidence[0]!.file, 'server/server-2.global/profile_0000.prof');
  assert.deepEqual(f.filter((x) => x.subject === 'server-3.global').map((x) => x.severity), ['info'], 'runtime hot spots are not flagged');
});

test('profiles: goroutine pile-up names the function; normal stacks stay info', () => {
  const b = emptyBundle();
  const leaky = agent(b, 'client', 'leaky');
  withRound(leaky, { goroutineDebug2: goroutineDump('client/leaky/goroutine-debug2_0000.txt', [...normalGroups(), leak(400)]) });
  const fine = agent(b, 'client', 'fine');
  withRound(fine, { goroutineDebug2: goroutineDump('client/fine/goroutine-debug2_0000.txt', normalGroups()) });
  const f = findingsOf(check.run(b));
  const w = f.find((x) => x.subject === 'leaky' && x.severity === 'warning')!;
  assert.match(w.title, /400 goroutines stuck in taskrunner\.\(\*TaskRunner\)\.Run/);
  assert.match(w.detail, /chan receive, the oldest waiting 42 minutes/);
  assert.ok(!has(f, { subject: 'fine', severity: 'warning' }));
  // both lack a CPU profile: their heap and goroutines are one info finding that keeps both subjects
  const info = f.find((x) => x.severity === 'info' && (x.subjects ?? [x.subject]).includes('fine'))!;
  assert.match(info.title, /heap and goroutines of 2 agents without a CPU profile/);
  assert.match(info.detail, /fine: 30 goroutines/);
});

test('profiles: one yamux session per connected client is the cluster\'s size, not a pile-up; far more than the cluster holds is', () => {
  const sessions = (count: number) => ({
    count, state: 'IO wait', stack: ['runtime.gopark', 'internal/poll.(*FD).Read', 'net.(*conn).Read', 'bufio.(*Reader).Read', 'github.com/hashicorp/yamux.(*Session).recvLoop', 'github.com/hashicorp/yamux.(*Session).recv'],
    createdBy: 'github.com/hashicorp/yamux.newSession',
  });
  const b = emptyBundle();
  withNodes(b, Array.from({ length: 300 }, (_, i) => node(`n${i}`, `client-${i}`)));
  withRound(agent(b, 'server', 'server-1.global'), { goroutineDebug2: goroutineDump('server/server-1.global/goroutine-debug2_0000.txt', [...normalGroups(), sessions(300)]) });
  assert.ok(!has(findingsOf(check.run(b)), { severity: 'warning' }), 'a session per client');
  withRound(agent(b, 'server', 'server-2.global'), { goroutineDebug2: goroutineDump('server/server-2.global/goroutine-debug2_0000.txt', [...normalGroups(), sessions(5000)]) });
  assert.ok(has(findingsOf(check.run(b)), { subject: 'server-2.global', severity: 'warning', title: /5000 goroutines stuck/ }), 'sessions leaking');
});

test('profiles: GC workers are idle even in numbers; the majority rule needs 50+ goroutines', () => {
  assert.ok(isIdleGroup({ count: 500, stack: ['runtime.gopark', 'runtime.gcBgMarkWorker'] }));
  assert.equal(groupFunction(leak(1)), 'github.com/hashicorp/nomad/client/allocrunner/taskrunner.(*TaskRunner).Run');
  const b = emptyBundle();
  withRound(agent(b, 'client', 'small'), { goroutineDebug2: goroutineDump('x', [leak(20), ...normalGroups().slice(0, 1)]) });
  assert.ok(!has(findingsOf(check.run(b)), { severity: 'warning' }));
  withRound(agent(b, 'client', 'big'), { goroutineDebug2: goroutineDump('y', [leak(60), ...normalGroups()]) });
  assert.ok(has(findingsOf(check.run(b)), { subject: 'big', severity: 'warning' }));
});

test('profiles: goroutines and heap growing every round', () => {
  const b = emptyBundle();
  const a = agent(b, 'client', 'grow');
  for (const [i, n] of [100, 180, 260].entries()) {
    withRound(a, {
      goroutine: profile(`client/grow/goroutine_000${i}.prof`, 'goroutine', 'goroutine', 'count', n, [['runtime.gopark', n]]),
      heap: profile(`client/grow/heap_000${i}.prof`, 'heap', 'inuse_space', 'bytes', (i + 1) * 50e6, [['x', 1]]),
    });
  }
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { subject: 'grow', severity: 'warning', title: /goroutines grow every round \(100 → 260\)/ }));
  assert.ok(has(f, { subject: 'grow', severity: 'warning', title: /heap grows every round/ }));
  assert.ok(has(f, { subject: 'grow', severity: 'info', title: /143 MiB heap, 260 goroutines/ }));
  const flat = emptyBundle();
  const c = agent(flat, 'client', 'flat');
  for (const n of [100, 90, 120]) withRound(c, { goroutine: profile('g', 'goroutine', 'goroutine', 'count', n, []) });
  assert.ok(!has(findingsOf(check.run(flat)), { title: /grow/ }));
});

test('profiles: helpers compute percentages from the total; not evaluated without pprof', () => {
  const p = cpu('p', [['a', 100 * MS], ['b', 300 * MS]]);
  assert.deepEqual(hottestFunctions(p, 1).map((h) => [h.name, h.flatPct]), [['b', 30]]);
  const b = emptyBundle();
  withRound(agent(b, 'server', 's'), { cpu: p });
  assert.equal(hottestByAgent(b)[0]!.functions[0]!.name, 'b');
  assert.match(notEvaluated(check.run(emptyBundle())), /agent:write/);
});

test('profiles: the same hottest function on many agents is one finding naming them all; an agent alone keeps its line', () => {
  const b = emptyBundle();
  const cpu = (id: string, fn: string, share: number) =>
    withRound(agent(b, 'client', id), { round: 0, cpu: profile(`client/${id}/profile_0000.prof`, 'cpu', 'cpu', 'nanoseconds', 100, [[fn, share]]) });
  for (let i = 0; i < 4; i++) cpu(`c${i}`, 'runtime.scanobject', 30 + i);
  cpu('c9', 'main.spin', 60);
  const f = findingsOf(check.run(b)).filter((x) => x.severity === 'info');
  assert.deepEqual(f.map((x) => [x.subject, x.title, x.subjects]), [
    ['cluster', 'hottest runtime.scanobject on 4 of 5 agents', ['c0', 'c1', 'c2', 'c3']],
    ['c9', 'c9: hottest main.spin (60%)', undefined],
  ]);
  assert.match(f[0]!.detail, /c3 33%, c2 32%/);
});

test('profiles: several functions each hottest on many agents are one inventory finding that names each with its count', () => {
  const b = emptyBundle();
  const cpu = (id: string, fn: string, share: number) =>
    withRound(agent(b, 'client', id), { round: 0, cpu: profile(`client/${id}/profile_0000.prof`, 'cpu', 'cpu', 'nanoseconds', 100, [[fn, share]]) });
  for (let i = 0; i < 4; i++) cpu(`a${i}`, 'runtime.scanobject', 30 + i);
  for (let i = 0; i < 3; i++) cpu(`b${i}`, 'syscall.Syscall6', 20 + i);
  const f = findingsOf(check.run(b)).filter((x) => x.severity === 'info');
  assert.deepEqual(f.map((x) => x.title), ['hottest functions across 7 agents: runtime.scanobject on 4, syscall.Syscall6 on 3']);
  assert.deepEqual(f[0]!.subjects!.sort(), ['a0', 'a1', 'a2', 'a3', 'b0', 'b1', 'b2']);
});
