import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { Staging } from '../../src/archive/staging.ts';
import { writeArchive } from '../../src/archive/write-archive.ts';
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

test('archive: regular files only, lexical order, root prefix, never overwrites, no temp left', async () => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  const s = await Staging.createTemp('nomad-debug-test');
  try {
    await s.write('interval/0000/jobs.json', '{"ID":"a"}\n');
    await s.write('cluster/members.json', '{}');
    const h = await s.openAppend('server/x/monitor.log');
    await h.write('line 1\n');
    await h.write('line 2\n');
    const w = await h.close();
    assert.equal(w.bytes, 14);
    await s.write('index.json', indexJson(s.files()));
    await fsp.symlink('/etc/passwd', path.join(s.root, 'cluster', 'link.json'));
    const files = [...s.files(), 'cluster/link.json'];
    const rootName = 'nomad-debug-2024-07-09-153012Z';
    const mtime = new Date('2024-07-09T15:30:12Z');
    const first = await writeArchive({ sourceDir: s.root, files, rootName, outputDir: out, mtime });
    const second = await writeArchive({ sourceDir: s.root, files, rootName, outputDir: out, mtime });
    assert.equal(path.basename(first), `${rootName}.tar.gz`);
    assert.equal(path.basename(second), `${rootName}-1.tar.gz`);
    assert.deepEqual((await fsp.readdir(out)).sort(), [`${rootName}-1.tar.gz`, `${rootName}.tar.gz`]);
    const entries = await listArchive(first);
    assert.deepEqual(
      entries.map((e) => e.name),
      ['cluster/members.json', 'index.json', 'interval/0000/jobs.json', 'server/x/monitor.log'].map((n) => `${rootName}/${n}`),
    );
    assert.ok(entries.every((e) => e.type === 'file'));
    assert.equal(entries.find((e) => e.name.endsWith('monitor.log'))?.body, 'line 1\nline 2\n');
    assert.deepEqual(JSON.parse(entries.find((e) => e.name.endsWith('index.json'))!.body), [
      'cluster/members.json',
      'interval/0000/jobs.json',
      'server/x/monitor.log',
    ]);
  } finally {
    await s.destroy();
    await fsp.rm(out, { recursive: true, force: true });
  }
});
