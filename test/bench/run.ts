// `npm run bench`: the built CLI (what `npm ci` installs), each run in its own process.
// Collect wall time against the floor (-duration 10s, -pprof-duration 1s) at 10, 100 and 500
// clients with peak memory; then analyze of the 500-client bundle against plain gunzip of the
// same file, peak memory and report size, and the read floor our libraries alone set on that
// bundle (read-floor.mjs); last, the fault line: a collect against a sim whose answers are huge
// (2 GB), endless, trickling or silent, against its time bound and with its peak memory. The
// simulated cluster runs here, in the parent, so a child's peak memory is the CLI's alone.
// Loopback only. Then 2,000 clients under `ulimit -n 1024` (collect and analyze); last, analyze
// of an entry-count bomb (a million empty files, ~9 MB compressed). BENCH_ONLY=large, fault or
// bomb runs that line alone.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSim } from '../../src/sim/index.ts';
import { writeEntryBomb } from '../model/bundle-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** BENCH_CLI: another build's launcher, to compare with (e.g. a worktree of an older commit). */
const CLI = process.env.BENCH_CLI ?? path.join(ROOT, 'bin/nomad-debug.js');
const PEAK_RSS = path.join(import.meta.dirname, 'peak-rss.mjs');
const READ_FLOOR = path.join(import.meta.dirname, 'read-floor.mjs');
const FLOOR_MS = 10_000;
const only = process.env.BENCH_ONLY;
const sizes = only ? [] : (process.env.BENCH_CLIENTS ?? '10,100,500').split(',').map(Number);

interface CliRun {
  ms: number;
  maxRssMB: number;
  cpuS: number;
  /** Most descriptors open at once (sampled every 50 ms; Linux only, else 0). */
  peakFds: number;
  stdout: string;
}

/** Runs the CLI with the peak-RSS preload; rejects on a non-zero exit. */
function runCli(args: string[], openFiles?: number): Promise<CliRun> {
  return runNode(CLI, args, `nomad-debug ${args[0]}`, openFiles);
}

/**
 * Runs a script in its own node process with the peak-RSS preload, timed from spawn to exit.
 * With openFiles, under `ulimit -n` (soft and hard: Node raises its soft limit to the hard one
 * at start, so a soft limit alone binds nothing).
 */
function runNode(script: string, args: string[], what: string, openFiles?: number): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const node = [process.execPath, '--import', PEAK_RSS, script, ...args];
    const child = openFiles
      ? spawn('sh', ['-c', `ulimit -n ${openFiles} && exec "$@"`, 'sh', ...node], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(node[0]!, node.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let peakFds = 0;
    const sampler = setInterval(() => {
      try {
        peakFds = Math.max(peakFds, readdirSync(`/proc/${child.pid}/fd`).length);
      } catch {
        // not Linux, or gone
      }
    }, 50);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      clearInterval(sampler);
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${what} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      const last = JSON.parse(stderr.trim().split('\n').pop() ?? '{}') as { maxRssMB: number; cpuS: number };
      resolve({ ms, maxRssMB: Number(last.maxRssMB), cpuS: Number(last.cpuS), peakFds, stdout });
    });
  });
}

