// End to end on a healthy, well-configured simulated cluster (ACLs on, mutual TLS, enable_debug
// off): collect → analyze through main() flags nothing above info.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { AnalysisResult } from '../../src/analyze/types.ts';
import { startSim } from '../../src/sim/index.ts';
import { runCli } from './helpers.ts';

const TOKEN = '0f1e2d3c-4b5a-4697-8877-665544332211';

test('healthy: collect then analyze raises no warning or critical finding', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nd-healthy-'));
  const sim = await startSim({ servers: 3, clients: 3, scenario: 'healthy', token: TOKEN, tls: true, tlsRogue: false, enableDebug: false, seed: 31 });
  try {
    const t = sim.tls!;
    const collect = await runCli(
      ['collect', `-address=${sim.url}`, '-duration=3s', '-interval=1s', '-pprof-interval=2s', '-max-nodes=0', `-ca-cert=${t.ca}`,
        `-client-cert=${t.clientCert}`, `-client-key=${t.clientKey}`, `-tls-server-name=${t.serverName}`, `-output=${dir}`],
      { cwd: dir, env: { NOMAD_TOKEN: TOKEN } },
    );
    assert.equal(collect.code, 0, collect.stderr);
    const bundle = (await readdir(dir)).find((f) => f.endsWith('.tar.gz'))!;
    assert.ok(bundle, collect.stdout);
    const analyze = await runCli(['analyze', path.join(dir, bundle), '-json', 'f.json', '-fail-on', 'warning'], { cwd: dir });
    const result = JSON.parse(await readFile(path.join(dir, 'f.json'), 'utf8')) as AnalysisResult;
    const serious = result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.check} ${f.subject}: ${f.title}`);
    assert.deepEqual(serious, []);
    assert.equal(analyze.code, 0);
    assert.ok(result.findings.some((f) => f.check === 'profiles'), 'profiles were captured with the management token');
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
});
