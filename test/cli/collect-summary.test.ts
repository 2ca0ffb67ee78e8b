// What the operator sees at the end of a collect: per agent what arrived and why anything is
// missing (plain text and the final -json event), an interrupted run said on stdout before the
// path, and nothing from the cluster reaching the terminal raw.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSim } from '../../src/sim/index.ts';
import { runCli } from './helpers.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;

describe('collect end summary', () => {
  let sim: Sim;
  let cwd: string;
  before(async () => {
    sim = await startSim({ servers: 1, clients: 2, scenario: 'healthy', enableDebug: true, seed: 9 });
    cwd = await fsp.mkdtemp(path.join(os.tmpdir(), 'nd-summary-'));
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(cwd, { recursive: true, force: true });
  });

  const args = (...extra: string[]) => ['collect', `-address=${sim.url}`, '-duration=1s', '-interval=1s', '-pprof-interval=1s', '-request-timeout=1s', '-max-nodes=0', ...extra];

  test('plain: each agent with gaps is named with its missing files and why; control characters are shown escaped', async () => {
    const client = sim.agents.find((a) => a.kind === 'client')!;
    sim.addFault({ agent: client.id, path: '/v1/agent/host', hang: true });
    sim.addFault({ agent: client.id, path: '/v1/client/stats', status: 500, body: 'disk \u001b[2Jon fire' });
    try {
      const r = await runCli(args(), { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Agents: 2 of 3 captured in full; missing data from 1:/);
      assert.match(r.stderr, new RegExp(`client:${client.id}.*: 2 of \\d+ missing`));
      assert.match(r.stderr, /agent-host\.json: TIMEOUT \(No complete answer within 1000 ms\)/);
      assert.match(r.stderr, /client-stats\.json: HTTP_500 \(Unexpected response code: 500 \(disk \\x1b\[2Jon fire\)\)/);
      assert.ok(!r.stderr.includes('\u001b'), 'no raw ESC on the terminal');
      assert.ok(!r.stdout.includes('Interrupted'));
      assert.match(r.stdout.trimEnd().split('\n').at(-1)!, /^Created debug archive: /);
    } finally {
      sim.clearFaults();
    }
  });

  test('-json: the last event is "done" with the bundle path and every agent, gaps first', async () => {
    const server = sim.agents.find((a) => a.kind === 'server')!;
    sim.addFault({ agent: server.name, path: '/v1/agent/pprof/heap', status: 500, body: 'no heap' });
    try {
      const r = await runCli(args('-json'), { cwd });
      assert.equal(r.code, 0, r.stderr);
      const events = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const done = events.at(-1) as { type: string; path: string; captures: { ok: number }; agents: { target: string; missing: { file: string; code: string; why?: string }[] }[] };
      assert.equal(done.type, 'done');
      assert.equal(done.path, /Created debug archive: (.+)/.exec(r.stdout)![1]);
      assert.ok(done.captures.ok > 0);
      assert.equal(done.agents.length, 3);
      assert.equal(done.agents[0]!.target, `server:${server.name}`);
      assert.ok(done.agents[0]!.missing.length >= 1);
      assert.ok(done.agents[0]!.missing.every((m) => /^heap_\d{4}\.prof$/.test(m.file) && m.code === 'HTTP_500' && /no heap/.test(m.why ?? '')));
      assert.ok(done.agents.slice(1).every((a) => a.missing.length === 0));
    } finally {
      sim.clearFaults();
    }
  });

  test('an interrupted run says so on stdout, on the line before the archive path', async () => {
    const soft = new AbortController();
    setTimeout(() => soft.abort(), 600);
    const r = await runCli(['collect', `-address=${sim.url}`, '-duration=20s', '-interval=5s', '-max-nodes=0'], { cwd, signal: soft.signal });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines.at(-2)!, /^Interrupted: this bundle is partial/);
    assert.match(lines.at(-1)!, /^Created debug archive: /);
  });
});
