// The analyze command's JIT tuning must keep working: V8 reads the flags at run time, and a Node
// upgrade that ignored them would quietly bring back the compile work they save.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

/** 40 small functions run just long enough for V8's default warm-up to optimize them. */
const WARM = `
  if (process.argv[1] === 'lean') (await import(${JSON.stringify(new URL('../../src/cli/jit-tuning.ts', import.meta.url).href)})).keepAnalyzeJitLean();
  const fns = Array.from({ length: 40 }, (_, k) => (0, eval)('(function warm' + k + '(a) { let s = 0; for (let i = 0; i < a.length; i++) s += (a[i] * ' + (k + 1) + ') ^ (i & 7); return s; })'));
  const arr = Array.from({ length: 64 }, (_, i) => i);
  let t = 0;
  for (let r = 0; r < 100; r++) for (const f of fns) t += f(arr);
  console.log(t);
`;

function optimizedCount(mode: 'lean' | 'default'): number {
  const out = execFileSync(process.execPath, ['--no-concurrent-recompilation', '--trace-opt', '--import', 'tsx', '--input-type=module', '-e', WARM, mode], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('completed') && /<JSFunction warm\d+ /.test(l)).length;
}

test('keepAnalyzeJitLean leaves code that V8 alone would optimize unoptimized for longer', () => {
  const eager = optimizedCount('default');
  const lean = optimizedCount('lean');
  assert.ok(eager >= 30, `the workload should warm up under V8's defaults (${eager} optimized)`);
  assert.ok(lean < eager / 2, `${lean} functions optimized with the tuning against ${eager} without`);
});
