import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BUNDLE_SHAPE, MAX_FLAME_DEPTH, parseProfile, ProfileDecodeError } from '../../src/model/pprof.ts';
import { syntheticProfile } from './bundle-helpers.ts';

const dir = new URL('../fixtures/go-pprof/', import.meta.url);

interface ExpectedTop {
  type: string;
  total: number;
  rows: { name: string; flat: number; cum: number }[];
}

/** Reads a `go tool pprof -top` text: "Type:", the total, and the rows with units parsed. */
function parseTopText(text: string): ExpectedTop {
  const type = /^Type: (\S+)/m.exec(text)?.[1] ?? '';
  const totalMatch = /of (\S+) total/.exec(text);
  const rows: ExpectedTop['rows'] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s+(.+?)(?: \(inline\))?$/.exec(line);
    if (m) rows.push({ flat: parseValue(m[1]!), cum: parseValue(m[2]!), name: m[3]! });
  }
  return { type, total: parseValue(totalMatch?.[1] ?? '0'), rows };
}

function parseValue(text: string): number {
  const m = /^(-?[\d.]+)([a-zA-Z]*)$/.exec(text);
  assert.ok(m, `value ${text}`);
  const n = Number(m[1]);
  const units: Record<string, number> = {
    '': 1, ns: 1, us: 1e3, ms: 1e6, s: 1e9, mins: 60e9, hrs: 3600e9,
    B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3,
  };
  const mult = units[m[2]!];
  assert.ok(mult !== undefined, `unit ${m[2]}`);
  return n * mult;
}

const within1pct = (actual: number, expected: number) =>
  Math.abs(actual - expected) <= Math.max(Math.abs(expected) * 0.01, 1e-9);

const cases: [string, string][] = [
  ['profile.prof', 'profile.top.txt'],
  ['heap.prof', 'heap.top.txt'],
  ['heap.prof', 'heap.inuse_space.top.txt'],
  ['allocs.prof', 'allocs.top.txt'],
  ['goroutine.prof', 'goroutine.top.txt'],
  ['block.prof', 'block.top.txt'],
  ['mutex.prof', 'mutex.top.txt'],
  ['threadcreate.prof', 'threadcreate.top.txt'],
];

for (const [prof, topFile] of cases) {
  test(`top table of ${prof} agrees with ${topFile}`, () => {
    const summary = parseProfile(readFileSync(new URL(prof, dir)), prof);
    const expected = parseTopText(readFileSync(new URL(topFile, dir), 'utf8'));
    assert.equal(summary.sampleType, expected.type);
    assert.ok(within1pct(summary.total, expected.total), `total ${summary.total} vs ${expected.total}`);
    const rows = expected.rows.slice(0, 10);
    assert.deepEqual(summary.top.slice(0, rows.length).map((r) => r.name), rows.map((r) => r.name));
    rows.forEach((row, i) => {
      const got = summary.top[i]!;
      assert.ok(within1pct(got.flat, row.flat), `${row.name} flat ${got.flat} vs ${row.flat}`);
      assert.ok(within1pct(got.cum, row.cum), `${row.name} cum ${got.cum} vs ${row.cum}`);
    });
    if (rows.length > 0) assert.ok(Math.abs(summary.top.at(-1)!.sumPct - 100) < 0.01 || summary.top.length > 10);
  });
}

test('cpu profile carries type, unit, duration and a root-first flame tree', () => {
  const s = parseProfile(readFileSync(new URL('profile.prof', dir)), 'server/a/profile_0000.prof');
  assert.equal(s.type, 'cpu');
  assert.equal(s.unit, 'nanoseconds');
  assert.ok((s.durationNanos ?? 0) > 2e9);
  assert.equal(s.flame!.value, s.total);
  assert.equal(s.flame!.children[0]!.name, 'runtime.main');
  const names: string[] = [];
  const walk = (n: NonNullable<typeof s.flame>) => { names.push(n.name); n.children.forEach(walk); };
  walk(s.flame!);
  assert.ok(names.includes('crypto/sha256.block'));
  assert.doesNotThrow(() => JSON.stringify(s), 'no bigint leaks');
});

