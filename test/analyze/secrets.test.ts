import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/secrets.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, emptyBundle, has, manifest, redaction, withEvents, withHost, withLog, withSelf } from './bundle-builder.ts';

const CANARIES = ['CANARY-db-pass-7731', 'sk_live_CANARY0123456789', 'CANARY-user:CANARY-pw', 'CANARY-pg-secret'];

function leakyEnvBundle() {
  const b = emptyBundle();
  withHost(agent(b, 'client', 'node-1'), {
    Environment: {
      PATH: '/usr/bin', HOME: '/root', NOMAD_ADDR: 'http://127.0.0.1:4646',
      VAULT_TOKEN: '<redacted>', AWS_SECRET_ACCESS_KEY: '<redacted>',
      DB_PASSWORD: CANARIES[0]!, STRIPE_API_KEY: CANARIES[1]!, NOMAD_HTTP_AUTH: CANARIES[2]!,
      DATABASE_URL: `postgres://app:${CANARIES[3]}@db.internal:5432/app`,
      NODE_UUID: '9e02c85b-db59-45f1-ddee-40d0317bd33d', SSH_AUTH_SOCK: '/tmp/ssh-x/agent.1',
    },
  });
  return b;
}

test('secrets: each leaked env var is critical, named, and its value never appears', () => {
  const f = findingsOf(check.run(leakyEnvBundle()));
  const crit = f.filter((x) => x.severity === 'critical');
  // one place, one cause: one finding naming every variable, with a pointer to each
  assert.deepEqual(crit.map((x) => x.title), ['4 values look like secrets in the environment of node-1: DB_PASSWORD, STRIPE_API_KEY, NOMAD_HTTP_AUTH, DATABASE_URL']);
  assert.equal(crit[0]!.subject, 'node-1');
  assert.deepEqual(crit[0]!.evidence.map((e) => e.pointer).sort(), ['/HostData/Environment/DATABASE_URL', '/HostData/Environment/DB_PASSWORD', '/HostData/Environment/NOMAD_HTTP_AUTH', '/HostData/Environment/STRIPE_API_KEY']);
  assert.match(crit[0]!.detail, /STRIPE_API_KEY \(secret-looking name; value starts sk_…\)/);
  const text = JSON.stringify(f);
  for (const c of CANARIES) assert.ok(!text.includes(c), `leaked ${c}`);
  assert.ok(!text.includes('CANARY'), 'not even part of a canary');
});

test('secrets: values Nomad redacted are listed by name in one info finding per agent', () => {
  const f = findingsOf(check.run(leakyEnvBundle()));
  const info = f.filter((x) => x.severity === 'info');
  assert.equal(info.length, 1);
  assert.equal(info[0]!.subject, 'node-1');
  assert.match(info[0]!.detail, /AWS_SECRET_ACCESS_KEY \(Nomad\)/);
  assert.match(info[0]!.detail, /VAULT_TOKEN \(Nomad\)/);
});

test('secrets: values our collector redacted come from the manifest, with the rule', () => {
  const b = emptyBundle();
  withHost(agent(b, 'server', 'server-1.global'), { Environment: { DB_PASSWORD: '<redacted>', VAULT_TOKEN: '<redacted>' } });
  manifest(b, {
    redactions: [
      redaction('server/server-1.global/agent-host.json', 'HostData.Environment.DB_PASSWORD', 'name:PASSWORD'),
      redaction('server/server-1.global/agent-host.json', 'HostData.Environment.VAULT_TOKEN', 'nomad'),
      redaction('server/server-1.global/monitor.log', 'line 12', 'url-credentials'),
    ],
  });
  const all = findingsOf(check.run(b));
  assert.deepEqual(all.map((x) => x.severity).sort(), ['info', 'warning'], 'the listing, and the warning that Nomad served DB_PASSWORD in clear');
  const f = all.filter((x) => x.severity === 'info');
  assert.match(f[0]!.detail, /DB_PASSWORD \(nomad-debug \(name:PASSWORD\)\)/);
  assert.match(f[0]!.detail, /VAULT_TOKEN \(Nomad\)/);
  assert.match(f[0]!.detail, /monitor\.log line 12 \(nomad-debug \(url-credentials\)\)/);
});

