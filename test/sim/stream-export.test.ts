// The simulated /v1/agent/monitor/export against Nomad's source: command/agent/agent_endpoint.go
// AgentMonitorExport (argument checks and texts), client/agent_endpoint.go and
// nomad/client_agent_endpoint.go monitorExport ("No nomad log file defined"; forwardMonitorServer
// dials Agent.Monitor), command/agent/http.go (the path exists since 1.10.4: older agents 404).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeFrames } from '../../src/sim/content/frames.ts';
import { startSim, type Sim } from '../../src/sim/index.ts';
import { hasMonitorExport, OLD_VERSION } from '../../src/sim/cluster/versions.ts';

async function get(url: string, ms = 5000) {
  const res = await fetch(url, { signal: AbortSignal.timeout(ms) });
  const text = await res.text();
  return { status: res.status, text };
}

/** Reads for `ms` and reports whether the answer had ended by then. */
async function readFor(url: string, ms: number): Promise<{ status: number; text: string; ended: boolean }> {
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal });
  const reader = res.body!.getReader();
  let text = '';
  let ended = false;
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      text += Buffer.from(value).toString('utf8');
    }
  } catch {
    // aborted on purpose
  } finally {
    clearTimeout(timer);
  }
  return { status: res.status, text, ended };
}

const dataOf = (body: string) => decodeFrames(body).map((f) => f.Data?.toString('utf8') ?? '').join('');

describe('/v1/agent/monitor/export', () => {
  let sim: Sim;
  const at = (a: { address: string }) => `http://${a.address}:${sim.port}`;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 2, scenario: 'degraded', seed: 5 });
  });
  after(async () => sim?.close());

  test('versions: 1.10.4 and later have it', () => {
    assert.equal(hasMonitorExport('1.10.4'), true);
    assert.equal(hasMonitorExport('1.10.5'), true);
    assert.equal(hasMonitorExport('1.11.0'), true);
    assert.equal(hasMonitorExport('1.10.3'), false);
    assert.equal(hasMonitorExport(OLD_VERSION), false);
  });

  test('an agent older than 1.10.4 does not know the path: 404, as its mux answers any unknown path', async () => {
    const old = sim.cluster.servers.find((s) => s.version === OLD_VERSION && s.listening)!;
    const r = await get(`${at(old)}/v1/agent/monitor/export?on_disk=true`);
    const unknown = await get(`${at(old)}/v1/agent/no-such-path`);
    assert.equal(r.status, 404);
    assert.equal(r.text, unknown.text);
  });

  test("argument checks in AgentMonitorExport's order and words", async () => {
    const cases: [string, number, string][] = [
      ['on_disk=maybe', 400, 'Unknown value for on-disk: Failed to parse value of "on_disk" (maybe) as a bool: strconv.ParseBool: parsing "maybe": invalid syntax'],
      ['on_disk=true&logs_since=blue', 400, 'Unknown value for logs-since: time: invalid duration "blue"'],
      ['on_disk=true&service_name=nomad', 400, 'Cannot target journald and nomad log file simultaneously'],
      ['', 400, 'Either -service-name or -on-disk must be set'],
      ['on_disk=true&follow=true', 400, 'Cannot follow log file'],
      ['service_name=consul', 422, "service name must include 'nomad"],
      ['on_disk=true&node_id=a&server_id=b', 400, 'Cannot target node and server simultaneously'],
    ];
    for (const [q, status, text] of cases) {
      const r = await get(`${sim.url}/v1/agent/monitor/export?${q}`);
      assert.equal(r.status, status, q);
      assert.equal(r.text.trim(), text, q);
    }
  });

  test('on_disk: the log file framed as the monitor frames it, then the answer ends', async () => {
    const c = sim.cluster.clients.find((x) => x.listening)!;
    const r = await readFor(`${sim.url}/v1/agent/monitor/export?on_disk=true&node_id=${c.id}`, 3000);
    assert.equal(r.status, 200);
    assert.ok(r.ended, 'an export ends at the end of the file');
    const frames = decodeFrames(r.text);
    assert.ok(frames.length > 2);
    const lines = dataOf(r.text).trim().split('\n');
    assert.ok(lines.length > 100);
    for (const l of lines) assert.match(l, /^\d{4}-\d{2}-\d{2}T\S+ \[(INFO|WARN|ERROR)\] /, 'the agent logs at INFO');
  });

  test('service_name: journalctl short lines over logs_since', async () => {
    const c = sim.cluster.clients.find((x) => x.listening)!;
    const r = await get(`${sim.url}/v1/agent/monitor/export?service_name=nomad&logs_since=30m&plain=true&node_id=${c.id}`);
    assert.equal(r.status, 200);
    const lines = r.text.trim().split('\n');
    assert.match(lines[0]!, new RegExp(`^[A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} ${c.name} nomad\\[\\d+\\]: `));
    const first = Date.parse(/: (\S+) \[/.exec(lines[0]!)![1]!);
    assert.ok(Date.now() - first <= 30 * 60_000 + 5000 && Date.now() - first > 25 * 60_000);
  });

  test('an agent without log_file: 400 "No nomad log file defined"', async () => {
    const c = sim.cluster.clients.find((x) => x.listening)!;
    c.logFile = '';
    try {
      const r = await get(`${sim.url}/v1/agent/monitor/export?on_disk=true&node_id=${c.id}`);
      assert.equal(r.status, 400);
      assert.equal(r.text.trim(), 'No nomad log file defined');
    } finally {
      c.logFile = '/opt/nomad/logs/nomad.log';
    }
  });

  test("server_id of another server: forwardMonitorServer dials Agent.Monitor, so that server's live INFO log, never ending", async () => {
    const other = sim.cluster.servers.find((s) => s.listening && s !== sim.cluster.leader)!;
    const r = await readFor(`${sim.url}/v1/agent/monitor/export?on_disk=true&server_id=${other.name}`, 2500);
    assert.equal(r.status, 200);
    assert.equal(r.ended, false);
    const lines = dataOf(r.text).trim().split('\n').filter(Boolean);
    assert.ok(lines.length > 0);
    const newest = Math.max(...lines.map((l) => Date.parse(l.split(' ')[0]!)));
    assert.ok(Date.now() - newest < 5000, 'live lines, not history');
    for (const l of lines) assert.doesNotMatch(l, /\[(TRACE|DEBUG)\]/);
  });

  test('an older client behind a current server: the unknown RPC error has no code, so 200 and nothing', async () => {
    const c = sim.cluster.clients.find((x) => x.listening)!;
    const was = c.version;
    c.version = OLD_VERSION;
    try {
      const r = await get(`${sim.url}/v1/agent/monitor/export?on_disk=true&node_id=${c.id}`);
      assert.equal(r.status, 200);
      assert.equal(r.text, '');
    } finally {
      c.version = was;
    }
  });
});
