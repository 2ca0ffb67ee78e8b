import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCollect } from '../../src/collect/run.ts';
import { buildCliFlags, manifestOptions } from '../../src/collect/recorded-options.ts';
import type { CollectOptions } from '../../src/collect/options.ts';
import { InputError, OutputError } from '../../src/shared/errors.ts';

const TOKEN = 'b7c1d2e3-0000-4000-8000-canarytoken01';

function options(over: Partial<CollectOptions>): CollectOptions {
  return {
    address: 'http://127.0.0.1:1',
    token: TOKEN,
    tls: { skipVerify: false },
    trustAdvertised: false,
    durationMs: 1000,
    intervalMs: 1000,
    logLevel: 'TRACE',
    logIncludeLocation: true,
    logLookbackMs: 0,
    logFileExport: false,
    maxNodes: 10,
    nodeIds: ['all'],
    serverIds: ['all'],
    pprofDurationMs: 1000,
    pprofIntervalMs: 1000,
    eventTopics: null,
    eventIndex: 0,
    stale: false,
    outputDir: '.',
    noArchive: false,
    concurrency: 4,
    compressionLevel: 1,
    requestTimeoutMs: 2000,
    noRedact: false,
    verbose: false,
    argv: ['-token', TOKEN, '-duration=1s'],
    ...over,
  };
}

const ctx = (now: Date) => ({
  reporter: () => undefined,
  signal: new AbortController().signal,
  hardSignal: new AbortController().signal,
  now: () => now,
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('an address that refuses connections ends the run with one line naming it; nothing is left behind', async () => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  const port = await freePort();
  const when = new Date('2001-02-03T04:05:06Z');
  try {
    await assert.rejects(runCollect(options({ address: `http://127.0.0.1:${port}`, outputDir: out }), ctx(when)), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.message, `Connection refused at http://127.0.0.1:${port}: is Nomad listening there? (set -address or NOMAD_ADDR)`);
      assert.ok(!e.message.includes('\n'));
      assert.ok(!e.message.includes(TOKEN));
      return true;
    });
    assert.deepEqual(await fsp.readdir(out), []);
    const leftovers = (await fsp.readdir(os.tmpdir())).filter((n) => n.startsWith('nomad-debug-2001-02-03-040506Z'));
    assert.deepEqual(leftovers, []);
  } finally {
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('-no-archive into an existing folder is an output error', async () => {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-out-'));
  const when = new Date('2001-02-03T04:05:07Z');
  await fsp.mkdir(path.join(out, 'nomad-debug-2001-02-03-040507Z'));
  try {
    await assert.rejects(runCollect(options({ outputDir: out, noArchive: true }), ctx(when)), OutputError);
  } finally {
    await fsp.rm(out, { recursive: true, force: true });
  }
});

test('an -output that cannot be made (under /proc) is an output error at once, not a hang', { skip: fs.existsSync('/proc/self') ? false : 'no /proc here' }, async () => {
  const when = new Date('2001-02-03T04:05:08Z');
  for (const noArchive of [false, true]) {
    const err = await runCollect(options({ outputDir: '/proc/nomad-debug-test/bundles', noArchive }), ctx(when)).catch((e: unknown) => e);
    assert.ok(err instanceof OutputError, String(err));
    assert.equal(err.message, '/proc/nomad-debug-test/bundles cannot be created there: choose another folder');
  }
});

test('an already aborted hard signal throws INTERRUPTED', async () => {
  const hard = new AbortController();
  hard.abort();
  await assert.rejects(
    runCollect(options({}), { reporter: () => undefined, signal: new AbortController().signal, hardSignal: hard.signal }),
    (e: unknown) => (e as { code?: string }).code === 'INTERRUPTED',
  );
});

test('cli-flags.json has Nomad structure and never the token', () => {
  const o = options({ tls: { skipVerify: false, clientKey: '/etc/nomad/key.pem' } });
  const flags = buildCliFlags(o) as { Name: string; Actual: Record<string, { Value: string }>; Formal: Record<string, { Value: string }> };
  const text = JSON.stringify(flags);
  assert.equal(flags.Name, 'debug');
  assert.ok(!text.includes(TOKEN));
  assert.equal(flags.Formal.token?.Value, '[redacted]');
  assert.equal(flags.Formal['client-key']?.Value, '[redacted]');
  assert.deepEqual(Object.keys(flags.Actual).sort(), ['duration', 'token']);
  assert.equal(flags.Actual.duration?.Value, '1s');
  assert.ok(!JSON.stringify(manifestOptions(o, '*')).includes(TOKEN));
});
