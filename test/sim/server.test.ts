// The simulated cluster over real sockets: every agent at its own loopback address, forwarding
// with node_id/server_id and Nomad's error texts, ACL denials, stream framing, pprof answers that
// decode, faults. Only 127.0.0.0/8 is ever contacted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { decodeFrames } from '../../src/sim/content/frames.ts';
import { startSim, type Sim } from '../../src/sim/index.ts';

async function get(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', body, text: body.toString('utf8'), headers: res.headers };
}

/** Reads a streaming answer for `ms`, then drops the connection. */
async function readFor(url: string, ms: number): Promise<{ status: number; type: string; text: string }> {
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal });
  let text = '';
  const reader = res.body!.getReader();
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
  } catch {
    // aborted on purpose
  } finally {
    clearTimeout(timer);
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

const isLoopback = (ip: string) => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);

describe('degraded cluster', () => {
  let sim: Sim;
  let base: string;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 5, scenario: 'degraded', seed: 11 });
    base = sim.url;
  });
  after(() => sim.close());

  test('listens on loopback; every alive agent answers at its own advertised address on the same port', async () => {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const a of sim.agents) {
      assert.ok(isLoopback(a.address), a.address);
      const url = `http://${a.address}:${sim.port}`;
      if (a.listening) {
        const self = JSON.parse((await get(url, '/v1/agent/self')).text) as { config: { NodeName: string }; member: { Name: string } };
        assert.equal(self.config.NodeName, a.name.replace(/\.global$/, ''), `${a.name} answers as itself`);
      } else {
        await assert.rejects(get(url, '/v1/agent/self'), `${a.name} (${a.status}) refuses connections`);
      }
    }
  });

  test('members: failed and left servers keep their shape, addresses are loopback', async () => {
    const doc = JSON.parse((await get(base, '/v1/agent/members')).text) as { ServerName: string; Members: { Name: string; Addr: string; Status: string; Tags: Record<string, string> }[] };
    const statuses = doc.Members.map((m) => m.Status);
    assert.ok(statuses.includes('failed') && statuses.includes('left'), statuses.join(','));
    for (const m of doc.Members) {
      assert.ok(isLoopback(m.Addr) && isLoopback(m.Tags.rpc_addr!), m.Addr);
      assert.equal(typeof m.Tags.build, 'string');
    }
  });

  test('nodes: HTTPAddr is each client’s own listener', async () => {
    const nodes = JSON.parse((await get(base, '/v1/nodes')).text) as { ID: string; Status: string }[];
    assert.equal(nodes.length, 5);
    const prefix = nodes[0]!.ID.slice(0, 4);
    const some = JSON.parse((await get(base, `/v1/nodes?prefix=${prefix}`)).text) as { ID: string }[];
    assert.ok(some.every((n) => n.ID.startsWith(prefix)) && some.length >= 1);
    for (const n of nodes) {
      const node = JSON.parse((await get(base, `/v1/node/${n.ID}`)).text) as { HTTPAddr: string; SecretID: string };
      assert.equal(node.SecretID, '');
      const [host, port] = node.HTTPAddr.split(':');
      assert.ok(isLoopback(host!));
      assert.equal(Number(port), sim.port);
    }
    assert.deepEqual(await get(base, '/v1/node/00000000-0000-0000-0000-000000000000').then((r) => [r.status, r.text]), [404, 'node not found']);
  });

  test('forwarding errors have Nomad’s codes and texts', async () => {
    const unknown = 'ffffffff-0000-4000-8000-000000000000';
    const cases: [string, number, string][] = [
      [`/v1/agent/host?node_id=${unknown}`, 404, `Unknown node "${unknown}"`],
      [`/v1/agent/pprof/heap?node_id=${unknown}`, 404, `Unknown node "${unknown}"`],
      [`/v1/agent/monitor?node_id=${unknown}`, 500, `RPC Error:: 404,Unknown node "${unknown}"`],
      [`/v1/client/stats?node_id=${unknown}`, 404, `Unknown node ${unknown}`],
      ['/v1/agent/pprof/heap?server_id=nope.global', 500, 'unknown Nomad server nope.global'],
      ['/v1/agent/monitor?server_id=nope.global', 400, 'unknown Nomad server nope.global'],
      [`/v1/agent/pprof/heap?server_id=server-1.global&node_id=${unknown}`, 400, 'Cannot target node and server simultaneously'],
      [`/v1/agent/host?server_id=server-1.global&node_id=${unknown}`, 400, 'Can only forward to either client node or server'],
      ['/v1/agent/pprof/nosuch', 404, 'Pprof profile not found profile: nosuch'],
      ['/v1/agent/pprof/', 404, 'Invalid method'],
      ['/v1/client/stats', 400, 'No local Node and node_id not provided'],
      ['/v1/agent/monitor?log_level=loud', 400, 'Unknown log level: loud'],
    ];
    for (const [path, status, text] of cases) {
      const r = await get(base, path);
      assert.deepEqual([r.status, r.text], [status, text], path);
      assert.match(r.type, /^text\/plain/, path);
    }
    const down = sim.agents.find((a) => a.kind === 'client' && a.status === 'down')!;
    assert.deepEqual(await get(base, `/v1/client/stats?node_id=${down.id}`).then((r) => [r.status, r.text]), [404, 'No path to node']);
  });

  test('host forwarded by node_id and server_id is wrapped with AgentID; Nomad redacts only its own rules', async () => {
    const client = sim.agents.find((a) => a.kind === 'client' && a.listening)!;
    const doc = JSON.parse((await get(base, `/v1/agent/host?node_id=${client.id}`)).text) as { AgentID: string; HostData: { Environment: Record<string, string> } };
    assert.equal(doc.AgentID, client.id);
    const server = sim.agents.find((a) => a.kind === 'server' && a.listening)!;
    const s = JSON.parse((await get(base, `/v1/agent/host?server_id=${server.name}`)).text) as { AgentID: string };
    assert.equal(s.AgentID, server.name);
    const bare = JSON.parse((await get(base, '/v1/agent/host')).text) as Record<string, unknown>;
    assert.ok('Environment' in bare && !('AgentID' in bare));
    const leaky = sim.planted.find((p) => p.kind === 'leaked-secret' && p.subject !== 'cluster' && sim.agents.some((a) => a.kind === 'client' && a.id === p.subject));
    if (leaky) {
      const env = JSON.parse((await get(base, `/v1/agent/host?node_id=${leaky.subject}`)).text).HostData.Environment as Record<string, string>;
      assert.equal(env.VAULT_TOKEN, '<redacted>');
      assert.ok(Object.values(env).includes(leaky.value!), 'Nomad leaves the planted secret in clear');
    }
  });

  test('agent-only endpoints answer for the receiving agent and ignore server_id/node_id', async () => {
    const servers = sim.agents.filter((a) => a.kind === 'server' && a.listening);
    const other = servers[1]!;
    const viaMain = JSON.parse((await get(base, `/v1/agent/self?server_id=${other.name}`)).text) as { member: { Name: string } };
    assert.notEqual(viaMain.member.Name, other.name);
    const direct = JSON.parse((await get(`http://${other.address}:${sim.port}`, '/v1/agent/self')).text) as { member: { Name: string } };
    assert.equal(direct.member.Name, other.name);
    const client = sim.agents.find((a) => a.kind === 'client' && a.listening)!;
    const sched = await get(`http://${client.address}:${sim.port}`, '/v1/agent/schedulers');
    assert.deepEqual([sched.status, sched.text], [400, 'Server only endpoint']);
  });

  test('an unhealthy client answers its health with 500 and the JSON as text/plain', async () => {
    const sick = sim.planted.find((p) => p.kind === 'health-unhealthy');
    assert.ok(sick, 'the degraded scenario plants an unhealthy client');
    const a = sim.agents.find((x) => x.id === sick.subject || x.name === sick.subject)!;
    const r = await get(`http://${a.address}:${sim.port}`, '/v1/agent/health');
    assert.equal(r.status, 500);
    assert.match(r.type, /^text\/plain/);
    assert.deepEqual(JSON.parse(r.text), { client: { ok: false, message: 'no known servers' } });
    const ok = await get(base, '/v1/agent/health');
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.text).server.ok, true);
  });

  test('autopilot answers 429 with its JSON when unhealthy; license is 204 on CE', async () => {
    const r = await get(base, '/v1/operator/autopilot/health');
    assert.equal(r.status, 429);
    const doc = JSON.parse(r.text) as { Healthy: boolean; FailureTolerance: number; Servers: { LastContact: unknown }[] };
    assert.equal(doc.Healthy, false);
    assert.equal(typeof doc.Servers[0]!.LastContact, 'string', 'api.ServerHealth writes a Go duration string');
    assert.equal((await get(base, '/v1/operator/license')).status, 204);
  });

  test('one paused scheduler set: all workers paused on that server', async () => {
    const paused = sim.planted.find((p) => p.kind === 'schedulers-paused')!;
    const a = sim.agents.find((x) => x.name === paused.subject)!;
    const doc = JSON.parse((await get(`http://${a.address}:${sim.port}`, '/v1/agent/schedulers')).text) as { server_id: string; schedulers: { status: string }[] };
    assert.equal(doc.server_id, a.name);
    assert.ok(doc.schedulers.length > 0 && doc.schedulers.every((w) => w.status === 'Paused'));
  });

  test('list endpoints: JSON arrays with X-Nomad-Index; ?pretty indents', async () => {
    for (const p of ['/v1/jobs?namespace=*', '/v1/allocations', '/v1/evaluations', '/v1/deployments', '/v1/plugins?type=csi', '/v1/volumes?type=csi', '/v1/namespaces']) {
      const r = await get(base, p);
      assert.equal(r.status, 200, p);
      assert.ok(Array.isArray(JSON.parse(r.text)), p);
      assert.ok(r.headers.get('x-nomad-index'), p);
    }
    const pretty = await get(base, '/v1/regions?pretty');
    assert.equal(pretty.text, '[\n    "global"\n]\n');
    assert.equal((await get(base, '/v1/plugins')).status, 400);
    const plugins = JSON.parse((await get(base, '/v1/plugins?type=csi')).text) as { ID: string }[];
    for (const p of plugins) assert.equal((await get(base, `/v1/plugin/csi/${encodeURIComponent(p.ID)}`)).status, 200, p.ID);
  });

  test('metrics: go-metrics summary; prometheus is off', async () => {
    const doc = JSON.parse((await get(base, '/v1/metrics')).text) as { Timestamp: string; Gauges: { Name: string; Value: number }[]; Counters: unknown[]; Samples: unknown[] };
    assert.match(doc.Timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000 UTC$/);
    assert.ok(doc.Gauges.some((g) => g.Name === 'nomad.runtime.num_goroutines'));
    assert.deepEqual(await get(base, '/v1/metrics?format=prometheus').then((r) => [r.status, r.text]), [415, 'Prometheus is not enabled']);
  });
});

