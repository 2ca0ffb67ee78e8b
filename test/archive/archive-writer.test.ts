import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { Staging } from '../../src/archive/staging.ts';
import { ArchiveWriter } from '../../src/archive/archive-writer.ts';
import { indexJson } from '../../src/archive/index-file.ts';

async function listArchive(file: string): Promise<{ name: string; type: string; mode?: number; body: string }[]> {
  const out: { name: string; type: string; mode?: number; body: string }[] = [];
  const ex = extract();
  const reading = (async () => {
    for await (const entry of ex) {
      let body = '';
      for await (const c of entry) body += (c as Buffer).toString();
      out.push({ name: entry.header.name, type: entry.header.type ?? 'file', mode: entry.header.mode, body });
    }
  })();
  await Promise.all([pipeline(fs.createReadStream(file), zlib.createGunzip(), ex), reading]);
  return out;
}

test('staging is private and refuses names outside the root', async () => {
  const s = await Staging.createTemp('nomad-debug-test');
  try {
    assert.equal((await fsp.stat(s.root)).mode & 0o777, 0o700);
    await s.write('server/a.global/agent-host.json', '{}');
    assert.equal((await fsp.stat(path.join(s.root, 'server/a.global/agent-host.json'))).mode & 0o777, 0o600);
    await assert.rejects(s.write('../escape.json', 'x'));
    await assert.rejects(s.write('/abs.json', 'x'));
    assert.deepEqual(s.files(), ['server/a.global/agent-host.json']);
  } finally {
    await s.destroy();
  }
  assert.equal(fs.existsSync(s.root), false);
});