test('secrets: agent-self config, log fields and cli-flags are scanned', () => {
  const b = emptyBundle();
  const s = agent(b, 'server', 'server-1.global');
  withSelf(s, { ACL: { Enabled: true, ReplicationToken: '<redacted>', TokenTTL: '30s' }, Consuls: [{ Token: '<redacted>', Auth: 'consul:CANARYconsulpw' }], TLSConfig: { KeyFile: '/etc/nomad/key.pem' } });
  withLog(s, [{ level: 'ERROR', module: 'client.driver_mgr', message: 'failed to pull', fields: 'image=x auth="Bearer CANARYbearertoken123"' }, { level: 'WARN', module: 'agent', message: 'ok', fields: 'token=<redacted>' }]);
  b.cluster.cliFlags = { file: 'cluster/cli-flags.json', value: { Name: 'debug', Actual: { token: { Name: 'token', Value: 'CANARY-acl-secret-id', DefValue: '', Usage: '' } }, Formal: { address: { Name: 'address', Value: 'http://127.0.0.1:4646', DefValue: '', Usage: '' } }, Args: [] } };
  const f = findingsOf(check.run(b));
  assert.ok(has(f, { severity: 'critical', subject: 'server-1.global', title: /Consuls\[0\]\.Auth/ }));
  assert.ok(has(f, { severity: 'critical', subject: 'server-1.global', title: /auth looks like a secret in server\/server-1.global\/monitor.log line 1/ }));
  assert.ok(has(f, { severity: 'critical', subject: 'cluster', title: /-token looks like a secret in cluster\/cli-flags.json/ }));
  assert.equal(f.filter((x) => x.severity === 'critical').length, 3);
  assert.ok(!JSON.stringify(f).includes('CANARY'));
});

test('secrets: without a manifest, names Nomad would not redact are marked "before collection"', () => {
  const b = emptyBundle();
  withHost(agent(b, 'client', 'n'), { Environment: { DB_PASSWORD: '<redacted>', MY_SECRET_THING: '<redacted>' } });
  const f = findingsOf(check.run(b));
  assert.match(f[0]!.detail, /DB_PASSWORD \(before collection\), MY_SECRET_THING \(Nomad\)/);
});

test('secrets: a clean bundle has no critical finding; not evaluated without data', () => {
  const b = emptyBundle();
  withHost(agent(b, 'client', 'n'), { Environment: { PATH: '/bin', NOMAD_TOKEN: '<redacted>', NODE_ID: '9e02c85b-db59-45f1-ddee-40d0317bd33d' } });
  assert.ok(!has(findingsOf(check.run(b)), { severity: 'critical' }));
  notEvaluated(check.run(emptyBundle()));
});

test('secrets: what our collector had to redact, Nomad served in clear: one warning per agent, by name', () => {
  const b = emptyBundle();
  withHost(agent(b, 'client', 'node-1'), { Environment: { DB_PASSWORD: '<redacted>', VAULT_TOKEN: '<redacted>' } });
  withSelf(agent(b, 'server', 'server-1.global'), { config: { Consuls: [{ Auth: '<redacted>', Token: '<redacted>' }] } });
  b.cluster.agentSelf = { file: 'cluster/agent-self.json', value: { config: {}, member: { Name: 'server-1.global', Addr: '127.0.0.11', Port: 4648, Tags: {}, Status: 'alive' } } };
  manifest(b, {
    redactions: [
      redaction('client/node-1/agent-host.json', 'HostData.Environment.DB_PASSWORD', 'name:PASSWORD'),
      redaction('client/node-1/agent-host.json', 'HostData.Environment.VAULT_TOKEN', 'nomad'),
      redaction('server/server-1.global/agent-self.json', 'config.Consuls[0].Auth', 'field:Auth'),
      redaction('cluster/agent-self.json', 'config.Consuls[0].Auth', 'field:Auth'),
      redaction('client/node-1/monitor.log', 'line 12', 'bearer'),
    ],
  });
  const warn = findingsOf(check.run(b)).filter((x) => x.severity === 'warning');
  assert.deepEqual(warn.map((x) => x.subject).sort(), ['node-1', 'server-1.global']);
  const client = warn.find((x) => x.subject === 'node-1')!;
  assert.match(client.title, /Nomad serves 1 secret of node-1 in clear: DB_PASSWORD$/);
  assert.ok(!client.detail.includes('VAULT_TOKEN'), 'what Nomad redacted itself is not blamed on it');
  assert.match(warn.find((x) => x.subject === 'server-1.global')!.title, /Consuls\[0\]\.Auth/);
});

