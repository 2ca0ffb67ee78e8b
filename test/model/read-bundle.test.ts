import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { buildBundle } from '../../src/model/bundle-builder.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import type { Bundle } from '../../src/model/types.ts';
import { InputError } from '../../src/shared/errors.ts';
import { fixture, ndjson, syntheticProfile, tarBytes, tempDir, writeEntryBomb, writeTemp, writeZeroBomb, type Entry } from './bundle-helpers.ts';

const R = 'nomad-debug-2024-07-09-153012Z';
const entries: Entry[] = [
  [`${R}/index.json`, '[]'],
  [`${R}/cluster/members.json`, JSON.stringify({ Members: [{ Name: 'srv1.global', Addr: '10.0.0.1', Port: 4648, Tags: {}, Status: 'alive' }] })],
  [`${R}/cluster/eventstream.json`, ndjson([{ Topic: 'Node' }, { Topic: 'Node' }, { Index: 5, Events: [{ Topic: 'Job' }] }, {}])],
  [`${R}/server/srv1.global/monitor.log`, '2024-07-09T15:30:12.000Z [WARN]  nomad: slow\n2024-07-09T15:30:12.500Z [INFO]  nomad: ok\n'],
  [`${R}/server/srv1.global/profile_0000.prof`, fixture('profile.prof')],
  [`${R}/server/srv1.global/trace_0000.prof`, Buffer.alloc(77)],
  [`${R}/server/srv1.global/index.html`, '<html></html>'],
  [`${R}/interval/0000/nodes.json`, ndjson([{ ID: 'n1', Status: 'ready' }, { ID: 'n2', Status: 'down' }])],
];

function checkBundle(b: Awaited<ReturnType<typeof readBundle>>) {
  assert.equal(b.root, R);
  assert.equal(b.layout, 'nomad');
  assert.equal(b.createdAt, '2024-07-09T15:30:12Z');
  assert.equal(b.files.length, entries.length);
  assert.deepEqual(b.cluster.eventCounts!.value, { Node: 2, Job: 1 });
  const s = b.servers[0]!;
  assert.equal(s.log!.counts.WARN, 1);
  assert.equal(s.log!.lines, 2);
  assert.equal(s.profiles[0]!.cpu!.type, 'cpu');
  assert.equal(s.profiles[0]!.measured!.trace, 77);
  assert.equal(b.intervals[0]!.nodes!.value.length, 2);
  assert.deepEqual(b.gaps, []);
}

test('reads the same bundle from .tar.gz, .tar (by magic bytes, whatever the extension) and a folder', async () => {
  const t = tempDir();
  try {
    const gz = writeTemp(t.dir, 'bundle.tar.gz', await tarBytes(entries));
    checkBundle(await readBundle(gz));
    const tar = writeTemp(t.dir, 'bundle.gz', await tarBytes(entries, false));
    checkBundle(await readBundle(tar));
    const folder = path.join(t.dir, R);
    for (const [name, body] of entries) {
      const file = path.join(t.dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, body);
    }
    const fromFolder = await readBundle(folder);
    checkBundle(fromFolder);
    // A folder holding only the bundle folder (like -output DIR) is read as that bundle.
    rmSync(gz);
    rmSync(tar);
    checkBundle(await readBundle(t.dir));
    assert.deepEqual(readdirSync(t.dir).sort(), [R], 'nothing written');
  } finally {
    t.cleanup();
  }
});

async function inputError(bytes: Uint8Array, pattern: RegExp): Promise<void> {
  const t = tempDir();
  try {
    const file = writeTemp(t.dir, 'x.tar.gz', bytes);
    await assert.rejects(readBundle(file), (err: unknown) => {
      assert.ok(err instanceof InputError, String(err));
      assert.match(err.message, pattern);
      assert.ok(!err.message.includes('\n'));
      return true;
    });
  } finally {
    t.cleanup();
  }
}

test('bad inputs give one-line InputErrors', async () => {
  const good = await tarBytes(entries);
  await inputError(good.subarray(0, Math.floor(good.length / 2)), /^Cannot read bundle .*x\.tar\.gz: truncated gzip data$/);
  await inputError(randomBytes(4096), /not a gzip or tar file$/);
  await inputError(Buffer.alloc(0), /empty file$/);
  const { gzipSync } = await import('node:zlib');
  await inputError(gzipSync(randomBytes(4096)), /not a tar archive/);
  await inputError(await tarBytes([]), /holds no files$/);
  const corrupt = Buffer.from(good);
  corrupt.fill(0x55, 20, 400);
  await inputError(corrupt, /corrupt gzip data|truncated|not a tar/);
  const tar = await tarBytes(entries, false);
  await inputError(tar.subarray(0, 700), /truncated tar data$/);
  await assert.rejects(readBundle('/nonexistent/bundle.tar.gz'), /Cannot read bundle: \/nonexistent\/bundle\.tar\.gz does not exist$/);
});

