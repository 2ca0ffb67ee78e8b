// The launcher runs the build's bundle (dist/bundle/, scripts/bundle.mjs), not these sources:
// it must analyze as the sources do, parse worker included.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { analyzeToFiles } from '../../src/cli/commands/analyze.ts';
import { VERSION } from '../../src/shared/version.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/nomad-debug.js');
const SAMPLE = path.join(ROOT, 'samples/degraded.tar.gz');

test('the launcher prints the version from the bundle', async () => {
  const { stdout } = await run(process.execPath, [BIN, '--version']);
  assert.equal(stdout.trim(), VERSION);
});

test('the bundled CLI finds what the sources find in a sample', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nomad-debug-launcher-'));
  try {
    const { stdout } = await run(process.execPath, [BIN, 'analyze', SAMPLE, '-out', path.join(dir, 'bundled.html'), '-json', path.join(dir, 'bundled.json')]);
    assert.match(stdout, /Report written: /);
    await analyzeToFiles(SAMPLE, path.join(dir, 'sources.html'), path.join(dir, 'sources.json'));
    const bundled = await readFile(path.join(dir, 'bundled.json'), 'utf8');
    assert.equal(bundled, await readFile(path.join(dir, 'sources.json'), 'utf8'));
    assert.ok((JSON.parse(bundled) as { findings: unknown[] }).findings.length > 10);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