const work = await mkdtemp(path.join(os.tmpdir(), 'nomad-debug-bench-'));
let biggest: string | undefined;
try {
  for (const clients of sizes) {
    const sim = await startSim({ host: '127.0.0.1', port: 0, servers: 3, clients, scenario: 'degraded' });
    try {
      const out = path.join(work, `c${clients}`);
      const r = await runCli([
        'collect',
        `-address=${sim.url}`,
        `-output=${out}`,
        '-duration=10s',
        '-interval=5s',
        '-pprof-duration=1s',
        '-pprof-interval=10s',
        '-log-level=DEBUG',
        '-max-nodes=0',
        '-stale',
      ]);
      const archive = /Created debug archive: (.+)/.exec(r.stdout)?.[1]?.trim();
      if (!archive) throw new Error(`no archive path in: ${r.stdout}`);
      const bundleBytes = (await stat(archive)).size;
      const manifest = await manifestOf(archive);
      process.stdout.write(
        `collect  ${String(clients).padStart(3)} clients: ${(r.ms / 1000).toFixed(2)} s ` +
          `(floor 10 s, +${((r.ms - FLOOR_MS) / 1000).toFixed(2)} s), peak RSS ${r.maxRssMB.toFixed(0)} MB, ` +
          `${manifest.captures} captures (${manifest.notOk} not ok), bundle ${(bundleBytes / 1e6).toFixed(1)} MB\n`,
      );
      biggest = archive;
    } finally {
      await sim.close();
    }
  }
  if (biggest) {
    const t0 = performance.now();
    execFileSync('sh', ['-c', `gunzip -c "${biggest}" > /dev/null`]);
    const gunzipMs = performance.now() - t0;
    const report = path.join(work, 'report.html');
    const findings = path.join(work, 'findings.json');
    const a = await runCli(['analyze', biggest, '-out', report, '-json', findings]);
    const found = JSON.parse(await readFile(findings, 'utf8')) as { findings: unknown[] };
    process.stdout.write(
      `analyze  ${sizes.at(-1)} clients: ${(a.ms / 1000).toFixed(2)} s vs gunzip ${(gunzipMs / 1000).toFixed(2)} s ` +
        `(${(a.ms / gunzipMs).toFixed(1)}×), peak RSS ${a.maxRssMB.toFixed(0)} MB, ` +
        `report ${((await stat(report)).size / 1e6).toFixed(2)} MB, ${found.findings.length} findings\n`,
    );
    // What our libraries alone take to read the same bundle (read-floor.mjs): the part of
    // analyze's time no change to our own code can remove.
    const floor = await runNode(READ_FLOOR, [biggest], 'read-floor');
    const counts = JSON.parse(floor.stdout) as { entries: number; json: number; profiles: number; dumps: number };
    process.stdout.write(
      `read floor ${sizes.at(-1)} clients: ${(floor.ms / 1000).toFixed(2)} s (${(floor.ms / gunzipMs).toFixed(1)}× gunzip), ` +
        `peak RSS ${floor.maxRssMB.toFixed(0)} MB: node start-up, gunzip and tar-stream over ${counts.entries} entries, ` +
        `JSON.parse of ${counts.json} files; on one worker, pprof-format decode of ${counts.profiles} profiles and ${counts.dumps} goroutine dumps as text\n`,
    );
  }
  if (!only || only === 'large') await largeLine(work);
  if (!only || only === 'fault') await faultLine(path.join(work, 'fault'));
  if (!only || only === 'bomb') await bombLine(work);
} finally {
  await rm(work, { recursive: true, force: true });
}

/**
 * A large cluster on a laptop's open-file limit: 2,000 clients (BENCH_LARGE to change) under
 * `ulimit -n 1024`, -max-nodes=0, against the 10 s floor; the compression floor is `gzip -1` of
 * the same content. Then analyze of that bundle against gunzip.
 */
async function largeLine(dir: string): Promise<void> {
  const clients = Number(process.env.BENCH_LARGE ?? 2000);
  const openFiles = 1024;
  const sim = await startSim({ host: '127.0.0.1', port: 0, servers: 3, clients, scenario: 'degraded' });
  let archive: string | undefined;
  try {
    const r = await runCli(
      ['collect', `-address=${sim.url}`, `-output=${path.join(dir, 'large')}`, '-duration=10s', '-interval=5s', '-pprof-duration=1s',
        '-pprof-interval=10s', '-log-level=DEBUG', '-max-nodes=0', '-stale'],
      openFiles,
    );
    archive = /Created debug archive: (.+)/.exec(r.stdout)?.[1]?.trim();
    if (!archive) throw new Error(`no archive path in: ${r.stdout}`);
    const manifest = await manifestOf(archive);
    const tar = path.join(dir, 'large.tar');
    execFileSync('sh', ['-c', `gunzip -c "${archive}" > "${tar}"`]);
    const t0 = performance.now();
    execFileSync('sh', ['-c', `gzip -1 -c "${tar}" > /dev/null`]);
    const gzipMs = performance.now() - t0;
    process.stdout.write(
      `collect ${clients} clients, ulimit -n ${openFiles}: ${(r.ms / 1000).toFixed(2)} s (floor 10 s), CPU ${r.cpuS.toFixed(1)} s, ` +
        `peak RSS ${r.maxRssMB.toFixed(0)} MB, peak ${r.peakFds} descriptors, ${manifest.captures} captures (${manifest.notOk} not ok), ` +
        `bundle ${((await stat(archive)).size / 1e6).toFixed(1)} MB of ${((await stat(tar)).size / 1e6).toFixed(0)} MB (gzip -1 of it: ${(gzipMs / 1000).toFixed(2)} s)\n`,
    );
    await rm(tar);
  } finally {
    await sim.close();
  }
  const t0 = performance.now();
  execFileSync('sh', ['-c', `gunzip -c "${archive}" > /dev/null`]);
  const gunzipMs = performance.now() - t0;
  const a = await runCli(['analyze', archive, '-out', path.join(dir, 'large.html')]);
  process.stdout.write(
    `analyze ${clients} clients: ${(a.ms / 1000).toFixed(2)} s vs gunzip ${(gunzipMs / 1000).toFixed(2)} s, peak RSS ${a.maxRssMB.toFixed(0)} MB\n`,
  );
}