test('hostile entries are skipped with UNSAFE_NAME gaps; the rest is read', async () => {
  const t = tempDir();
  try {
    const bytes = await tarBytes([
      ['../x', 'evil'],
      ['/etc/passwd', 'root:x:0:0'],
      { header: { name: `${R}/server/s1/link`, type: 'symlink', linkname: '/etc/shadow' } },
      { header: { name: `${R}/server/s1/hard`, type: 'link', linkname: '/etc/passwd' } },
      [`${R}/a/../../escape.json`, '{}'],
      [`${R}/cluster/leader.json`, '"1.2.3.4:4647"'],
    ]);
    const file = writeTemp(t.dir, 'h.tar.gz', bytes);
    const b = await readBundle(file);
    assert.deepEqual(b.gaps.map((g) => [g.file, g.code]), [
      ['../x', 'UNSAFE_NAME'],
      ['/etc/passwd', 'UNSAFE_NAME'],
      ['a/../../escape.json', 'UNSAFE_NAME'],
      ['server/s1/hard', 'UNSAFE_NAME'],
      ['server/s1/link', 'UNSAFE_NAME'],
    ]);
    assert.equal(b.cluster.leader!.value, '1.2.3.4:4647');
    assert.deepEqual(readdirSync(t.dir), ['h.tar.gz'], 'nothing extracted');
  } finally {
    t.cleanup();
  }
});

test('a zero-filled gzip bomb: entry over the cap is skipped and reading goes on; total cap stops cleanly', async () => {
  const t = tempDir();
  try {
    const file = path.join(t.dir, 'bomb.tar.gz');
    await writeZeroBomb(file, 48 * 1024 * 1024, [[`nomad-debug-2026-01-01-000000Z/cluster/leader.json`, '"a:1"']]);
    const b = await readBundle(file, { maxLogBytes: 1024 * 1024, maxEntryBytes: 1024 * 1024, maxTotalBytes: 512 * 1024 * 1024 });
    assert.deepEqual(b.gaps.map((g) => g.code), ['TOO_LARGE']);
    assert.match(b.gaps[0]!.reason, /over the cap of 1048576 bytes/);
    assert.equal(b.cluster.leader!.value, 'a:1', 'entries after the bomb are still read');
    const stopped = await readBundle(file, { maxTotalBytes: 4 * 1024 * 1024 });
    assert.deepEqual(stopped.gaps.map((g) => g.code), ['TOO_LARGE']);
    assert.match(stopped.gaps[0]!.reason, /total cap/);
    assert.equal(stopped.cluster.leader, undefined);
  } finally {
    t.cleanup();
  }
});

test('folder input: symlinks (even pointing outside) are not followed, large files are capped', async () => {
  const t = tempDir();
  try {
    const root = path.join(t.dir, R);
    mkdirSync(path.join(root, 'cluster'), { recursive: true });
    mkdirSync(path.join(root, 'server', 's1'), { recursive: true });
    writeFileSync(path.join(t.dir, 'secret.json'), '"outside"');
    symlinkSync(path.join(t.dir, 'secret.json'), path.join(root, 'cluster', 'leader.json'));
    symlinkSync(t.dir, path.join(root, 'server', 'loop'));
    writeFileSync(path.join(root, 'cluster', 'regions.json'), '["global"]');
    writeFileSync(path.join(root, 'cluster', 'nodes.json'), `[${'{},'.repeat(2000)}{}]`);
    const b = await readBundle(root, { maxEntryBytes: 1000 });
    assert.equal(b.cluster.leader, undefined);
    assert.deepEqual(b.cluster.regions!.value, ['global']);
    assert.deepEqual(b.gaps.map((g) => [g.file, g.code]), [
      ['cluster/leader.json', 'UNSAFE_NAME'],
      ['cluster/nodes.json', 'TOO_LARGE'],
      ['server/loop', 'UNSAFE_NAME'],
    ]);
    assert.deepEqual(b.files, ['cluster/regions.json']);
  } finally {
    t.cleanup();
  }
});