describe('streams and profiles', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim({ servers: 1, clients: 2, scenario: 'healthy', seed: 12 });
  });
  after(() => sim.close());

  test('monitor: back-to-back JSON frames with base64 Data and FileEvent log, at the level asked', async () => {
    const client = sim.agents.find((a) => a.kind === 'client')!;
    const r = await readFor(`${sim.url}/v1/agent/monitor?node_id=${client.id}&log_level=DEBUG`, 900);
    assert.equal(r.status, 200);
    assert.match(r.type, /^application\/json/);
    assert.ok(r.text.startsWith('{"Data":"') || r.text.startsWith('{"Offset"'), r.text.slice(0, 40));
    const frames = decodeFrames(r.text);
    const logs = frames.filter((f) => f.Data).map((f) => f.Data!.toString('utf8')).join('');
    assert.ok(frames.filter((f) => f.Data).every((f) => f.FileEvent === 'log'));
    assert.ok(logs.length > 0);
    assert.doesNotMatch(logs, /\[TRACE\]/);
    assert.match(logs, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z \[(DEBUG|INFO |WARN |ERROR)\] /m);
  });

  test('monitor: plain=true is raw text; log_json=true gives hclog JSON lines', async () => {
    const plain = await readFor(`${sim.url}/v1/agent/monitor?plain=true&log_level=TRACE`, 500);
    assert.match(plain.type, /^text\/plain/);
    assert.match(plain.text, /\[(TRACE|DEBUG|INFO |WARN |ERROR)\]/);
    const js = await readFor(`${sim.url}/v1/agent/monitor?plain=true&log_json=true&log_level=INFO`, 500);
    const first = js.text.split('\n').find((l) => l.startsWith('{'))!;
    const line = JSON.parse(first) as Record<string, string>;
    assert.ok(line['@level'] && line['@message'] && line['@timestamp'], first);
  });

  test('profile answers after its window and decodes; goroutine debug=1/2 is Go text', async () => {
    const t0 = Date.now();
    const r = await get(sim.url, '/v1/agent/pprof/profile?seconds=1');
    assert.ok(Date.now() - t0 >= 950, 'waited for the window');
    assert.equal(r.type, 'application/octet-stream');
    const p = Profile.decode(gunzipSync(r.body));
    assert.ok(p.sample.length > 0);
    for (const name of ['heap', 'goroutine', 'threadcreate', 'allocs', 'block', 'mutex']) {
      const x = await get(sim.url, `/v1/agent/pprof/${name}`);
      assert.equal(x.status, 200, name);
      Profile.decode(gunzipSync(x.body));
    }
    const d1 = await get(sim.url, '/v1/agent/pprof/goroutine?debug=1');
    assert.match(d1.text, /^goroutine profile: total \d+\n/);
    const d2 = await get(sim.url, '/v1/agent/pprof/goroutine?debug=2');
    assert.match(d2.text, /^goroutine \d+ \[[^\]]+\]:\n/);
    assert.match((await get(sim.url, '/v1/agent/pprof/cmdline')).text, /nomad/);
  });

  test('event stream: NDJSON frames after a heartbeat', async () => {
    const r = await readFor(`${sim.url}/v1/event/stream?index=0`, 400);
    const lines = r.text.split('\n').filter(Boolean);
    assert.equal(lines[0], '{}');
    const frames = lines.slice(1).map((l) => JSON.parse(l) as { Index: number; Events: { Topic: string }[] });
    assert.ok(frames.length > 0 && frames.every((f) => f.Index > 0 && Array.isArray(f.Events)));
    const jobs = await readFor(`${sim.url}/v1/event/stream?index=0&topic=Job:*`, 400);
    const topics = jobs.text.split('\n').filter((l) => l && l !== '{}').flatMap((l) => (JSON.parse(l) as { Events: { Topic: string }[] }).Events.map((e) => e.Topic));
    assert.ok(topics.every((t) => t === 'Job'), topics.join(','));
  });

  test('alloc file system: ls, cat, stream frames, logs', async () => {
    const allocs = JSON.parse((await get(sim.url, '/v1/allocations')).text) as { ID: string; ClientStatus: string; TaskStates?: Record<string, unknown> }[];
    const a = allocs.find((x) => x.ClientStatus === 'running')!;
    const ls = JSON.parse((await get(sim.url, `/v1/client/fs/ls/${a.ID}?path=/alloc/logs`)).text) as { Name: string; IsDir: boolean }[];
    const log = ls.find((f) => f.Name.endsWith('.stdout.0'))!;
    assert.ok(log);
    const cat = await get(sim.url, `/v1/client/fs/cat/${a.ID}?path=/alloc/logs/${log.Name}`);
    assert.equal(cat.status, 200);
    const stream = await readFor(`${sim.url}/v1/client/fs/stream/${a.ID}?path=/alloc/logs/${log.Name}&offset=0&origin=start`, 500);
    const data = decodeFrames(stream.text).map((f) => f.Data?.toString('utf8') ?? '').join('');
    assert.equal(data, cat.text);
    const task = log.Name.replace(/\.stdout\.0$/, '');
    const logs = await get(sim.url, `/v1/client/fs/logs/${a.ID}?task=${task}&type=stdout&plain=true`);
    assert.equal(logs.text, cat.text);
    assert.equal((await get(sim.url, `/v1/client/fs/cat/${a.ID}?path=/nope`)).status, 500);
  });

  test('faults: status, hang (until the client gives up), reset mid-stream', async () => {
    sim.addFault({ path: '/v1/regions', status: 503, body: 'overloaded' });
    assert.deepEqual(await get(sim.url, '/v1/regions').then((r) => [r.status, r.text]), [503, 'overloaded']);
    sim.addFault({ path: '/v1/status/peers', hang: true });
    await assert.rejects(fetch(`${sim.url}/v1/status/peers`, { signal: AbortSignal.timeout(300) }));
    sim.addFault({ path: '/v1/agent/monitor', resetAfterBytes: 20 });
    await assert.rejects(async () => {
      const res = await fetch(`${sim.url}/v1/agent/monitor?log_level=TRACE`);
      const reader = res.body!.getReader();
      for (;;) if ((await reader.read()).done) throw new Error('ended cleanly');
    }, (e: Error) => e.message !== 'ended cleanly');
    sim.clearFaults();
    assert.equal((await get(sim.url, '/v1/regions')).status, 200);
  });
});

