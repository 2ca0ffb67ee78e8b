// The smaller captures against the simulated cluster, collected and analyzed: agent-servers.json
// of each client (/v1/agent/servers), allocation-checks/ beside allocation-stats/,
// interval/NNNN/operator-autopilot-config.json, and index.html at the root as Nomad writes it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { startSim } from '../../src/sim/index.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { Manifest } from '../../src/archive/manifest.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import { analyze } from '../../src/analyze/run.ts';
import type { Finding } from '../../src/analyze/types.ts';
import { byRel, readArchive } from './archive-helpers.ts';
import { collectOptions, quietContext, tempDir } from './sim-helpers.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;

async function collectAndAnalyze(scenario: 'healthy' | 'degraded', seed: number) {
  const sim = await startSim({ servers: 3, clients: 4, scenario, seed });
  const out = await tempDir();
  const result = await runCollect(collectOptions(sim.url, out, { durationMs: 1500, intervalMs: 1000, eventTopics: null }), quietContext());
  const files = byRel(await readArchive(result.path));
  const manifest = JSON.parse(files.get('manifest.json')!.body.toString()) as Manifest;
  const bundle = await readBundle(result.path);
  const findings = analyze(bundle).findings as Finding[];
  return { sim, out, files, manifest, bundle, findings };
}

/** Collects and analyzes once for the suite it is called in; the sim and the output go after it. */
function collected(scenario: 'healthy' | 'degraded', seed: number): { r: Awaited<ReturnType<typeof collectAndAnalyze>> } {
  const box = {} as { r: Awaited<ReturnType<typeof collectAndAnalyze>> };
  before(async () => {
    box.r = await collectAndAnalyze(scenario, seed);
  });
  after(async () => {
    await box.r?.sim.close();
    if (box.r) await fsp.rm(box.r.out, { recursive: true, force: true });
  });
  return box;
}

describe('degraded', () => {
  const box = collected('degraded', 11);

  test('agent-servers.json from each listening client, asked directly; none for servers (they answer 501)', () => {
    for (const c of box.r.sim.cluster.clients.filter((x) => x.listening)) {
      const f = box.r.files.get(`client/${c.id}/agent-servers.json`);
      assert.ok(f, c.name);
      const list = JSON.parse(f.body.toString()) as string[];
      if (c.health.message === 'no known servers') assert.deepEqual(list, []);
      else assert.ok(list.length > 0 && list.every((s) => /^127\.\d+\.\d+\.\d+:4647$/.test(s)), f.body.toString());
    }
    assert.ok(![...box.r.files.keys()].some((k) => k.startsWith('server/') && k.endsWith('agent-servers.json')));
    const rec = box.r.manifest.captures.find((c) => c.path.endsWith('agent-servers.json'))!;
    assert.equal(rec.endpoint, '/v1/agent/servers');
  });

  test('"knows no servers" names the client whose list is empty, evidence the empty file', () => {
    const lost = box.r.sim.cluster.clients.find((c) => c.listening && c.health.message === 'no known servers')!;
    const f = box.r.findings.filter((x) => x.check === 'client-servers' && x.severity === 'warning');
    assert.deepEqual(f.map((x) => x.subject), [lost.id]);
    assert.deepEqual(f[0]!.evidence, [{ file: `client/${lost.id}/agent-servers.json` }]);
  });

  test('allocation-checks/<id>.json beside allocation-stats/<id>.json, and the failing checks found on the unhealthy client', () => {
    const checks = [...box.r.files.keys()].filter((k) => /^client\/[^/]+\/allocation-checks\/[^/]+\.json$/.test(k));
    assert.ok(checks.length > 0);
    for (const k of checks) assert.ok(box.r.files.has(k.replace('allocation-checks', 'allocation-stats')), k);
    const lost = box.r.sim.cluster.clients.find((c) => c.listening && !c.health.ok)!;
    const f = box.r.findings.filter((x) => x.check === 'service-checks');
    assert.deepEqual(f.map((x) => x.subject), [lost.id]);
    assert.match(f[0]!.evidence[0]!.file, new RegExp(`^client/${lost.id}/allocation-checks/`));
    assert.ok(box.r.bundle.clients.find((c) => c.id === lost.id)!.allocChecks.length > 0);
  });

  test('operator-autopilot-config.json in every interval, read by the model (Go duration strings)', () => {
    for (const iv of ['0000', '0001']) assert.ok(box.r.files.has(`interval/${iv}/operator-autopilot-config.json`), iv);
    const cfg = box.r.bundle.intervals[0]!.autopilotConfig!;
    assert.equal(cfg.file, 'interval/0000/operator-autopilot-config.json');
    // written "200ms" and "10s" as Nomad's API does, read as nanoseconds
    assert.equal(cfg.value.LastContactThreshold, 200_000_000);
    assert.equal(cfg.value.ServerStabilizationTime, 10_000_000_000);
  });

  test('index.html at the root: the bundle time stamp, one link per file (as index.json), and no integrity warning', () => {
    const html = box.r.files.get('index.html')!.body.toString();
    const index = JSON.parse(box.r.files.get('index.json')!.body.toString()) as string[];
    const root = /<title>(.*)<\/title>/.exec(html)![1]!;
    assert.match(root, /^\d{4}-\d{2}-\d{2}-\d{6}Z$/);
    const links = [...html.matchAll(/<li><a href="([^"]*)">([^<]*)<\/a><\/li>/g)].map((m) => m[2]);
    assert.deepEqual(links, index);
    assert.ok(index.includes('manifest.json') && !index.includes('index.html'));
    assert.ok(!box.r.findings.some((x) => x.check === 'bundle-integrity' && x.severity !== 'info'), JSON.stringify(box.r.findings.filter((x) => x.check === 'bundle-integrity')));
  });
});

describe('healthy', () => {
  const box = collected('healthy', 12);

  test('no client without servers, no failing service check', () => {
    assert.ok(!box.r.findings.some((x) => x.check === 'client-servers' && x.severity !== 'info'));
    assert.ok(box.r.findings.some((x) => x.check === 'client-servers' && /All 4 clients know servers/.test(x.title)));
    assert.ok(!box.r.findings.some((x) => x.check === 'service-checks'));
  });
});