test('an entry-count bomb stops at the cap with one TOO_MANY gap; what came before is read', async () => {
  const t = tempDir();
  try {
    const file = path.join(t.dir, 'bomb.tar.gz');
    await writeEntryBomb(file, 20_000);
    const b = await readBundle(file, { maxEntries: 5_000 });
    assert.deepEqual(b.gaps, [{ file: '', code: 'TOO_MANY', reason: 'bundle over the cap of 5000 entries; stopped reading' }]);
    assert.equal(b.files.length, 5_000);
    assert.equal(b.cluster.members?.value.Members.length, 1);
  } finally {
    t.cleanup();
  }
});

test('one hostile profile fails alone: a 100,000-frame stack and a truncated raw protobuf beside good ones in the worker', async () => {
  const t = tempDir();
  try {
    const entries: Entry[] = [[`${R}/cluster/members.json`, JSON.stringify({ Members: [] })]];
    const raw = gunzipSync(fixture('profile.prof'));
    for (let i = 0; i < 12; i++) {
      const dir = `${R}/client/c${String(i).padStart(2, '0')}`;
      const cpu = i === 5 ? syntheticProfile([{ frames: Array.from({ length: 100_000 }, (_, k) => `f${k}`), value: 9 }]) : i === 7 ? raw.subarray(0, raw.length - 40) : fixture('profile.prof');
      entries.push([`${dir}/profile_0000.prof`, cpu], [`${dir}/goroutine-debug2_0000.txt`, fixture('goroutine-debug2.txt')]);
    }
    const b = await readBundle(writeTemp(t.dir, 'b.tar.gz', await tarBytes(entries)));
    assert.deepEqual(b.gaps.map((g) => [g.file, g.code]), [['client/c07/profile_0000.prof', 'INVALID_PROFILE']]);
    assert.equal(b.clients.length, 12);
    for (const c of b.clients) assert.ok(c.profiles[0]?.goroutineDebug2, `${c.id}: its goroutine dump`);
    assert.equal(b.clients.find((c) => c.id === 'c05')!.profiles[0]!.cpu!.top[0]!.name, 'f0');
  } finally {
    t.cleanup();
  }
});

test('folder input: the entry-count caps hold as in an archive', async () => {
  const t = tempDir();
  try {
    const root = path.join(t.dir, R);
    mkdirSync(path.join(root, 'cluster'), { recursive: true });
    mkdirSync(path.join(root, 'interval', '0000'), { recursive: true });
    writeFileSync(path.join(root, 'cluster', 'regions.json'), '["global"]');
    for (let i = 0; i < 40; i++) writeFileSync(path.join(root, 'interval', '0000', `junk-${String(i).padStart(2, '0')}.json`), '{}');
    const crowded = await readBundle(root, { maxEntriesPerFolder: 25 });
    assert.deepEqual(crowded.gaps.map((g) => [g.file, g.code]), [['interval/0000', 'TOO_MANY']]);
    assert.equal(crowded.files.filter((f) => f.startsWith('interval/0000/')).length, 25);
    const stopped = await readBundle(root, { maxEntries: 10 });
    assert.deepEqual(stopped.gaps.map((g) => [g.file, g.code]), [['', 'TOO_MANY']]);
    assert.ok(stopped.files.length < 10);
  } finally {
    t.cleanup();
  }
});

test('many profiles (parsed in worker threads) give the same Bundle as the in-memory builder', async () => {
  const many: Entry[] = [];
  for (let r = 0; r < 6; r++) {
    const n = String(r).padStart(4, '0');
    many.push([`${R}/client/c1/profile_${n}.prof`, fixture('profile.prof')]);
    many.push([`${R}/client/c1/goroutine-debug2_${n}.txt`, fixture('goroutine-debug2.txt')]);
    many.push([`${R}/client/c1/heap_${n}.prof`, r === 4 ? 'broken' : fixture('heap.prof')]);
  }
  many.push([`${R}/cluster/leader.json`, '"x:1"']);
  const t = tempDir();
  try {
    const b = await readBundle(writeTemp(t.dir, 'm.tar.gz', await tarBytes(many)));
    assert.deepEqual(b, buildBundle(many));
    assert.equal(b.clients[0]!.profiles.length, 6);
    assert.equal(b.clients[0]!.profiles[5]!.goroutineDebug2!.groups[0]!.count, 250);
    assert.deepEqual(b.gaps.map((g) => [g.file, g.code]), [['client/c1/heap_0004.prof', 'INVALID_PROFILE']]);
  } finally {
    t.cleanup();
  }
});

