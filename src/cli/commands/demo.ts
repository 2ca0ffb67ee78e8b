// `nomad-debug demo`: the whole tool on a simulated cluster: sim → collect → analyze → report.
import path from 'node:path';
import { makeDirs } from '../../archive/make-dirs.ts';
import { startSim } from '../../sim/index.ts';
import { parseDuration } from '../../shared/duration.ts';
import { UsageError, errorMessage } from '../../shared/errors.ts';
import { outputFailure } from '../../shared/failure-messages.ts';
import { DEMO_DEFAULTS } from '../flags/demo.ts';
import { say, sayPath, type Io } from '../io.ts';
import { pickMode } from '../progress.ts';
import { summaryLines } from '../summary.ts';
import { analyzeToFiles } from './analyze.ts';
import { collectWithProgress } from './collect.ts';
import { demoCollectOptions } from './demo-options.ts';

export interface DemoFlags {
  out?: string;
  scenario?: string;
  clients?: string;
  duration?: string;
}

export async function runDemo(flags: DemoFlags, io: Io): Promise<number> {
  const scenario = flags.scenario ?? DEMO_DEFAULTS.scenario;
  if (scenario !== 'healthy' && scenario !== 'degraded') {
    throw new UsageError(`Invalid -scenario ${JSON.stringify(scenario)}: want healthy or degraded`);
  }
  const clients = Number(flags.clients ?? DEMO_DEFAULTS.clients);
  if (!Number.isInteger(clients) || clients < 0 || clients > 500) {
    throw new UsageError(`Invalid -clients ${JSON.stringify(flags.clients)}: want a whole number from 0 to 500`);
  }
  let durationMs: number;
  try {
    durationMs = parseDuration(flags.duration ?? DEMO_DEFAULTS.duration);
  } catch (err) {
    throw new UsageError(`Invalid -duration ${JSON.stringify(flags.duration)}: ${errorMessage(err)}`);
  }
  if (durationMs < 1000 || durationMs > 600_000) throw new UsageError(`Invalid -duration ${JSON.stringify(flags.duration)}: want 1s to 10m`);

  const outDir = path.resolve(io.cwd, flags.out ?? DEMO_DEFAULTS.out);
  try {
    await makeDirs(outDir);
  } catch (err) {
    throw outputFailure(err, outDir, true);
  }

  say(io.stderr, `Starting a simulated Nomad cluster (${scenario}, 3 servers, ${clients} clients) on 127.0.0.1…`);
  const sim = await startSim({ host: '127.0.0.1', port: 0, servers: 3, clients, scenario });
  try {
    const opts = demoCollectOptions(sim.url, outDir, durationMs, sim.consul.url, sim.vault.url);
    const mode = pickMode(io.stderr as NodeJS.WriteStream, io.env, false);
    const collected = await collectWithProgress(opts, io, mode);
    // results on stdout, progress on stderr, as in every command
    say(io.stdout, `Bundle: ${collected.path}`);
    const reportPath = path.join(outDir, 'report.html');
    const findingsPath = path.join(outDir, 'findings.json');
    const { result } = await analyzeToFiles(collected.path, reportPath, findingsPath);
    for (const line of summaryLines(result)) say(io.stdout, line);
    sayPath(io.stdout, 'Findings written', findingsPath);
    sayPath(io.stdout, 'Report written', reportPath);
    return 0;
  } finally {
    await sim.close();
  }
}
