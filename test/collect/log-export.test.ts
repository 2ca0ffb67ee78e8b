// Historical logs against the simulated cluster: -log-lookback (journald) and -log-file-export
// write monitor_export.log beside monitor.log; an older agent is "not supported", not a failure.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { startSim } from '../../src/sim/index.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { CollectResult, ProgressEvent } from '../../src/collect/progress.ts';
import type { Manifest } from '../../src/archive/manifest.ts';
import { OLD_VERSION } from '../../src/sim/cluster/versions.ts';
import { unsupportedLines } from '../../src/cli/agent-gaps.ts';
import { byRel, readArchive } from './archive-helpers.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import { analyze } from '../../src/analyze/run.ts';
import { collectOptions, quietContext, tempDir } from './sim-helpers.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;

async function collect(sim: Sim, out: string, over: Parameters<typeof collectOptions>[2]) {
  const events: ProgressEvent[] = [];
  const result: CollectResult = await runCollect(collectOptions(sim.url, out, { eventTopics: null, ...over }), quietContext(events));
  const files = byRel(await readArchive(result.path));
  const manifest = JSON.parse(files.get('manifest.json')!.body.toString()) as Manifest;
  return { result, files, manifest, events };
}

describe('-log-lookback on the degraded cluster', () => {
  let sim: Sim;
  let out: string;
  let run: Awaited<ReturnType<typeof collect>>;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 5, scenario: 'degraded', seed: 3 });
    out = await tempDir();
    run = await collect(sim, out, { logLookbackMs: 2 * 3600_000 });
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('each current agent has monitor_export.log beside monitor.log, with journald lines of the last 2h', () => {
    const current = sim.cluster.clients.filter((c) => c.listening);
    assert.ok(current.length >= 1);
    for (const c of current) {
      const log = run.files.get(`client/${c.id}/monitor_export.log`);
      assert.ok(log, `client/${c.id}/monitor_export.log`);
      assert.ok(run.files.has(`client/${c.id}/monitor.log`));
      const lines = log.body.toString().trim().split('\n');
      assert.ok(lines.length > 100, `${lines.length} lines`);
      assert.match(lines[0]!, new RegExp(String.raw`^[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} ${c.name} nomad\[\d+\]: \d{4}-\d{2}-\d{2}T`));
      const first = Date.parse(/ (\d{4}-\S+) /.exec(lines[0]!)![1]!);
      assert.ok(Date.now() - first > 90 * 60_000, 'history reaches back over 1.5 h');
    }
  });

  test('the request is Nomad\'s: on_disk=false, logs_since as a Go duration, service_name=nomad', () => {
    const rec = run.manifest.captures.find((c) => c.path.endsWith('monitor_export.log') && c.status === 'ok');
    assert.ok(rec);
    assert.match(rec.endpoint, /^\/v1\/agent\/monitor\/export\?/);
    assert.match(rec.endpoint, /on_disk=false/);
    assert.match(rec.endpoint, /logs_since=2h0m0s/);
    assert.match(rec.endpoint, /service_name=nomad/);
  });

  test(`the ${OLD_VERSION} server has no such endpoint: recorded UNSUPPORTED (skipped), no file, not a gap`, () => {
    const old = sim.cluster.servers.find((s) => s.version === OLD_VERSION && s.listening)!;
    const rec = run.manifest.captures.find((c) => c.path === `server/${old.name}/monitor_export.log`);
    assert.ok(rec);
    assert.equal(rec.code, 'UNSUPPORTED');
    assert.equal(rec.status, 'skipped');
    assert.equal(rec.httpStatus, 404);
    assert.match(rec.error ?? '', /endpoint unknown to this agent.*1\.10\.4/);
    assert.ok(!run.files.has(`server/${old.name}/monitor_export.log`));
    const summary = run.result.agents.find((a) => a.target === `server:${old.name}`)!;
    assert.deepEqual(summary.unsupported, ['monitor_export.log']);
    assert.ok(!summary.missing.some((m) => m.file === 'monitor_export.log'));
    assert.match(unsupportedLines(run.result.agents).join('\n'), new RegExp(`Not supported by 1 agent .*monitor_export\\.log of server:${old.name.replace('.', '\\.')}`));
  });

  test('servers are asked directly (a forwarded server_id export would be the other server\'s live log)', () => {
    const leader = sim.cluster.leader!;
    const rec = run.manifest.captures.find((c) => c.path === `server/${leader.name}/monitor_export.log`)!;
    assert.equal(rec.status, 'ok');
    assert.doesNotMatch(rec.endpoint, /server_id=/);
    const down = sim.cluster.servers.find((s) => s.status === 'failed')!;
    const failed = run.manifest.captures.find((c) => c.path === `server/${down.name}/monitor_export.log`)!;
    assert.equal(failed.code, 'CONNECT_REFUSED');
  });

  test('the down client fails as its monitor does (No path to node), as a failure', () => {
    const down = sim.cluster.clients.find((c) => c.status === 'down')!;
    const rec = run.manifest.captures.find((c) => c.path === `client/${down.id}/monitor_export.log`)!;
    assert.equal(rec.status, 'failed');
    assert.match(rec.error ?? '', /No path to node/);
    assert.match(run.files.get(`client/${down.id}/monitor_export.log`)!.body.toString(), /^monitor: .*No path to node/m);
  });

  test('analyzed: the noisy client\'s error runs are found in its history too, and the old server\'s missing history is said (info)', async () => {
    const b = await readBundle(run.result.path);
    const noisy = sim.cluster.clients.find((c) => c.errorBurst)!;
    const agent = b.clients.find((c) => c.id === noisy.id)!;
    assert.ok(agent.exportLog && agent.log);
    assert.ok(agent.exportLog.counts.ERROR > 0);
    const findings = analyze(b).findings;
    const burst = findings.find((f) => f.check === 'logs' && /Error burst/.test(f.title) && f.subject === noisy.id);
    assert.ok(burst, JSON.stringify(findings.filter((f) => f.check === 'logs').map((f) => [f.subject, f.title])));
    assert.ok(burst.evidence.some((e) => e.file === `client/${noisy.id}/monitor_export.log`));
    const old = sim.cluster.servers.find((s) => s.version === OLD_VERSION && s.listening)!;
    const none = findings.find((f) => f.check === 'logs' && /No log history from 1 agent/.test(f.title));
    assert.equal(none?.subject, old.name);
    assert.equal(none?.severity, 'info');
  });

  test('historical lines are redacted like monitor.log (the planted Vault token never lands)', () => {
    for (const [name, f] of run.files) {
      if (!name.endsWith('monitor_export.log')) continue;
      assert.doesNotMatch(f.body.toString(), /hvs\.[A-Za-z0-9]{20,}/, name);
    }
  });
});