test('readBundle: past the inline profiles too, a binary goroutine profile after its text dump is skipped', async () => {
  const entries: Entry[] = [];
  for (let i = 0; i < 12; i++) {
    entries.push([`nomad-debug-2024-07-09-153012Z/client/c${i}/goroutine-debug2_0000.txt`, fixture('goroutine-debug2.txt')]);
    entries.push([`nomad-debug-2024-07-09-153012Z/client/c${i}/goroutine_0000.prof`, fixture('goroutine.prof')]);
    entries.push([`nomad-debug-2024-07-09-153012Z/client/c${i}/heap_0000.prof`, fixture('heap.prof')]);
  }
  const { dir, cleanup } = tempDir();
  let b;
  try {
    b = await readBundle(writeTemp(dir, 'b.tar.gz', await tarBytes(entries)));
  } finally {
    cleanup();
  }
  assert.equal(b.clients.length, 12);
  for (const c of b.clients) {
    assert.equal(c.profiles[0]!.goroutineDebug2!.total, 251, c.id);
    assert.equal(c.profiles[0]!.goroutine, undefined, c.id);
    assert.equal(c.profiles[0]!.heap!.type, 'heap', c.id);
  }
});

test('readBundle: each round keeps its most detailed goroutine source, whatever order the archive lists them in', async () => {
  const d1 = fixture('goroutine-debug1.txt');
  const d2 = fixture('goroutine-debug2.txt');
  const bin = fixture('goroutine.prof');
  const entries: Entry[] = [];
  for (let i = 0; i < 12; i++) {
    const c = `${R}/client/c${String(i).padStart(2, '0')}`;
    const orders: Entry[][] = [
      [[`${c}/goroutine_0000.prof`, bin], [`${c}/goroutine-debug1_0000.txt`, d1], [`${c}/goroutine-debug2_0000.txt`, d2]],
      [[`${c}/goroutine-debug2_0000.txt`, d2], [`${c}/goroutine-debug1_0000.txt`, d1], [`${c}/goroutine_0000.prof`, bin]],
      [[`${c}/goroutine-debug1_0000.txt`, d1], [`${c}/goroutine_0000.prof`, bin]],
      [[`${c}/goroutine_0000.prof`, bin], [`${c}/heap_0000.prof`, fixture('heap.prof')]],
    ];
    entries.push(...orders[i % 4]!);
  }
  const { dir, cleanup } = tempDir();
  let b;
  try {
    b = await readBundle(writeTemp(dir, 'g.tar.gz', await tarBytes(entries)));
  } finally {
    cleanup();
  }
  assert.deepEqual(b, buildBundle(entries));
  b.clients.forEach((c, i) => {
    const r = c.profiles[0]!;
    const kept = (['goroutine', 'goroutineDebug1', 'goroutineDebug2'] as const).filter((k) => r[k] !== undefined);
    assert.deepEqual(kept, [['goroutineDebug2'], ['goroutineDebug2'], ['goroutineDebug1'], ['goroutine']][i % 4], c.id);
    assert.equal((r.goroutineDebug2 ?? r.goroutineDebug1 ?? r.goroutine)!.total, 251, c.id);
  });
});

test('readBundle: a round whose debug=2 dump failed keeps its debug=1 dump, or else its binary profile', async () => {
  const failed = '{"Error":"Unexpected response code: 500 (context deadline exceeded)"}';
  const entries: Entry[] = [];
  for (let i = 0; i < 12; i++) {
    const c = `${R}/client/c${String(i).padStart(2, '0')}`;
    entries.push([`${c}/goroutine-debug2_0000.txt`, failed]);
    entries.push([`${c}/goroutine-debug1_0000.txt`, i % 2 === 0 ? fixture('goroutine-debug1.txt') : failed]);
    entries.push([`${c}/goroutine_0000.prof`, fixture('goroutine.prof')]);
  }
  const { dir, cleanup } = tempDir();
  let b;
  try {
    b = await readBundle(writeTemp(dir, 'f.tar.gz', await tarBytes(entries)));
  } finally {
    cleanup();
  }
  // Held sources are decided at the end, so their gaps come last; otherwise the same Bundle.
  const byFile = (x: Bundle) => ({ ...x, gaps: [...x.gaps].sort((g, h) => (g.file < h.file ? -1 : 1)) });
  assert.deepEqual(byFile(b), byFile(buildBundle(entries)));
  b.clients.forEach((c, i) => {
    const r = c.profiles[0]!;
    assert.equal(r.goroutineDebug2, undefined, c.id);
    if (i % 2 === 0) {
      assert.equal(r.goroutineDebug1!.total, 251, c.id);
      assert.equal(r.goroutine, undefined, c.id);
    } else {
      assert.equal(r.goroutine!.total, 251, c.id);
    }
  });
  assert.ok(b.gaps.some((g) => g.file === 'client/c00/goroutine-debug2_0000.txt' && g.code === 'ERROR_FILE'));
});