describe('ACLs and enable_debug', () => {
  const FULL = '11111111-2222-4333-8444-555555555555';
  const LIMITED = '66666666-7777-4888-9999-000000000000';
  let sim: Sim;
  before(async () => {
    sim = await startSim({ servers: 1, clients: 1, token: FULL, limitedToken: LIMITED, seed: 13 });
  });
  after(() => sim.close());

  test('no token or an unknown one is denied; the full token reads everything', async () => {
    assert.deepEqual(await get(sim.url, '/v1/agent/members').then((r) => [r.status, r.text]), [403, 'Permission denied']);
    assert.deepEqual(await get(sim.url, '/v1/agent/members', { 'X-Nomad-Token': 'nope' }).then((r) => [r.status, r.text]), [403, 'ACL token not found']);
    assert.equal((await get(sim.url, '/v1/agent/members', { 'X-Nomad-Token': FULL })).status, 200);
    assert.equal((await get(sim.url, '/v1/agent/members', { Authorization: `Bearer ${FULL}` })).status, 200);
    assert.equal((await get(sim.url, '/v1/agent/pprof/heap', { 'X-Nomad-Token': FULL })).status, 200);
    assert.equal((await get(sim.url, '/v1/agent/health')).status, 200, 'health needs no token');
  });

  test('the limited token reads nodes and agents but not pprof, operator or all events', async () => {
    const h = { 'X-Nomad-Token': LIMITED };
    assert.equal((await get(sim.url, '/v1/nodes', h)).status, 200);
    assert.equal((await get(sim.url, '/v1/agent/self', h)).status, 200);
    for (const p of ['/v1/agent/pprof/heap', '/v1/operator/raft/configuration', '/v1/operator/autopilot/health', '/v1/event/stream']) {
      assert.deepEqual(await get(sim.url, p, h).then((r) => [r.status, r.text]), [403, 'Permission denied'], p);
    }
  });

  test('ACLs off with enable_debug=false: host and pprof are denied, the rest is open', async () => {
    const nodebug = await startSim({ servers: 1, clients: 1, enableDebug: false, seed: 14 });
    try {
      assert.equal((await get(nodebug.url, '/v1/agent/host')).status, 403);
      assert.equal((await get(nodebug.url, '/v1/agent/pprof/heap')).status, 403);
      assert.equal((await get(nodebug.url, '/v1/agent/members')).status, 200);
    } finally {
      await nodebug.close();
    }
  });
});
