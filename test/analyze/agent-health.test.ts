import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/agent-health.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, capture, emptyBundle, has, manifest, member, node, withHealth, withMembers, withNodes } from './bundle-builder.ts';

const NODE = '4f1c2a9e-0000-4000-8000-000000000002';

test('agent-health: a client with "no known servers" whose node is still ready', () => {
  const b = withNodes(emptyBundle(), [node(NODE, 'client-2')]);
  withHealth(agent(b, 'client', NODE), { client: { ok: false, message: 'no known servers' } });
  const f = findingsOf(check.run(b));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'critical');
  assert.equal(f[0]!.subject, NODE);
  assert.match(f[0]!.title, /client-2.*unhealthy but its node shows ready/);
  assert.match(f[0]!.detail, /no known servers/);
  assert.match(f[0]!.detail, /still "ready"/);
  assert.deepEqual(f[0]!.evidence.map((e) => e.pointer), ['/client/ok', '/0/Status']);
});

test('agent-health: unhealthy read from a failed health capture (HTTP 500 with the JSON body)', () => {
  const b = emptyBundle();
  manifest(b, { captures: [capture(`client/${NODE}/health.json`, '/v1/agent/health', `client:${NODE}`, 'HTTP_500', { error: '{"client":{"ok":false,"message":"no known servers"}}' })] });
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'critical', subject: NODE, title: /no known servers/ }));
  assert.ok(!has(f, { title: /capture/ }), 'the 500 is the health answer, not a capture failure');
});

test('agent-health: unhealthy read from an error file the model turned into a gap', () => {
  const b = emptyBundle();
  agent(b, 'client', NODE);
  b.gaps.push({ file: `client/${NODE}/health.json`, code: 'ERROR_FILE', reason: 'Unexpected response code: 500 ({"client":{"ok":false,"message":"no known servers"},"server":{"ok":true,"message":"ok"}})' });
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => [x.subject, x.severity, x.title]), [[NODE, 'critical', `${NODE} is unhealthy: no known servers`]]);
});

test('agent-health: unreachable agents; expected (info) when the node is down', () => {
  const b = withNodes(emptyBundle(), [node('down-1', 'client-5', 'down'), node('up-1', 'client-6')]);
  manifest(b, {
    captures: [
      capture('client/down-1/agent-self.json', '/v1/agent/self', 'client:down-1', 'CONNECT_REFUSED'),
      capture('client/down-1/health.json', '/v1/agent/health', 'client:down-1', 'CONNECT_REFUSED'),
      capture('client/up-1/agent-self.json', '/v1/agent/self', 'client:up-1', 'TIMEOUT'),
    ],
  });
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'info', subject: 'down-1', title: /could not be reached/ }));
  assert.ok(has(f, { severity: 'warning', subject: 'up-1', title: /could not be reached/ }));
});

test('agent-health: a failed server member that cannot be reached is expected (info)', () => {
  const b = withMembers(emptyBundle(), [member('server-3.global', 'failed')]);
  manifest(b, { captures: [
    capture('server/server-3.global/agent-self.json', '/v1/agent/self', 'server:server-3.global', 'CONNECT_REFUSED'),
    capture('server/server-3.global/agent-host.json', '/v1/agent/host?server_id=server-3.global', 'server:server-3.global', 'HTTP_500', { error: 'unknown Nomad server server-3.global' }),
  ] });
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'info', subject: 'server-3.global', title: /could not be reached/ }));
  assert.match(f[0]!.detail, /failed as a server member/);
  // one finding for the agent, with what failed through -address too
  assert.equal(f.filter((x) => x.subject === 'server-3.global').length, 1);
  assert.match(f[0]!.detail, /Besides, 1 more failed: .*HTTP_500/);
  assert.deepEqual(f[0]!.evidence.map((e) => e.file), ['server/server-3.global/agent-self.json', 'server/server-3.global/agent-host.json']);
});

test('agent-health: capture failures per agent carry the ACL hint', () => {
  const b = emptyBundle();
  agent(b, 'server', 'server-1.global');
  manifest(b, {
    captures: [
      capture('server/server-1.global/profile_0000.prof', '/v1/agent/pprof/profile?seconds=1&server_id=server-1.global', 'server:server-1.global', 'HTTP_403'),
      capture('server/server-1.global/agent-host.json', '/v1/agent/host?server_id=server-1.global', 'server:server-1.global', 'HTTP_403'),
      capture('server/server-1.global/health.json', '/v1/agent/health', 'server:server-1.global'),
      capture('server/server-1.global/schedulers.json', '/v1/agent/schedulers', 'server:server-1.global', 'NOT_ADVERTISED', { status: 'skipped' }),
    ],
  });
  const f = findingsOf(check.run(b));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'info');
  assert.match(f[0]!.detail, /pprof: HTTP_403 \(.*agent:write.*enable_debug/);
  assert.match(f[0]!.detail, /agent-host: HTTP_403 \(.*agent:read/);
  assert.match(f[0]!.detail, /schedulers: NOT_ADVERTISED \(the agent advertises no HTTP address/);
});

test('agent-health: silent when healthy, not evaluated with no agents and no manifest', () => {
  const b = emptyBundle();
  withHealth(agent(b, 'server', 's1'), { server: { ok: true, message: 'ok' } });
  assert.deepEqual(findingsOf(check.run(b)), []);
  notEvaluated(check.run(emptyBundle()));
});

test('agent-health: agents partly reachable the same way are one finding that keeps every subject; a different way stays apart', () => {
  const ids = ['c-1', 'c-2', 'c-3', 'c-4'];
  const b = withNodes(emptyBundle(), ids.map((id, i) => node(id, `client-${i + 1}`)));
  manifest(b, {
    captures: ids.flatMap((id) => [
      capture(`client/${id}/agent-self.json`, '/v1/agent/self', `client:${id}`),
      capture(`client/${id}/profile_0000.prof`, '/v1/agent/pprof/profile', `client:${id}`, id === 'c-4' ? 'CONNECT_REFUSED' : 'TIMEOUT'),
    ]),
  });
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`).sort(), [
    'warning c-4: client-4 (c-4) was only partly reachable',
    'warning cluster: 3 agents were only partly reachable (TIMEOUT)',
  ]);
  const many = f.find((x) => x.subject === 'cluster')!;
  assert.deepEqual(many.subjects, ['c-1', 'c-2', 'c-3']);
  assert.match(many.detail, /client-1 \(c-1\)/);
});
