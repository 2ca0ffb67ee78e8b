import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import { parsePprofEntry } from '../../src/model/pprof-entry.ts';
import { fromWire, toWire } from '../../src/model/parse-wire.ts';
import { fixture } from './bundle-helpers.ts';

const cross = (o: ReturnType<typeof parsePprofEntry>) => fromWire(deserialize(serialize(toWire(o))));

test('a CPU profile crosses with its flame tree as text and reads back the same, once parsed', () => {
  const inline = parsePprofEntry('server/s/profile_0000.prof', false, fixture('profile.prof'));
  assert.equal(inline.kind, 'profile');
  const wire = toWire(inline);
  assert.ok('flameJson' in wire && !('flame' in wire.value), 'the tree travels as JSON text');
  const back = cross(inline);
  assert.ok(back.kind === 'profile' && inline.kind === 'profile');
  const first = back.value.flame;
  assert.deepEqual(first, inline.value.flame);
  assert.equal(back.value.flame, first, 'parsed once, then an ordinary property');
  assert.deepEqual(back, inline);
  assert.deepEqual(Object.keys(back.value).sort(), Object.keys(inline.value).sort());
  assert.deepEqual(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(inline)));
});

test('outcomes without a flame tree cross unchanged', () => {
  for (const [rel, text, bytes] of [
    ['server/s/heap_0000.prof', false, fixture('heap.prof')],
    ['server/s/goroutine-debug2_0000.txt', true, fixture('goroutine-debug2.txt')],
    ['server/s/block_0000.prof', false, Buffer.from('garbage')],
  ] as const) {
    const inline = parsePprofEntry(rel, text, bytes);
    assert.equal(toWire(inline), inline);
    assert.deepEqual(cross(inline), inline);
  }
});