test('archive: staged files go in as they finish, under the root, never overwrite, no temp left', async () => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  const rootName = 'nomad-debug-2024-07-09-153012Z';
  const mtime = new Date('2024-07-09T15:30:12Z');
  try {
    const pack = async (): Promise<string> => {
      const s = await Staging.createTemp('nomad-debug-test');
      const archive = await ArchiveWriter.create({ outputDir: out, rootName, mtime });
      s.feed(archive);
      try {
        await s.write('interval/0000/jobs.json', '{"ID":"a"}\n');
        const h = await s.openAppend('server/x/monitor.log');
        await s.write('cluster/members.json', '{}');
        await h.write('line 1\n');
        await h.write('line 2\n');
        assert.equal((await h.close()).bytes, 14);
        const empty = await s.openAppend('cluster/eventstream.json');
        await empty.discard();
        await s.write('index.json', indexJson(s.files()));
        assert.ok(fs.existsSync(archive.tempPath), 'the archive grows under its temporary name');
        return await archive.finish();
      } finally {
        await s.destroy();
      }
    };
    const first = await pack();
    const second = await pack();
    assert.equal(path.basename(first), `${rootName}.tar.gz`);
    assert.equal(path.basename(second), `${rootName}-1.tar.gz`);
    assert.deepEqual((await fsp.readdir(out)).sort(), [`${rootName}-1.tar.gz`, `${rootName}.tar.gz`]);
    const entries = await listArchive(first);
    // finishing order: a stream goes in when it is closed
    assert.deepEqual(
      entries.map((e) => e.name),
      ['interval/0000/jobs.json', 'cluster/members.json', 'server/x/monitor.log', 'index.json'].map((n) => `${rootName}/${n}`),
    );
    assert.ok(entries.every((e) => e.type === 'file' && e.mode === 0o600));
    assert.equal(entries.find((e) => e.name.endsWith('monitor.log'))?.body, 'line 1\nline 2\n');
    assert.deepEqual(JSON.parse(entries.find((e) => e.name.endsWith('index.json'))!.body), [
      'cluster/members.json',
      'interval/0000/jobs.json',
      'server/x/monitor.log',
    ]);
  } finally {
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('archive: a name twice or outside the root is refused; abort leaves nothing', async () => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  try {
    const archive = await ArchiveWriter.create({ outputDir: out, rootName: 'r' });
    await archive.add('a.json', Buffer.from('{}'));
    await assert.rejects(archive.add('a.json', Buffer.from('{}')), /already in the archive/);
    await assert.rejects(archive.add('../x.json', Buffer.from('{}')), /Unsafe bundle path/);
    await assert.rejects(archive.add('/etc/x.json', Buffer.from('{}')), /Unsafe bundle path/);
    await archive.abort();
    await assert.rejects(archive.add('b.json', Buffer.from('{}')), /closed/);
    assert.deepEqual(await fsp.readdir(out), []);
  } finally {
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('archive: abort also removes the output folders it had to make, and only those', async () => {
  const base = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  try {
    const archive = await ArchiveWriter.create({ outputDir: path.join(base, 'new', 'deeper'), rootName: 'r' });
    await archive.abort();
    assert.deepEqual(await fsp.readdir(base), []);
    const again = await ArchiveWriter.create({ outputDir: base, rootName: 'r' });
    await again.abort();
    assert.equal(fs.existsSync(base), true, 'a folder that was there stays');
  } finally {
    await fsp.rm(base, { recursive: true, force: true });
  }
});

test('archive: a file that changed size fails the archive at finish, and nothing is placed', async () => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  const src = path.join(out, 'src.txt');
  try {
    await fsp.writeFile(src, 'twelve bytes');
    const archive = await ArchiveWriter.create({ outputDir: out, rootName: 'r' });
    await archive.addFile('x.txt', src, 5);
    await assert.rejects(archive.finish());
    await archive.abort();
    assert.deepEqual(await fsp.readdir(out), ['src.txt']);
  } finally {
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('archive: a stream larger than the write buffer is read back from staging, byte for byte', async () => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  const s = await Staging.createTemp('nomad-debug-test');
  try {
    const archive = await ArchiveWriter.create({ outputDir: out, rootName: 'r' });
    s.feed(archive);
    const h = await s.openAppend('server/x/monitor.log');
    let expected = '';
    for (let i = 0; i < 2000; i++) {
      const line = `2024-07-09T15:30:12.000Z [DEBUG] line ${i} é\n`;
      expected += line;
      await h.write(i % 2 === 0 ? line : Buffer.from(line));
    }
    const w = await h.close();
    assert.equal(w.bytes, Buffer.byteLength(expected));
    assert.ok(w.bytes > 16 * 1024, 'large enough to be flushed on the way');
    const entries = await listArchive(await archive.finish());
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.body, expected);
    assert.equal(await fsp.readFile(path.join(s.root, 'server/x/monitor.log'), 'utf8'), expected);
  } finally {
    await s.destroy();
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('archive: whole files and short streams go in from memory and leave nothing in the staging folder', async () => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  const s = await Staging.createTemp('nomad-debug-test');
  try {
    const archive = await ArchiveWriter.create({ outputDir: out, rootName: 'r' });
    s.feed(archive);
    await s.write('server/a.global/agent-host.json', '{"a":1}');
    const h = await s.openAppend('server/a.global/monitor.log');
    await h.write('one line\n');
    await h.close();
    const gone = await s.openAppend('cluster/eventstream.json');
    await gone.discard();
    assert.deepEqual(await fsp.readdir(s.root), [], 'no file or folder was made');
    assert.deepEqual(s.files(), ['server/a.global/agent-host.json', 'server/a.global/monitor.log']);
    const entries = await listArchive(await archive.finish());
    assert.deepEqual(entries.map((e) => [e.name, e.body]), [['r/server/a.global/agent-host.json', '{"a":1}'], ['r/server/a.global/monitor.log', 'one line\n']]);
    await assert.rejects(s.write('../escape.json', 'x'), 'names are still checked');
  } finally {
    await s.destroy();
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('a multi-member archive is one tar.gz to GNU tar, Python tarfile and gunzip', async (t) => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  try {
    const archive = await ArchiveWriter.create({ outputDir: out, rootName: 'nomad-debug-multi', compressionLevel: 1 });
    // 3 MiB of goroutine-like text: several 1 MiB members
    const body = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `goroutine ${i} [chan receive, ${i % 90} minutes]:\n`).join(''));
    for (let i = 0; i < 3; i++) await archive.add(`client/n${i}/goroutine-debug2.txt`, body);
    const file = await archive.finish();
    const names = (await listArchive(file)).map((e) => e.name);
    assert.equal(names.length, 3);
    const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n');
    const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
    if (has('tar')) assert.deepEqual(run('tar', ['-tzf', file]), names);
    if (has('python3')) assert.deepEqual(run('python3', ['-c', 'import sys,tarfile; print("\\n".join(tarfile.open(sys.argv[1]).getnames()))', file]), names);
    if (!has('tar') || !has('python3')) t.diagnostic('tar or python3 missing: checked what is here');
  } finally {
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('an archive named apart from its root folder; replace moves it over an existing file; written() waits for the packer', async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-aw-'));
  try {
    fs.writeFileSync(path.join(dir, 'shared.tar.gz'), 'old');
    const w = await ArchiveWriter.create({ outputDir: dir, rootName: 'nomad-debug-2026-01-01-000000Z', archiveName: 'shared', replace: true });
    const spool = path.join(dir, 'spool');
    fs.writeFileSync(spool, 'from disk');
    await w.addFile('server/s1/monitor.log', spool, 9);
    await w.written();
    fs.rmSync(spool); // packed already: the file may go
    await w.add('cluster/members.json', Buffer.from('{}'));
    assert.equal(await w.finish(), path.join(dir, 'shared.tar.gz'));
    assert.deepEqual((await listArchive(path.join(dir, 'shared.tar.gz'))).map((e) => [e.name, e.body]), [
      ['nomad-debug-2026-01-01-000000Z/server/s1/monitor.log', 'from disk'],
      ['nomad-debug-2026-01-01-000000Z/cluster/members.json', '{}'],
    ]);
    const again = await ArchiveWriter.create({ outputDir: dir, rootName: 'r', archiveName: 'shared' });
    assert.equal(await again.finish(), path.join(dir, 'shared-1.tar.gz'), 'without replace: a free name');
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});
