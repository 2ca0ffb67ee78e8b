// One collect run in its own process, so its peak memory is the collector's alone (the
// simulated cluster runs in the parent). Prints one JSON line: wall ms, peak RSS, bundle.
import { demoCollectOptions } from '../../src/cli/commands/demo-options.ts';
import { runCollect } from '../../src/collect/run.ts';

const [url, outDir, durationMs, pprofMs] = process.argv.slice(2);
if (!url || !outDir) throw new Error('usage: collect-once.ts URL OUTDIR [durationMs] [pprofDurationMs]');
const opts = demoCollectOptions(url, outDir, Number(durationMs ?? 10_000));
opts.intervalMs = 5000;
opts.pprofDurationMs = Number(pprofMs ?? 1000);
opts.pprofIntervalMs = opts.durationMs; // one pprof round, like -pprof-interval = -duration
opts.logLevel = 'DEBUG';
opts.concurrency = 64;
const never = new AbortController().signal;
const started = performance.now();
const result = await runCollect(opts, { reporter: () => {}, signal: never, hardSignal: never });
const ms = performance.now() - started;
const failed = result.manifest.captures.filter((c) => c.status !== 'ok').length;
process.stdout.write(
  JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, path: result.path, captures: result.manifest.captures.length, failed }) + '\n',
);
