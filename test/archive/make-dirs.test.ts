import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeDirs } from '../../src/archive/make-dirs.ts';

async function inTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-mkdirs-'));
  try {
    await fn(dir);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

test('makes missing parents and answers like fs.mkdir recursive: the first folder made, or undefined', async () => {
  await inTemp(async (dir) => {
    const deep = path.join(dir, 'a', 'b', 'c');
    assert.equal(await makeDirs(deep, 0o700), path.join(dir, 'a'));
    assert.ok(fs.statSync(deep).isDirectory());
    assert.equal(fs.statSync(path.join(dir, 'a', 'b')).mode & 0o777, 0o700);
    assert.equal(await makeDirs(deep), undefined, 'already there');
    assert.equal(await makeDirs(path.join(dir, 'a', 'd')), path.join(dir, 'a', 'd'));
  });
});

test('a file in the way, a dangling symlink or /proc give an error at once instead of spinning', async () => {
  await inTemp(async (dir) => {
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    await assert.rejects(makeDirs(path.join(dir, 'file')), { code: 'EEXIST' });
    await assert.rejects(makeDirs(path.join(dir, 'file', 'sub')), { code: 'ENOTDIR' });
    fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling'));
    await assert.rejects(makeDirs(path.join(dir, 'dangling', 'out')), { code: 'ENOENT' });
  });
  if (fs.existsSync('/proc/self')) await assert.rejects(makeDirs('/proc/nomad-debug-test/out'), { code: 'ENOENT' });
});
