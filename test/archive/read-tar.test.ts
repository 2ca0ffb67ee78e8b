import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArchive, sniffArchive } from '../../src/archive/read-tar.ts';
import { readAll, resolveLimits, type ReadEntry, type ReadProblem } from '../../src/archive/read-limits.ts';
import { tarBytes, tempDir, writeTemp } from '../model/bundle-helpers.ts';

async function collect(bytes: Buffer, visit: (e: ReadEntry) => Promise<string | undefined>, limits = {}) {
  const t = tempDir();
  try {
    const file = writeTemp(t.dir, 'a.bin', bytes);
    const seen: [string, string | undefined][] = [];
    const problems: ReadProblem[] = [];
    await readArchive(file, resolveLimits(limits), {
      async onEntry(e) {
        seen.push([e.path, await visit(e)]);
      },
      onProblem(p) {
        problems.push(p);
      },
    });
    return { seen, problems };
  } finally {
    t.cleanup();
  }
}

const big = 'x'.repeat(200_000);

test('sniffs gzip and tar by magic bytes only', async () => {
  assert.equal(sniffArchive(await tarBytes([['a', 'b']])), 'gzip');
  assert.equal(sniffArchive(await tarBytes([['a', 'b']], false)), 'tar');
  assert.equal(sniffArchive(Buffer.from('PK\x03\x04 zip')), undefined);
  assert.equal(sniffArchive(Buffer.alloc(0)), undefined);
});

test('entries the visitor does not read, or reads only in part, are drained: later entries still arrive', async () => {
  const bytes = await tarBytes([['r/one', big], ['r/two', big], ['r/three', 'last']]);
  const { seen } = await collect(bytes, async (e) => {
    if (e.path === 'r/one') return undefined; // not read at all
    if (e.path === 'r/two') {
      for await (const chunk of e.body) return `first chunk ${chunk.length > 0}`; // stops early
    }
    return (await readAll(e.body)).toString();
  });
  assert.deepEqual(seen, [['r/one', undefined], ['r/two', 'first chunk true'], ['r/three', 'last']]);
});

test('names are normalised; directories are silent; links, devices and unsafe names are reported', async () => {
  const bytes = await tarBytes([
    { header: { name: 'r/', type: 'directory' } },
    ['./r//a/./b.json', '1'],
    { header: { name: 'r/fifo', type: 'fifo' } },
    { header: { name: 'r/l', type: 'symlink', linkname: '../../x' } },
    ['C:/windows/x', '2'],
    ['r/../../up', '3'],
  ]);
  const { seen, problems } = await collect(bytes, async (e) => (await readAll(e.body)).toString());
  assert.deepEqual(seen, [['r/a/b.json', '1']]);
  assert.deepEqual(problems.map((p) => [p.path, p.code]), [
    ['r/fifo', 'UNSAFE_NAME'],
    ['r/l', 'UNSAFE_NAME'],
    ['C:/windows/x', 'UNSAFE_NAME'],
    ['r/../../up', 'UNSAFE_NAME'],
  ]);
});

test('per-entry caps: logs get the log cap, other files the entry cap', async () => {
  const bytes = await tarBytes([['r/server/s/monitor.log', big], ['r/cluster/nodes.json', big], ['r/ok.json', '{}']]);
  const { seen, problems } = await collect(bytes, async (e) => String((await readAll(e.body)).length), {
    maxLogBytes: 300_000,
    maxEntryBytes: 100_000,
  });
  assert.deepEqual(seen, [['r/server/s/monitor.log', '200000'], ['r/ok.json', '2']]);
  assert.deepEqual(problems.map((p) => [p.path, p.code]), [['r/cluster/nodes.json', 'TOO_LARGE']]);
});

test('the total cap stops reading cleanly with one TOO_LARGE problem', async () => {
  const bytes = await tarBytes([['r/a', big], ['r/b', big], ['r/c', big]]);
  const { seen, problems } = await collect(bytes, async (e) => String((await readAll(e.body)).length), { maxTotalBytes: 300_000 });
  assert.ok(seen.length < 3);
  assert.deepEqual(problems.map((p) => p.code), ['TOO_LARGE']);
});

test('entry-count caps: a folder past its cap costs one TOO_MANY problem; the total cap stops reading cleanly', async () => {
  const crowd: [string, string][] = Array.from({ length: 30 }, (_, i) => [`r/crowd/f${String(i).padStart(2, '0')}`, 'x']);
  const bytes = await tarBytes([['r/a', '1'], ...crowd, ['r/b', '2']]);
  const folder = await collect(bytes, async () => undefined, { maxEntriesPerFolder: 10 });
  assert.equal(folder.seen.filter(([p]) => p.startsWith('r/crowd/')).length, 10);
  assert.ok(folder.seen.some(([p]) => p === 'r/b'), 'reading goes on after the crowded folder');
  assert.deepEqual(folder.problems.map((p) => [p.path, p.code]), [['r/crowd', 'TOO_MANY']]);
  assert.match(folder.problems[0]!.reason, /^20 more entries in this folder skipped: over the cap of 10/);

  const total = await collect(bytes, async () => undefined, { maxEntries: 12 });
  assert.equal(total.seen.length, 12);
  assert.deepEqual(total.problems.map((p) => [p.path, p.code, p.reason]), [['', 'TOO_MANY', 'bundle over the cap of 12 entries; stopped reading']]);
});