describe('-log-file-export', () => {
  let sim: Sim;
  let out: string;
  before(async () => {
    sim = await startSim({ servers: 1, clients: 2, scenario: 'healthy', seed: 4 });
    out = await tempDir();
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('an export still going when the window closes is history cut short: TIMEOUT, said in the file', async () => {
    const c = sim.cluster.clients.find((x) => x.version !== OLD_VERSION && x.logFile !== '')!;
    sim.addFault({ agent: c.id, path: '/v1/agent/monitor/export', silentAfterHeaders: true });
    try {
      const run = await collect(sim, out, { logFileExport: true, durationMs: 1200 });
      const rec = run.manifest.captures.find((x) => x.path === `client/${c.id}/monitor_export.log`)!;
      assert.equal(rec.status, 'timeout');
      assert.equal(rec.httpStatus, 200);
      assert.match(run.files.get(`client/${c.id}/monitor_export.log`)!.body.toString(), /^monitor: The log export had not ended when the capture window closed/m);
      // the monitor of the same agent ends with its window as always: no error
      assert.equal(run.manifest.captures.find((x) => x.path === `client/${c.id}/monitor.log`)!.status, 'ok');
    } finally {
      sim.clearFaults();
    }
  });

  test('exports the log file (plain hclog lines, on_disk=true, no service_name)', async () => {
    sim.cluster.clients[1]!.logFile = '';
    const run = await collect(sim, out, { logFileExport: true, durationMs: 1500 });
    const c = sim.cluster.clients[0]!;
    const rec = run.manifest.captures.find((x) => x.path === `client/${c.id}/monitor_export.log`)!;
    assert.equal(rec.status, 'ok');
    assert.match(rec.endpoint, /on_disk=true/);
    assert.doesNotMatch(rec.endpoint, /service_name/);
    const body = run.files.get(`client/${c.id}/monitor_export.log`)!.body.toString();
    assert.match(body.split('\n')[0]!, /^\d{4}-\d{2}-\d{2}T\S+ \[(INFO|WARN|ERROR)\] /);
    // an agent without log_file: Nomad's 400, a real failure
    const bare = sim.cluster.clients[1]!;
    const failed = run.manifest.captures.find((x) => x.path === `client/${bare.id}/monitor_export.log`)!;
    assert.equal(failed.code, 'HTTP_400');
    assert.match(failed.error ?? '', /No nomad log file defined/);
    // analyzed: the failed export is said about that client; every agent here has the endpoint
    const findings = analyze(await readBundle(run.result.path)).findings;
    const incomplete = findings.filter((f) => /Log history of .* is incomplete/.test(f.title));
    assert.deepEqual(incomplete.map((f) => f.subject), [bare.id]);
    assert.match(incomplete[0]!.detail, /No nomad log file defined/);
    assert.ok(!findings.some((f) => /No log history/.test(f.title)));
    assert.ok(!findings.some((f) => /Error burst/.test(f.title)), 'a healthy history has no burst');
  });

  test('an older client behind a current server answers 200 and nothing: its version says why (UNSUPPORTED)', async () => {
    const c = sim.cluster.clients[0]!;
    c.version = OLD_VERSION;
    const run = await collect(sim, out, { logFileExport: true, durationMs: 1500 });
    const rec = run.manifest.captures.find((x) => x.path === `client/${c.id}/monitor_export.log`)!;
    assert.equal(rec.code, 'UNSUPPORTED');
    assert.match(rec.error ?? '', new RegExp(`Nomad ${OLD_VERSION.replace(/\./g, '\\.')} has no`));
  });

  test('without the flags nothing is exported', async () => {
    const run = await collect(sim, out, { durationMs: 1000 });
    assert.ok(![...run.files.keys()].some((f) => f.endsWith('monitor_export.log')));
    assert.ok(!run.manifest.captures.some((c) => c.path.endsWith('monitor_export.log')));
  });
});

describe('-log-lookback with ACLs over plain HTTP', () => {
  let sim: Sim;
  let out: string;
  before(async () => {
    sim = await startSim({ servers: 2, clients: 1, scenario: 'healthy', seed: 6, token: 'mgmt-token' });
    out = await tempDir();
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test("a server's export goes without the token to its advertised address (TOKEN_WITHHELD); a client's through -address has it", async () => {
    const run = await collect(sim, out, { token: 'mgmt-token', logLookbackMs: 600_000, durationMs: 1500 });
    for (const s of sim.cluster.servers) {
      const rec = run.manifest.captures.find((c) => c.path === `server/${s.name}/monitor_export.log`)!;
      assert.equal(rec.code, 'TOKEN_WITHHELD', s.name);
      assert.match(rec.error ?? '', /-trust-advertised/);
    }
    const c = sim.cluster.clients[0]!;
    assert.equal(run.manifest.captures.find((x) => x.path === `client/${c.id}/monitor_export.log`)!.status, 'ok');
    assert.deepEqual(sim.requests.addressesWithToken(), ['127.0.0.1']);
    const trusted = await collect(sim, out, { token: 'mgmt-token', logLookbackMs: 600_000, durationMs: 1500, trustAdvertised: true });
    for (const s of sim.cluster.servers) {
      assert.equal(trusted.manifest.captures.find((x) => x.path === `server/${s.name}/monitor_export.log`)!.status, 'ok', s.name);
    }
  });
});
