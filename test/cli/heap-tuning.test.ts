// The collect command's heap tuning must keep working: V8 reads the flag at run time, and a
// Node upgrade that ignored it would quietly bring back a collector twice the size.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

/** Keeps ~60 MB alive and churns objects that live long enough to reach the old space. */
const CHURN = `
  if (process.argv[1] === 'tight') (await import(${JSON.stringify(new URL('../../src/cli/heap-tuning.ts', import.meta.url).href)})).keepCollectHeapTight();
  const live = Array.from({ length: 600_000 }, (_, i) => ({ i, s: 'live-' + i }));
  const ring = new Array(100_000);
  let peak = 0;
  for (let round = 0; round < 500; round++) {
    for (let k = 0; k < 5_000; k++) ring[(round * 5_000 + k) % ring.length] = { round, k, text: ('x' + round + '-' + k).repeat(4) };
    if (round % 10 === 0) await new Promise((r) => setImmediate(r));
    peak = Math.max(peak, process.memoryUsage().heapTotal);
  }
  console.log(Math.round(peak / 1e6), live.length > 0);
`;

function peakHeapMB(mode: 'tight' | 'default'): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHURN, mode], { encoding: 'utf8' });
  return Number(out.trim().split(' ')[0]);
}

test('keepCollectHeapTight holds the heap near its live data where V8 alone lets it grow far past', () => {
  const loose = peakHeapMB('default');
  const tight = peakHeapMB('tight');
  assert.ok(tight < loose * 0.7, `peak heap ${tight} MB with the tuning against ${loose} MB without`);
});
