import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseGoroutineText } from '../../src/model/goroutine-text.ts';

const read = (name: string) => readFileSync(new URL(`../fixtures/go-pprof/${name}`, import.meta.url), 'utf8');

test('debug=1 dump: total and the 250 leaked main.leakyWorker as the largest group', () => {
  const dump = parseGoroutineText(read('goroutine-debug1.txt'), 'g1.txt')!;
  assert.equal(dump.format, 'debug1');
  assert.equal(dump.total, 251);
  assert.equal(dump.groups[0]!.count, 250);
  assert.deepEqual(dump.groups[0]!.stack, ['main.leakyWorker']);
  assert.equal(dump.groups.reduce((n, g) => n + g.count, 0), 251);
  assert.equal(dump.groups[1]!.stack[0], 'runtime/pprof.runtime_goroutineProfileWithLabels');
});

test('debug=2 dump: goroutines grouped by stack with state and createdBy', () => {
  const dump = parseGoroutineText(read('goroutine-debug2.txt'), 'g2.txt')!;
  assert.equal(dump.format, 'debug2');
  assert.ok(dump.total >= 251, `total ${dump.total}`);
  const top = dump.groups[0]!;
  assert.equal(top.count, 250);
  assert.equal(top.state, 'chan receive');
  assert.deepEqual(top.stack, ['main.leakyWorker']);
  assert.equal(top.createdBy, 'main.main');
  const running = dump.groups.find((g) => g.state === 'running')!;
  assert.equal(running.stack[0], 'runtime/pprof.writeGoroutineStacks');
  assert.equal(running.stack.at(-1), 'main.main');
});

test('debug=2 wait minutes: the longest wait in a group is kept', () => {
  const text = [
    'goroutine 5 [select, 3 minutes]:',
    'main.loop(0xc000)',
    '\t/src/main.go:10 +0x1',
    'created by main.main in goroutine 1',
    '\t/src/main.go:5 +0x2',
    '',
    'goroutine 6 [select, 12 minutes, locked to thread]:',
    'main.loop(0xc001)',
    '\t/src/main.go:10 +0x1',
    'created by main.main in goroutine 1',
    '\t/src/main.go:5 +0x2',
    '',
    'goroutine 7 [IO wait]:',
    'internal/poll.(*FD).Read(...)',
    '\t/go/src/fd.go:1',
    '',
  ].join('\n');
  const dump = parseGoroutineText(text, 'x')!;
  assert.equal(dump.total, 3);
  assert.deepEqual(dump.groups[0], { count: 2, state: 'select', waitMinutes: 12, stack: ['main.loop'], createdBy: 'main.main' });
  assert.deepEqual(dump.groups[1]!.stack, ['internal/poll.(*FD).Read']);
  assert.equal(dump.groups[1]!.state, 'IO wait');
});

test('text that is no goroutine dump gives undefined', () => {
  assert.equal(parseGoroutineText('{"Error":"Permission denied"}', 'x'), undefined);
  assert.equal(parseGoroutineText('', 'x'), undefined);
});

test('debug=2 grouping: same names group whatever the arguments; a different state, creator or frame does not', () => {
  const g = (id: number, state: string, frames: string[], creator?: string) =>
    [`goroutine ${id} [${state}]:`, ...frames.flatMap((f) => [f, '\t/src/x.go:1 +0x1']), ...(creator ? [`created by ${creator} in goroutine 1`, '\t/src/x.go:2 +0x2'] : []), ''].join('\n');
  const text = [
    g(1, 'select', ['main.a(0x1, 0x2)', 'main.(*T).b(0xc0)'], 'main.main'),
    g(2, 'select', ['main.a(0x9?, 0x8)', 'main.(*T).b(...)'], 'main.main'),
    g(3, 'select', ['main.a(0x1)', 'main.(*T).b(0xc0)'], 'main.other'),
    g(4, 'select', ['main.a(0x1)', 'main.(*T).b(0xc0)']),
    g(5, 'chan receive', ['main.a(0x1)', 'main.(*T).b(0xc0)'], 'main.main'),
    g(6, 'select', ['main.a(0x1)', 'main.(*T).c(0xc0)'], 'main.main'),
    g(7, 'select', ['main.a(0x1)'], 'main.main'),
  ].join('');
  const dump = parseGoroutineText(text, 'x')!;
  assert.equal(dump.total, 7);
  assert.equal(dump.groups.length, 6);
  assert.deepEqual(dump.groups[0], { count: 2, state: 'select', stack: ['main.a', 'main.(*T).b'], createdBy: 'main.main' });
  assert.deepEqual(dump.groups.slice(1).map((x) => [x.state, x.stack.join(' '), x.createdBy ?? '']), [
    ['select', 'main.a main.(*T).b', 'main.other'],
    ['select', 'main.a main.(*T).b', ''],
    ['chan receive', 'main.a main.(*T).b', 'main.main'],
    ['select', 'main.a main.(*T).c', 'main.main'],
    ['select', 'main.a', 'main.main'],
  ]);
});

test('debug=2 odd text: CRLF lines, a broken header, elided frames and a bare "created by"', () => {
  const text = [
    'goroutine 1 [select, 2 minutes]:\r', 'main.a(0x1)\r', '\t/x.go:1\r', 'created by main.main\r', '',
    'goroutine 2 [select, 4 minutes]:\r', 'main.a(0x2) \r', 'created by main.main\r', '',
    'goroutine x [broken]', 'main.ignored()', '',
    'goroutine 3 [running]:', 'main.deep()', '...additional frames elided...', 'created by ', '',
  ].join('\n');
  const dump = parseGoroutineText(text, 'x')!;
  assert.equal(dump.total, 3);
  assert.deepEqual(dump.groups, [
    { count: 2, state: 'select', stack: ['main.a'], waitMinutes: 4, createdBy: 'main.main\r' },
    { count: 1, state: 'running', stack: ['main.deep', '...additional frames elided...'] },
  ]);
});
