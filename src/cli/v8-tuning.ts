// Analyze is one pass over a bundle on two cores, with the main thread and a parse worker both
// busy from start to end. Two V8 defaults cost it time there:
// - JIT: at 500 clients V8 spent about a quarter of its CPU compiling optimized code, much of it
//   for functions that had little left to run by the time their code was ready, or recompiled as
//   the input varied. Optimizing a function after four times the default warm-up and inlining
//   less into it cut the CPU by about 10% and the wall time by 0.1-0.2 s (paired runs; less
//   inlining alone or a later warm-up alone gained less, and a warm-up 8x the default lost).
// - GC: a young-generation collection is shared out to V8's helper threads, which then wait for
//   a core behind the other thread and zlib; each thread collecting alone ended a 500-client
//   analyze 0.05-0.065 s sooner (paired medians of 16-20). Turning the other parallel and
//   concurrent GC work off as well gained nothing more, and some of those flags crash V8 when
//   set late.
import v8 from 'node:v8';

export const ANALYZE_JIT_FLAGS = '--interrupt-budget=524288 --max-inlined-bytecode-size-cumulative=100';
/** V8 reads this at each young-generation collection (ScavengerCollector::NumberOfScavengeTasks), so it is safe to set late. */
export const ANALYZE_GC_FLAGS = '--no-parallel-scavenge';

/** V8 reads these when it next optimizes, inlines or collects, so they apply to what runs after. */
export function tuneV8ForAnalyze(): void {
  v8.setFlagsFromString(ANALYZE_JIT_FLAGS);
  v8.setFlagsFromString(ANALYZE_GC_FLAGS);
}
