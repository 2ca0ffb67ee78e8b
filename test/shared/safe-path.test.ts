import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { cleanFileName, normalizeEntryPath, safeJoin, safeSegment } from '../../src/shared/safe-path.ts';

test('cleanFileName replaces what Nomad replaces', () => {
  assert.equal(cleanFileName('aws/ebs'), 'aws_ebs');
  assert.equal(cleanFileName('gcp-*-1'), 'gcp-_-1');
  assert.equal(cleanFileName('a\\b<c>d:e"f|g?h'), 'a_b_c_d_e_f_g_h');
});

test('safeSegment refuses special names and cleans hostile ones', () => {
  assert.equal(safeSegment('../../x.global'), '.._.._x.global');
  assert.equal(safeSegment('srv1.global'), 'srv1.global');
  for (const bad of ['', '.', '..']) assert.throws(() => safeSegment(bad), /Unsafe bundle path element/);
  assert.equal(safeSegment('a\u0000b\nc'), 'a_b_c');
});

test('normalizeEntryPath refuses absolute paths and ..', () => {
  assert.equal(normalizeEntryPath('./a//b/./c'), 'a/b/c');
  assert.equal(normalizeEntryPath('a\\b'), 'a/b');
  for (const bad of ['/etc/passwd', '../x', 'a/../../x', 'C:\\x', 'a\u0000b', '', './']) {
    assert.throws(() => normalizeEntryPath(bad), /Unsafe bundle path/, bad);
  }
});

test('safeJoin stays inside the root', () => {
  const root = path.resolve('/tmp/root');
  assert.equal(safeJoin(root, 'server', 'a.global', 'monitor.log'), path.join(root, 'server/a.global/monitor.log'));
  assert.throws(() => safeJoin(root, '..', 'x'), /Unsafe/);
  assert.throws(() => safeJoin(root, '/abs'), /Unsafe/);
});
