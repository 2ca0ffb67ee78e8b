import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { ParsePool } from '../../src/model/parse-pool.ts';
import { parsePprofEntry } from '../../src/model/pprof-entry.ts';
import { fixture } from './bundle-helpers.ts';

test('worker pool gives the same outcomes as parsing inline, for profiles, dumps and garbage', async () => {
  const pool = new ParsePool(1);
  try {
    const jobs: [string, boolean, Buffer][] = [
      ['server/s/profile_0000.prof', false, fixture('profile.prof')],
      ['server/s/heap_0000.prof', false, fixture('heap.prof')],
      ['server/s/goroutine-debug2_0000.txt', true, fixture('goroutine-debug2.txt')],
      ['server/s/goroutine-debug1_0000.txt', true, fixture('goroutine-debug1.txt')],
      ['server/s/block_0000.prof', false, Buffer.from('garbage')],
      ['server/s/mutex_0000.prof', false, Buffer.from('{"Error":"Permission denied"}')],
    ];
    const pooled = await Promise.all(jobs.map(([rel, text, bytes]) => pool.parse(rel, text, bytes)));
    const inline = jobs.map(([rel, text, bytes]) => parsePprofEntry(rel, text, bytes));
    assert.deepEqual(pooled, inline);
    assert.deepEqual(pooled.map((o) => o.kind), ['profile', 'profile', 'dump', 'dump', 'gap', 'gap']);
    // The caller's buffers stay intact (the pool sends copies).
    assert.equal(jobs[0]![2].length, fixture('profile.prof').length);
  } finally {
    await pool.close();
  }
});

test('a pool started ahead of its first job has its worker running, and parses as one started lazily', async () => {
  const pool = new ParsePool(1);
  try {
    pool.start();
    pool.start(); // starting twice keeps the one worker
    const rel = 'server/s/profile_0000.prof';
    assert.deepEqual(await pool.parse(rel, false, fixture('profile.prof')), parsePprofEntry(rel, false, fixture('profile.prof')));
    assert.equal(pool.workerCount, 1);
  } finally {
    await pool.close();
  }
  assert.equal(pool.workerCount, 0);
});

/** A worker that answers its first job with a gap and exits on its second. */
const DIES_ON_SECOND_JOB = `
  const { parentPort } = require('node:worker_threads');
  let jobs = 0;
  parentPort.on('message', (job) => {
    if (jobs++ > 0) process.exit(3);
    parentPort.postMessage({ id: job.id, outcome: { kind: 'gap', gap: { file: job.rel, code: 'FIRST', reason: 'first job' } } });
  });
`;

test('a worker that fails to start costs nothing: its jobs are parsed here', async () => {
  const pool = new ParsePool(1, () => new Worker('throw new Error("cannot start")', { eval: true }));
  try {
    const rel = 'server/s/profile_0000.prof';
    const outcomes = await Promise.all([pool.parse(rel, false, fixture('profile.prof')), pool.parse(rel, false, fixture('profile.prof'))]);
    const inline = parsePprofEntry(rel, false, fixture('profile.prof'));
    assert.equal(inline.kind, 'profile');
    assert.deepEqual(outcomes, [inline, inline]);
    // and what comes after is parsed here too
    assert.deepEqual(await pool.parse(rel, false, fixture('profile.prof')), inline);
  } finally {
    await pool.close();
  }
});

test('a worker that dies after it has answered takes its jobs with it as gaps, and the rest is parsed here', async () => {
  const pool = new ParsePool(1, () => new Worker(DIES_ON_SECOND_JOB, { eval: true }));
  try {
    const rel = 'server/s/profile_0000.prof';
    const first = await pool.parse('server/s/heap_0000.prof', false, fixture('heap.prof'));
    assert.deepEqual(first, { kind: 'gap', gap: { file: 'server/s/heap_0000.prof', code: 'FIRST', reason: 'first job' } });
    const lost = await pool.parse(rel, false, fixture('profile.prof'));
    assert.deepEqual(lost, { kind: 'gap', gap: { file: rel, code: 'PARSE_STOPPED', reason: 'the parse worker stopped before this file was read' } });
    assert.deepEqual(await pool.parse(rel, false, fixture('profile.prof')), parsePprofEntry(rel, false, fixture('profile.prof')));
  } finally {
    await pool.close();
  }
});