test('secrets: token formats in the agent configuration are critical wherever they sit; Nomad\'s markers and key file paths are not', () => {
  const b = emptyBundle();
  const s = agent(b, 'server', 'server-1.global');
  withSelf(s, {
    Server: { EncryptKey: 'CANARYgossip0123456789abcdefghij==' },
    Plugins: [{ Name: 'csi', Config: { endpoint: 'unix:///csi.sock', vault_addr: 'https://vault.service.consul:8200', extra: 'Bearer CANARY.bearer.value1' } }],
    TLSConfig: { KeyFile: '/etc/nomad.d/tls/server-key.pem' },
    ACL: { ReplicationToken: '<redacted>' },
  });
  const crit = findingsOf(check.run(b)).filter((x) => x.severity === 'critical');
  assert.equal(crit.length, 1);
  assert.match(crit[0]!.title, /^2 values look like secrets in the agent configuration of server-1\.global: (Server\.EncryptKey, Plugins\[0\]\.Config\.extra|Plugins\[0\]\.Config\.extra, Server\.EncryptKey)$/);
  assert.match(crit[0]!.detail, /Plugins\[0\]\.Config\.extra \(bearer token/);
  assert.ok(!JSON.stringify(crit).includes('CANARY'));
});

test('secrets: the same names redacted on many agents are one finding that keeps every agent', () => {
  const b = emptyBundle();
  for (let i = 0; i < 5; i++) agent(b, 'client', `node-${i}`);
  b.manifest = { file: 'manifest.json', value: manifest(b, { redactions: [
    ...[0, 1, 2, 3].map((i) => redaction(`client/node-${i}/agent-host.json`, 'HostData.Environment.CONSUL_HTTP_TOKEN', 'name:token')),
    redaction('client/node-4/agent-host.json', 'HostData.Environment.DB_PASSWORD', 'name:password'),
  ] }) };
  const listed = findingsOf(check.run(b)).filter((f) => /redacted/.test(f.title));
  // the listings are inventory: one finding, a sentence per listing, every agent kept
  assert.deepEqual(listed.map((f) => [f.subject, f.title, f.subjects]), [
    ['cluster', '5 values redacted across 5 agents and file groups', ['node-0', 'node-1', 'node-2', 'node-3', 'node-4']],
  ]);
  assert.match(listed[0]!.detail, /^1 value redacted on each of 4 agents: CONSUL_HTTP_TOKEN \(nomad-debug \(name:token\)\)\. 1 value redacted for node-4: DB_PASSWORD/);
});

test('secrets: a credential left in a node\'s metadata (a -no-redact bundle) is critical, named by its key, never shown', () => {
  const b = emptyBundle();
  const a = agent(b, 'client', 'node-7');
  a.clientMetadata = { file: 'client/node-7/client-metadata.json', value: { Meta: { 'connect.sidecar_image': 'envoy:1.29', db_password: 'CANARY-meta-pw-4417' }, Dynamic: {}, Static: {} } };
  const f = findingsOf(check.run(b)).filter((x) => x.severity === 'critical');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.subject, 'node-7');
  assert.match(f[0]!.title, /db_password looks like a secret in the node metadata of node-7/);
  assert.deepEqual(f[0]!.evidence[0], { file: 'client/node-7/client-metadata.json', pointer: '/Meta/db_password' });
  assert.ok(!JSON.stringify(f).includes('CANARY-meta'));
});

test('secrets: a secret in an event payload (found by the model with the shared rules) is critical, masked, pointing into its line', () => {
  const b = withEvents(emptyBundle(), []);
  b.cluster.events!.secrets = [
    { line: 7, keys: ['Payload', 'Job', 'TaskGroups', 0, 'Tasks', 0, 'Env', 'DB_PASSWORD'], name: 'DB_PASSWORD', rule: 'name:PASSWORD', masked: 'CAN…' },
    { line: 9, keys: ['Payload', 'Job', 'TaskGroups', 0, 'Tasks', 0, 'Env', 'DB_PASSWORD'], name: 'DB_PASSWORD', rule: 'name:PASSWORD', masked: 'CAN…' },
  ];
  const f = findingsOf(check.run(b));
  assert.deepEqual(f.map((x) => `${x.severity} ${x.subject}: ${x.title}`), ['critical cluster: DB_PASSWORD looks like a secret in the event stream (cluster/eventstream.json line 7)']);
  assert.deepEqual(f[0]!.evidence, [{ file: 'cluster/eventstream.json', pointer: '/Payload/Job/TaskGroups/0/Tasks/0/Env/DB_PASSWORD', line: 7 }]);
});
