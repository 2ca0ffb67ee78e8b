import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatPct } from '../../src/shared/format-number.ts';

test('bytes in binary units, one decimal below 10', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(512 * 1024 * 1024), '512 MiB');
  assert.equal(formatBytes(-2048), '-2.0 KiB');
  assert.equal(formatBytes(Number.NaN), '–');
});

test('percentages, one decimal below 10', () => {
  assert.equal(formatPct(7.25), '7.3%');
  assert.equal(formatPct(42.4), '42%');
  assert.equal(formatPct(Infinity), '–');
});