test('recursive functions count once in cum; flame tree prunes tiny frames', () => {
  const bytes = syntheticProfile([
    { frames: ['f', 'f', 'f', 'main'], value: 10 },
    { frames: ['g', 'main'], value: 5 },
    { frames: ['tiny', 'main'], value: 1 },
    { frames: ['main'], value: 2000 },
  ]);
  const s = parseProfile(bytes, 'x.prof');
  const f = s.top.find((r) => r.name === 'f')!;
  assert.equal(f.flat, 10);
  assert.equal(f.cum, 10);
  assert.equal(s.top.find((r) => r.name === 'main')!.cum, 2016);
  assert.equal(s.top[0]!.name, 'main');
  const main = s.flame!.children[0]!;
  assert.deepEqual(main.children.map((c) => c.name), ['f', 'g']);
  assert.equal(main.children[0]!.children[0]!.children[0]!.name, 'f');
});

test('garbage bytes give a ProfileDecodeError, not a crash', () => {
  assert.throws(() => parseProfile(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 'x.prof'), ProfileDecodeError);
  assert.throws(() => parseProfile(Buffer.from('hello world, not a profile'), 'x.prof'), ProfileDecodeError);
});

test('the bundle shape keeps the first top rows and a pruned flame tree for CPU profiles only', () => {
  // 50 functions under main, and one at 0.3% of the total: in the full tree, not in the bundle's.
  const stacks = Array.from({ length: 50 }, (_, i) => ({ frames: [`fn${i}`, 'main'], value: 1000 - i }));
  const many = syntheticProfile([...stacks, { frames: ['small', 'main'], value: 150 }]);
  const full = parseProfile(many, 'profile_0000.prof');
  const small = parseProfile(many, 'profile_0000.prof', BUNDLE_SHAPE);
  assert.equal(full.top.length, 52);
  assert.deepEqual(small.top, full.top.slice(0, BUNDLE_SHAPE.topRows));
  assert.equal(small.total, full.total);
  const below = (n: NonNullable<typeof full.flame>): string[] => n.children.flatMap((c) => [c.name, ...below(c)]);
  assert.ok(below(full.flame!).includes('small'));
  assert.ok(!below(small.flame!).includes('small'));
  assert.equal(below(small.flame!).length, 51);

  const heap = parseProfile(readFileSync(new URL('heap.prof', dir)), 'heap.prof', BUNDLE_SHAPE);
  assert.equal(heap.flame, undefined);
  assert.ok(heap.total > 0);
});

test('a truncated raw protobuf is a ProfileDecodeError, never a profile with empty names', () => {
  const raw = gunzipSync(readFileSync(new URL('profile.prof', dir)));
  for (const share of [0.95, 0.5, 0.1]) {
    assert.throws(() => parseProfile(raw.subarray(0, Math.floor(raw.length * share)), 'profile_0000.prof'), /truncated or damaged profile/);
  }
  assert.equal(parseProfile(raw, 'profile_0000.prof').type, 'cpu', 'the whole raw protobuf still parses');
});

test('a 100,000-frame stack: the top table counts it, the flame tree stops at MAX_FLAME_DEPTH and serialises', () => {
  const deep = Array.from({ length: 100_000 }, (_, i) => `f${i}`);
  const s = parseProfile(syntheticProfile([{ frames: deep, value: 7 }, { frames: ['g', 'main'], value: 3 }]), 'profile_0000.prof', BUNDLE_SHAPE);
  assert.equal(s.top[0]!.name, 'f0');
  assert.equal(s.top[0]!.flat, 7);
  let depth = 0;
  for (let n = s.flame!; n.children.length > 0; n = n.children[0]!) depth++;
  assert.equal(depth, MAX_FLAME_DEPTH);
  assert.doesNotThrow(() => JSON.stringify(s.flame));
});
