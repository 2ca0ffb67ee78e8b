// Places where the simulated cluster follows Nomad's Go source (hashicorp/nomad main, aa026cc9):
// each test names the file whose behaviour it pins. Real sockets, loopback only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { buildCluster } from '../../src/sim/cluster/build.ts';
import { eventsSince } from '../../src/sim/cluster/events.ts';
import { decodeFrames } from '../../src/sim/content/frames.ts';
import { startSim, type Sim } from '../../src/sim/index.ts';
import { parseTopics } from '../../src/sim/server/stream-events.ts';

const TOKEN = 'f0f0f0f0-1111-4222-8333-944444444444';

async function call(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, init);
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, body, text: body.toString('utf8') };
}

const auth = { 'X-Nomad-Token': TOKEN };

/** Reads a streaming answer for `ms`, then drops the connection. */
async function readFor(url: string, ms: number, headers: Record<string, string> = auth): Promise<{ status: number; text: string }> {
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal, headers });
  let text = '';
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += Buffer.from(chunk).toString('utf8');
  } catch {
    // aborted on purpose
  } finally {
    clearTimeout(timer);
  }
  return { status: res.status, text };
}

describe('the sim follows Nomad’s HTTP agent', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 3, scenario: 'degraded', seed: 5, token: TOKEN });
  });
  after(() => sim.close());

  const server = () => sim.agents.find((a) => a.kind === 'server' && a.listening)!;
  const client = () => sim.agents.find((a) => a.kind === 'client' && a.listening)!;
  const at = (a: { address: string }) => `http://${a.address}:${sim.port}`;

  test('an unknown path is a bare 404: no body, no Content-Type (command/agent/http.go handleRootFallthrough, registerHandlers)', async () => {
    for (const path of ['/v1/nope', '/v1/agent/nope', '/nope/at/all']) {
      const r = await call(sim.url, path, { headers: auth });
      assert.deepEqual([r.status, r.text, r.type], [404, '', null], path);
    }
    // a subtree root without its slash: Go's ServeMux redirects (net/http ServeMux, http.Redirect)
    const moved = await call(sim.url, '/v1/agent/pprof?debug=1', { headers: auth, redirect: 'manual' });
    assert.deepEqual([moved.status, moved.headers.get('location'), moved.text], [301, '/v1/agent/pprof/?debug=1', '<a href="/v1/agent/pprof/?debug=1">Moved Permanently</a>.\n\n']);
    assert.equal(moved.type, 'text/html; charset=utf-8');
    assert.equal((await call(sim.url, '/v1/node', { headers: auth, redirect: 'manual' })).headers.get('location'), '/v1/node/');
    // everything under /v1/agent/pprof/ is a profile name (command/agent/agent_endpoint.go AgentPprofRequest)
    assert.deepEqual(await call(sim.url, '/v1/agent/pprof/goroutine/x', { headers: auth }).then((r) => [r.status, r.text]), [404, 'Pprof profile not found profile: goroutine/x']);
    // a known path with a method its handler refuses is still the handler's 405
    assert.deepEqual(await call(sim.url, '/v1/agent/self', { method: 'DELETE', headers: auth }).then((r) => [r.status, r.text]), [405, 'Invalid method']);
  });

  test('/v1/agent/servers: 501 "Invalid method" on a server before any ACL check; a client lists ip:port sorted (command/agent/agent_endpoint.go listServers)', async () => {
    for (const headers of [auth, {}]) {
      const r = await call(at(server()), '/v1/agent/servers', { headers });
      assert.deepEqual([r.status, r.text], [501, 'Invalid method']);
      assert.match(r.type ?? '', /^text\/plain/);
    }
    const r = await call(at(client()), '/v1/agent/servers', { headers: auth });
    assert.equal(r.status, 200);
    const list = JSON.parse(r.text) as string[];
    assert.ok(list.length > 0 && list.every((s) => /^127\.\d+\.\d+\.\d+:4647$/.test(s)), r.text);
    assert.deepEqual(list, [...list].sort());
    assert.equal((await call(at(client()), '/v1/agent/servers')).status, 403, 'a client still asks for agent:read');
  });

  test('monitor of a node without a connection: 500 "RPC Error:: 404,No path to node" (nomad/client_agent_endpoint.go findClientConn, forwardMonitorClient)', async () => {
    const down = sim.agents.find((a) => a.kind === 'client' && !a.listening)!;
    const r = await call(sim.url, `/v1/agent/monitor?node_id=${down.id}`, { headers: auth });
    assert.deepEqual([r.status, r.text], [500, 'RPC Error:: 404,No path to node']);
    // the unary forwards unwrap the coded error to its own status and text
    assert.deepEqual(await call(sim.url, `/v1/agent/host?node_id=${down.id}`, { headers: auth }).then((r) => [r.status, r.text]), [404, 'No path to node']);
  });

  test('monitor checks its query before node_id+server_id and before the token; bad flags carry Go\'s ParseBool error (command/agent/agent_endpoint.go AgentMonitor)', async () => {
    const cases: [string, number, string][] = [
      ['log_level=loud', 400, 'Unknown log level: loud'],
      ['log_json=maybe', 400, 'Unknown option for log json: strconv.ParseBool: parsing "maybe": invalid syntax'],
      ['plain=2', 400, 'Unknown option for plain: strconv.ParseBool: parsing "2": invalid syntax'],
      ['log_include_location=x', 400, 'Unknown option for log_include_location: strconv.ParseBool: parsing "x": invalid syntax'],
      ['node_id=a&server_id=b', 400, 'Cannot target node and server simultaneously'],
    ];
    for (const [q, status, text] of cases) {
      const r = await call(sim.url, `/v1/agent/monitor?${q}`); // no token: these answers come first
      assert.deepEqual([r.status, r.text], [status, text], q);
    }
    const pprof = await call(sim.url, '/v1/agent/pprof/heap?node_id=a&server_id=b');
    assert.deepEqual([pprof.status, pprof.text], [400, 'Cannot target node and server simultaneously'], 'agentPprof too');
    assert.equal((await call(sim.url, '/v1/agent/monitor?plain=')).status, 403, 'an empty flag is false, then the token is checked');
    const plain = await readFor(`${sim.url}/v1/agent/monitor?plain=&log_level=TRACE`, 400);
    assert.ok(plain.text.startsWith('{'), 'plain= is not plain text');
  });

  test('event stream topics as parseEventTopics reads them (command/agent/event_endpoint.go parseTopic)', async () => {
    const bad = await call(sim.url, '/v1/event/stream?topic=a:b:c', { headers: auth });
    assert.deepEqual([bad.status, bad.text], [400, 'Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: a:b:c']);
    const job = await readFor(`${sim.url}/v1/event/stream?index=0&topic=Job:`, 300);
    assert.equal(job.status, 200, '"Job:" is topic Job with the empty key');
    assert.deepEqual(job.text.split('\n').filter(Boolean), ['{}'], 'no Job event has the empty key');
    const index = await call(sim.url, '/v1/event/stream?index=x', { headers: auth });
    assert.deepEqual([index.status, index.text], [400, 'Unable to parse index: strconv.Atoi: parsing "x": invalid syntax']);
  });

  test('subscription filter: a `*` key is a wildcard only when alone (nomad/stream/subscription.go filter)', () => {
    const c = buildCluster({ servers: 3, clients: 3, scenario: 'healthy', seed: 5, port: 4646, enableDebug: true, aclEnabled: false, tls: false });
    const events = (items: string[]) => eventsSince(c, 0, parseTopics(items)).flatMap((f) => f['Events'] as { Topic: string; Key: string }[]);
    const jobs = events(['Job']);
    assert.ok(jobs.length > 1 && jobs.every((e) => e.Topic === 'Job'));
    const one = jobs[0]!.Key;
    assert.deepEqual(events(['Job', `Job:${one}`]).map((e) => e.Key), [one]);
    assert.equal(events(['*']).length, events([]).length);
    assert.deepEqual(parseTopics(['Job:']), new Map([['Job', ['']]]));
  });

  test('pprof with debug != 0 is text/plain text for every profile (command/agent/pprof/pprof.go Profile, runtime/pprof WriteTo)', async () => {
    const expect: [string, RegExp][] = [
      ['goroutine?debug=1', /^goroutine profile: total \d+\n\d+ @ 0x/],
      ['goroutine?debug=2', /^goroutine \d+ \[[^\]]+\]:\n/],
      ['heap?debug=1', /^heap profile: \d+: \d+ \[\d+: \d+\] @ heap\/1048576\n\d+: \d+ \[\d+: \d+\] @ 0x[\s\S]*\n# runtime\.MemStats\n# Alloc = \d+\n[\s\S]*# PauseNs = \[\d+( \d+){255}\]\n/],
      ['allocs?debug=1', /^heap profile: /],
      ['heap?debug=-1', /^heap profile: /],
      ['threadcreate?debug=1', /^threadcreate profile: total (\d+)\n\1 @\n#\t0x0\n\n$/],
      ['block?debug=1', /^--- contention:\ncycles\/second=\d+\n\d+ \d+ @ 0x[0-9a-f]+ [\s\S]*\n#\t0x[0-9a-f]+\truntime\.selectgo\+0x/],
      ['mutex?debug=2', /^--- mutex:\ncycles\/second=\d+\nsampling period=\d+\n\d+ \d+ @ /],
    ];
    for (const [q, re] of expect) {
      const r = await call(sim.url, `/v1/agent/pprof/${q}`, { headers: auth });
      assert.equal(r.status, 200, q);
      assert.equal(r.type, 'text/plain; charset=utf-8', q);
      assert.equal(r.headers.get('content-disposition'), null, q);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', q);
      assert.match(r.text, re, q);
    }
    // a negative debug: the count profiles still write protobuf, labelled as text by Nomad's header rule
    const neg = await call(sim.url, '/v1/agent/pprof/goroutine?debug=-1', { headers: auth });
    assert.equal(neg.type, 'text/plain; charset=utf-8');
    assert.ok(Profile.decode(gunzipSync(neg.body)).sample.length > 0);
  });

  test('a bad seconds or debug is dropped: 1 second, debug 0 (command/agent/agent_endpoint.go agentPprof)', async () => {
    const t0 = Date.now();
    const cpu = await call(sim.url, '/v1/agent/pprof/profile?seconds=soon', { headers: auth });
    const took = Date.now() - t0;
    assert.equal(cpu.status, 200);
    assert.ok(took >= 950 && took < 2500, `${took} ms`);
    assert.equal(cpu.type, 'application/octet-stream');
    const heap = await call(sim.url, '/v1/agent/pprof/heap?debug=yes', { headers: auth });
    assert.equal(heap.status, 200);
    assert.equal(heap.headers.get('content-disposition'), 'attachment; filename="heap"');
    assert.ok(Profile.decode(gunzipSync(heap.body)).sample.length > 0);
  });

  test('PUT /v1/agent/schedulers/config errors say "Invalid request" (command/agent/agent_endpoint.go updateScheduleWorkersConfig, nomad/server.go IsValid)', async () => {
    const put = (body: string) =>
      call(at(server()), '/v1/agent/schedulers/config', { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body }).then((r) => [r.status, r.text]);
    assert.deepEqual(await put('{"num_schedulers":2,"enabled_schedulers":["service"]}'), [400, 'Invalid request'], 'no _core');
    assert.deepEqual(await put('{"num_schedulers":-1,"enabled_schedulers":["_core"]}'), [400, 'Invalid request']);
    assert.deepEqual(await put('{"num_schedulers":99,"enabled_schedulers":["_core"]}'), [400, 'Invalid request'], 'more than NumCPU');
    assert.deepEqual(await put('{"num_schedulers":1,"enabled_schedulers":["_core","spark"]}'), [400, 'Invalid request'], 'unknown scheduler');
    assert.deepEqual(await put('{}'), [400, 'Invalid request'], 'zero values: no _core');
    assert.deepEqual(await put(''), [400, 'Invalid request: Request body is empty']);
    assert.deepEqual(await put('x'), [400, "Invalid request: invalid character 'x' looking for beginning of value"]);
    assert.deepEqual(await put('{"num_schedulers":"2"}'), [400, 'Invalid request: json: cannot unmarshal string into Go struct field AgentSchedulerWorkerConfigRequest.num_schedulers of type int']);
    const ok = await put('{"Num_Schedulers":2,"enabled_schedulers":["_core","batch"]}');
    assert.equal(ok[0], 200, String(ok[1]));
    assert.deepEqual(JSON.parse(String(ok[1])), { server_id: server().name, num_schedulers: 2, enabled_schedulers: ['_core', 'batch'] });
  });

  test('autopilot durations are Go duration strings (api/operator_autopilot.go ServerHealth.MarshalJSON, AutopilotConfiguration.MarshalJSON; go-msgpack v2 codec/encode.go calls a pointer-receiver MarshalJSON on a copy)', async () => {
    const health = await call(sim.url, '/v1/operator/autopilot/health', { headers: auth });
    assert.equal(health.status, 429, 'the degraded cluster is unhealthy');
    const servers = (JSON.parse(health.text) as { Servers: Record<string, unknown>[] }).Servers;
    for (const s of servers) {
      assert.equal(Object.keys(s)[0], 'LastContact');
      assert.match(String(s['LastContact']), /^(0s|(\d+h)?(\d+m)?\d+(\.\d+)?(ns|µs|ms|s))$/);
    }
    assert.ok(servers.some((s) => s['Leader'] === true && s['LastContact'] === '0s'));
    const config = await call(sim.url, '/v1/operator/autopilot/configuration', { headers: auth });
    assert.equal(config.status, 200);
    assert.equal(config.headers.get('x-nomad-index'), null, 'the handler sets no query meta');
    assert.deepEqual(JSON.parse(config.text), {
      LastContactThreshold: '200ms', ServerStabilizationTime: '10s', CleanupDeadServers: true, MaxTrailingLogs: 250, MinQuorum: 0,
      EnableRedundancyZones: false, DisableUpgradeMigration: false, EnableCustomUpgrades: false, CreateIndex: 4, ModifyIndex: 4,
    });
    assert.equal((await call(sim.url, '/v1/operator/autopilot/configuration')).status, 403, 'operator:read');
  });

  test('a lagging follower: applied_index trails commit_index in agent/self and its appliedIndex gauge (hashicorp/raft api.go Stats; command/agent/agent_endpoint.go agentSelf)', async () => {
    const lagging = sim.planted.find((p) => p.kind === 'raft-lagging')!;
    for (const s of sim.agents.filter((a) => a.kind === 'server' && a.listening)) {
      const self = JSON.parse((await call(at(s), '/v1/agent/self', { headers: auth })).text) as { stats: { raft: Record<string, string> } };
      const raft = self.stats.raft;
      const [applied, commit, last] = [raft['applied_index'], raft['commit_index'], raft['last_log_index']].map(Number) as [number, number, number];
      assert.equal(commit, last, s.name);
      if (s.name === lagging.subject) {
        assert.ok(commit - applied >= 100 && Number(raft['fsm_pending']) > 0, `${s.name}: ${applied} of ${commit}`);
        const metrics = JSON.parse((await call(at(s), '/v1/metrics', { headers: auth })).text) as { Gauges: { Name: string; Value: number }[] };
        assert.equal(metrics.Gauges.find((g) => g.Name === 'nomad.raft.appliedIndex')?.Value, applied);
        assert.equal(metrics.Gauges.find((g) => g.Name === 'nomad.raft.lastIndex')?.Value, last);
      } else {
        assert.deepEqual([applied, raft['fsm_pending']], [commit, '0'], s.name);
      }
    }
  });

  test('monitor frames over the wire: Offset restarts at 0 in each frame group; heartbeats every second (client/lib/streamframer/framer.go)', async () => {
    const r = await readFor(`${sim.url}/v1/agent/monitor?log_level=TRACE&server_id=${server().name}`, 2300);
    assert.equal(r.status, 200);
    const frames = decodeFrames(r.text);
    let expected = 0;
    let pieces = 0;
    for (const f of frames) {
      if (!f.FileEvent && !f.Data) continue; // heartbeat
      assert.equal(f.Offset ?? 0, expected, 'a frame carries its group’s offset');
      if ((f.Data?.length ?? 0) === 1024) {
        expected += 1024;
        pieces++;
      } else {
        expected = 0; // a flush ends the group
      }
    }
    assert.ok(pieces > 0, 'TRACE fills 1024-byte pieces');
    assert.ok(frames.some((f) => (f.Offset ?? 0) > 0 && (f.Data?.length ?? 0) < 1024), 'a flushed rest carries its offset');
    assert.ok(frames.filter((f) => !f.FileEvent && !f.Data).length >= 2, 'heartbeats while data flows');
  });
});
