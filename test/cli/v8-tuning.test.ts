// The analyze command's V8 tuning must keep working: V8 reads the flags at run time, and a Node
// upgrade that ignored them would quietly bring back the work they save.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

const TUNING = JSON.stringify(new URL('../../src/cli/v8-tuning.ts', import.meta.url).href);
const tuneIf = `if (process.argv[1] === 'tuned') (await import(${TUNING})).tuneV8ForAnalyze();`;

function runChild(v8Flags: string[], source: string, mode: 'tuned' | 'default'): string {
  return execFileSync(process.execPath, [...v8Flags, '--import', 'tsx', '--input-type=module', '-e', source, mode], { encoding: 'utf8' });
}

/** 40 small functions run just long enough for V8's default warm-up to optimize them. */
const WARM = `
  ${tuneIf}
  const fns = Array.from({ length: 40 }, (_, k) => (0, eval)('(function warm' + k + '(a) { let s = 0; for (let i = 0; i < a.length; i++) s += (a[i] * ' + (k + 1) + ') ^ (i & 7); return s; })'));
  const arr = Array.from({ length: 64 }, (_, i) => i);
  let t = 0;
  for (let r = 0; r < 100; r++) for (const f of fns) t += f(arr);
  console.log(t);
`;

function optimizedCount(mode: 'tuned' | 'default'): number {
  const out = runChild(['--no-concurrent-recompilation', '--trace-opt'], WARM, mode);
  return out.split('\n').filter((l) => l.includes('completed') && /<JSFunction warm\d+ /.test(l)).length;
}

test('tuneV8ForAnalyze leaves code that V8 alone would optimize unoptimized for longer', () => {
  const eager = optimizedCount('default');
  const tuned = optimizedCount('tuned');
  assert.ok(eager >= 30, `the workload should warm up under V8's defaults (${eager} optimized)`);
  assert.ok(tuned < eager / 2, `${tuned} functions optimized with the tuning against ${eager} without`);
});

/** Enough short-lived garbage, with some kept, to grow the young generation and collect it often. */
const CHURN = `
  ${tuneIf}
  globalThis.gc(); // a full collection marks where the churn starts in V8's own trace
  let keep = [];
  for (let i = 0; i < 4e6; i++) { keep.push({ i, s: 'x' + (i & 1023) }); if (keep.length > 3e5) keep = []; }
  console.log(keep.length);
`;

/** Young-generation collections, and how many of them V8 shared out to more than one task. */
function scavenges(mode: 'tuned' | 'default'): { all: number; shared: number } {
  // --trace-parallel-scavenge prints a line per task before each collection's --trace-gc line;
  // console.log would not keep its place among them, so gc() marks the start ("testing").
  const out = runChild(['--expose-gc', '--trace-gc', '--trace-parallel-scavenge'], CHURN, mode);
  const start = out.indexOf('testing');
  assert.ok(start >= 0, 'the trace should show the gc() call');
  let all = 0;
  let shared = 0;
  let tasks = 0;
  for (const line of out.slice(start).split('\n')) {
    if (/\bscavenge\[/.test(line)) tasks++;
    else if (/: Scavenge\b/.test(line)) {
      all++;
      if (tasks > 1) shared++;
      tasks = 0;
    }
  }
  return { all, shared };
}

test('tuneV8ForAnalyze makes each thread collect its young generation alone', () => {
  const before = scavenges('default');
  const after = scavenges('tuned');
  assert.ok(before.shared > 0, `V8's default should share collections out (${before.shared} of ${before.all} shared)`);
  assert.ok(after.all > 0, 'the workload should still be collected');
  assert.equal(after.shared, 0, `${after.shared} of ${after.all} collections shared out with the tuning`);
});
