// Analyze is one pass over a bundle: at 500 clients V8 spent about a quarter of its CPU on two
// cores compiling optimized code, much of it for functions that had little left to run by the
// time their code was ready, or recompiled as the input varied. Optimizing a function after
// four times the default warm-up and inlining less into it cut the CPU of a 500-client analyze
// by about 10% and its wall time by 0.1-0.2 s (paired runs; less inlining alone or a later
// warm-up alone gained less, and a warm-up 8x the default lost).
import v8 from 'node:v8';

export const ANALYZE_JIT_FLAGS = '--interrupt-budget=524288 --max-inlined-bytecode-size-cumulative=100';

/** V8 reads these when it next decides to optimize or inline, so they apply to the code run after. */
export function keepAnalyzeJitLean(): void {
  v8.setFlagsFromString(ANALYZE_JIT_FLAGS);
}
