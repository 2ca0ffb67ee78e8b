// `npm run bench`: collect wall time against the floor (-duration 10s, -pprof-duration 1s) at
// 10, 100 and 500 clients with peak memory; then analyze of the 500-client bundle against
// plain gunzip of the same file, peak memory and report size. Loopback only.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSim } from '../../src/sim/index.ts';

const HERE = import.meta.dirname;
const FLOOR_MS = 10_000;
const sizes = (process.env.BENCH_CLIENTS ?? '10,100,500').split(',').map(Number);

function runChild(script: string, args: string[]): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${script} exited ${code}`))));
  });
}

const work = await mkdtemp(path.join(os.tmpdir(), 'nomad-debug-bench-'));
const rows: string[] = [];
let biggest: string | undefined;
try {
  for (const clients of sizes) {
    const sim = await startSim({ host: '127.0.0.1', port: 0, servers: 3, clients, scenario: 'degraded' });
    try {
      const r = await runChild('collect-once.ts', [sim.url, work, String(FLOOR_MS), '1000']);
      const size = (await stat(String(r.path))).size;
      rows.push(
        `collect  ${String(clients).padStart(3)} clients: ${(Number(r.ms) / 1000).toFixed(2)} s ` +
          `(floor 10 s, +${((Number(r.ms) - FLOOR_MS) / 1000).toFixed(2)} s), peak RSS ${Number(r.maxRssMB).toFixed(0)} MB, ` +
          `${r.captures} captures (${r.failed} not ok), bundle ${(size / 1e6).toFixed(1)} MB`,
      );
      process.stdout.write(rows.at(-1) + '\n');
      biggest = String(r.path);
    } finally {
      await sim.close();
    }
  }
  if (biggest) {
    const t0 = performance.now();
    execFileSync('sh', ['-c', `gunzip -c "${biggest}" > /dev/null`]);
    const gunzipMs = performance.now() - t0;
    const a = await runChild('analyze-once.ts', [biggest, path.join(work, 'report.html')]);
    rows.push(
      `analyze  ${sizes.at(-1)} clients: ${(Number(a.ms) / 1000).toFixed(2)} s vs gunzip ${(gunzipMs / 1000).toFixed(2)} s ` +
        `(${(Number(a.ms) / gunzipMs).toFixed(1)}×), peak RSS ${Number(a.maxRssMB).toFixed(0)} MB, ` +
        `report ${(Number(a.reportBytes) / 1e6).toFixed(2)} MB, ${a.findings} findings`,
    );
    process.stdout.write(rows.at(-1) + '\n');
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