/**
 * A collect against a sick cluster: 3 servers and 10 clients, of which four answer 2 GB, two
 * never end their heap profile, one floods its monitor stream, one trickles and one falls silent
 * after its headers. The run must end by -duration + -request-timeout + a few seconds, holding
 * at most the 64 MiB body budget beyond its usual memory.
 */
async function faultLine(out: string): Promise<void> {
  const sim = await startSim({ host: '127.0.0.1', port: 0, servers: 3, clients: 10, scenario: 'healthy' });
  try {
    const clients = sim.agents.filter((a) => a.kind === 'client');
    const GB2 = 2 * 1024 ** 3;
    for (const c of clients.slice(0, 2)) sim.addFault({ agent: c.id, path: '/v1/agent/host', bodyBytes: GB2 });
    for (const c of clients.slice(2, 4)) sim.addFault({ agent: c.id, path: '/v1/client/stats', bodyBytes: GB2 });
    for (const c of clients.slice(4, 6)) sim.addFault({ agent: c.id, path: '/v1/agent/pprof/heap', bodyBytes: Infinity });
    sim.addFault({ agent: clients[6]!.id, path: '/v1/agent/monitor', bodyBytes: Infinity });
    sim.addFault({ agent: clients[7]!.id, path: '/v1/agent/host', trickleMs: 200 });
    sim.addFault({ agent: clients[8]!.id, path: '/v1/agent/self', silentAfterHeaders: true });
    const durationS = 10;
    const timeoutS = 10;
    const r = await runCli([
      'collect',
      `-address=${sim.url}`,
      `-output=${out}`,
      `-duration=${durationS}s`,
      '-interval=5s',
      '-pprof-duration=1s',
      '-pprof-interval=5s',
      `-request-timeout=${timeoutS}s`,
      '-max-nodes=0',
    ]);
    const archive = /Created debug archive: (.+)/.exec(r.stdout)?.[1]?.trim();
    if (!archive) throw new Error(`no archive path in: ${r.stdout}`);
    const codes = await failureCodes(archive);
    process.stdout.write(
      `collect fault: ${(r.ms / 1000).toFixed(2)} s (bound ${durationS + timeoutS} s + a few), peak RSS ${r.maxRssMB.toFixed(0)} MB, ` +
        `4 answers of 2 GB, 3 endless, 1 trickling, 1 silent; failed: ${codes}\n`,
    );
  } finally {
    await sim.close();
  }
}

/** analyze of a million-entry bundle: bounded by the entry cap (issue: ≤ 30 s and ≤ 1 GB for any bundle under 100 MB). */
async function bombLine(dir: string): Promise<void> {
  const bomb = path.join(dir, 'entry-bomb.tar.gz');
  const count = 1_000_000;
  await writeEntryBomb(bomb, count);
  const r = await runCli(['analyze', bomb, '-out', path.join(dir, 'bomb.html')]);
  process.stdout.write(
    `analyze entry bomb: ${count.toLocaleString('en')} empty files (${((await stat(bomb)).size / 1e6).toFixed(1)} MB): ` +
      `${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.maxRssMB.toFixed(0)} MB\n`,
  );
}

async function failureCodes(archive: string): Promise<string> {
  const text = execFileSync('tar', ['-xzOf', archive, '--wildcards', '*/manifest.json'], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
  const m = JSON.parse(text) as { captures: { status: string; code: string }[] };
  const counts = new Map<string, number>();
  // skipped is not failed: the license endpoint on Nomad CE answers 204, nothing to capture
  for (const c of m.captures) if (c.status !== 'ok' && c.status !== 'skipped') counts.set(c.code, (counts.get(c.code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code}×${n}`).join(', ') || 'none';
}

/** Capture counts from the bundle's manifest.json (the analyzer's reader is not needed for this). */
async function manifestOf(archive: string): Promise<{ captures: number; notOk: number }> {
  const text = execFileSync('tar', ['-xzOf', archive, '--wildcards', '*/manifest.json'], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
  const m = JSON.parse(text) as { captures: { status: string }[] };
  return { captures: m.captures.length, notOk: m.captures.filter((c) => c.status !== 'ok').length };
}
