import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenMask, knownSecrets, redactJson, redactLogLines } from '../../src/collect/redact.ts';

const TOKEN = '2f1c8a34-9d6e-4b7a-8c1e-5a0f3b2d7e91';
const on = { enabled: true, tokens: [TOKEN] };

test('agent-host environment: secrets replaced, Nomad redactions kept and recorded', () => {
  const doc = {
    AgentID: 'srv1.global',
    HostData: {
      Environment: { PATH: '/usr/bin', DB_PASSWORD: 'hunter2', VAULT_TOKEN: '<redacted>', DSN: 'postgres://app:s3cr3t@db:5432/x' },
    },
  };
  const r = redactJson(doc, on);
  const env = (r.value as typeof doc).HostData.Environment;
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.DB_PASSWORD, '<redacted>');
  assert.equal(env.VAULT_TOKEN, '<redacted>');
  assert.equal(env.DSN, 'postgres://app:<redacted>@db:5432/x');
  assert.deepEqual(
    r.redactions.map((x) => `${x.field}=${x.rule}`).sort(),
    [
      'HostData.Environment.DB_PASSWORD=name:PASSWORD',
      'HostData.Environment.DSN=url-credentials',
      'HostData.Environment.VAULT_TOKEN=nomad',
    ].sort(),
  );
  assert.ok(!JSON.stringify(r).includes('hunter2') && !JSON.stringify(r).includes('s3cr3t'));
});

test('agent-self: Vault and Consul tokens and auth, replication token', () => {
  const doc = {
    config: {
      ACL: { Enabled: true, ReplicationToken: 'repl-abc', TokenTTL: '30s' },
      Consuls: [{ Name: 'default', Token: 'consul-tok', Auth: 'user:pw', Addr: '127.0.0.1:8500' }],
      Vaults: [{ Name: 'default', Token: 'hvs.vault', Enabled: true }],
    },
  };
  const r = redactJson(doc, on);
  const s = JSON.stringify(r.value);
  for (const secret of ['repl-abc', 'consul-tok', 'user:pw', 'hvs.vault']) assert.ok(!s.includes(secret), secret);
  assert.ok(s.includes('"TokenTTL":"30s"'));
  assert.ok(s.includes('"Addr":"127.0.0.1:8500"'));
  assert.equal(r.redactions.length, 4);
});

test('the ACL token is removed anywhere, bearer tokens too', () => {
  const r = redactJson({ a: [`x-nomad-token=${TOKEN}`], b: 'Authorization: Bearer abcdefghijklmnop' }, on);
  const s = JSON.stringify(r.value);
  assert.ok(!s.includes(TOKEN));
  assert.ok(!s.includes('abcdefghijklmnop'));
  assert.deepEqual(r.redactions.map((x) => x.rule).sort(), ['acl-token', 'bearer-token']);
});

test('disabled: values stay, Nomad redactions still listed', () => {
  const r = redactJson({ Environment: { DB_PASSWORD: 'hunter2', X_TOKEN: '<redacted>' } }, { enabled: false, tokens: [TOKEN] });
  assert.deepEqual(r.value, { Environment: { DB_PASSWORD: 'hunter2', X_TOKEN: '<redacted>' } });
  assert.deepEqual(r.redactions, [{ field: 'Environment.X_TOKEN', rule: 'nomad' }]);
});

test('log lines: URL credentials, bearer, key=value secrets, token; source locations kept', () => {
  const lines = [
    '2024-03-07T07:42:17.146Z [INFO]  agent: connecting: url=https://admin:pa55w0rd@vault.local:8200',
    `2024-03-07T07:42:17.146Z [DEBUG] http: request: header="Bearer zyxwvutsrqponm" token=${TOKEN}`,
    '2024-03-07T07:42:17.146Z [WARN]  nomad/acl_token_endpoint.go:123: consul: secret_id=abc123 api_key: "k-999"',
    '2024-03-07T07:42:17.146Z [INFO]  plain line',
  ];
  const r = redactLogLines(lines, 10, on);
  const text = r.value.join('\n');
  for (const secret of ['pa55w0rd', 'zyxwvutsrqponm', TOKEN, 'abc123', 'k-999']) assert.ok(!text.includes(secret), secret);
  assert.ok(text.includes('acl_token_endpoint.go:123:'));
  assert.equal(r.value[3], lines[3]);
  assert.ok(r.redactions.every((x) => /^line 1[0-2]$/.test(x.field)));
});

test('binary payloads: the token is masked byte for byte, also across chunk edges', () => {
  const data = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(TOKEN), Buffer.from([3])]);
  for (const cut of [0, 5, data.length]) {
    const mask = new TokenMask([TOKEN]);
    const value = Buffer.concat([mask.push(data.subarray(0, cut)), mask.push(data.subarray(cut)), mask.end()]);
    assert.equal(value.length, data.length);
    assert.equal(value.indexOf(Buffer.from(TOKEN)), -1);
    assert.equal(mask.hits, 1);
  }
});

test('JSON is redacted in place; a "__proto__" key stays an own field and never becomes the prototype', () => {
  const doc = JSON.parse('{"a":{"Token":"t-123456"},"__proto__":{"Token":"p-123456"},"list":["fine",{"password":"pw"}]}') as Record<string, unknown>;
  const r = redactJson(doc, on);
  assert.equal(r.value, doc);
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  const s = JSON.stringify(doc);
  for (const secret of ['t-123456', 'p-123456', '"pw"']) assert.ok(!s.includes(secret), secret);
  assert.deepEqual(
    r.redactions.map((x) => `${x.field}=${x.rule}`),
    ['a.Token=name:TOKEN', '__proto__.Token=name:TOKEN', 'list[1].password=name:PASSWORD'],
  );
});

test('a private key logged over several lines is cut from BEGIN to END', () => {
  const lines = ['key: -----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA7bq98', 'w0rDs+mOrE/body==', '-----END RSA PRIVATE KEY----- done', 'next line'];
  const r = redactLogLines(lines, 1, on);
  assert.deepEqual(r.value, ['key: <redacted>', '<redacted>', '<redacted>', '<redacted> done', 'next line']);
  assert.ok(r.redactions.every((x) => x.rule === 'private-key'));
});

test('Nomad {"Error"} texts and event payloads go through the same rules', () => {
  const r = redactJson({ Error: 'Unexpected response code: 403 (X-Vault-Token: hvs.CAESIabcdefghijklmnopqrstu denied)' }, on);
  assert.equal((r.value as { Error: string }).Error, 'Unexpected response code: 403 (X-Vault-Token: <redacted> denied)');
  const ev = redactJson({ Events: [{ Payload: { Job: { TaskGroups: [{ Tasks: [{ Env: { DB_PASS: 'pw-123456' }, Config: { args: ['--password', 'hunter2x'] } }] }] } } }] }, on);
  const s = JSON.stringify(ev.value);
  assert.ok(!s.includes('pw-123456') && !s.includes('hunter2x'), s);
  assert.deepEqual(ev.redactions.map((x) => x.field), ['Events[0].Payload.Job.TaskGroups[0].Tasks[0].Env.DB_PASS', 'Events[0].Payload.Job.TaskGroups[0].Tasks[0].Config.args[1]']);
});

test('secrets used as JSON keys are redacted, and the audit names the redacted key, never the secret', () => {
  const tok = 'f1e2d3c4-b5a6-4789-8abc-def012345678';
  const doc = { Meta: { [`k-${tok}`]: { Password: 'x1y2z3secretvalue' }, 'vault hvs.CAESIJkeykeykeykeykeykeykey': 'v', region: 'eu' } };
  const r = redactJson(doc, { enabled: true, tokens: [tok] });
  const text = JSON.stringify(r.value) + JSON.stringify(r.redactions);
  for (const secret of [tok, 'hvs.CAESIJkeykeykeykeykeykeykey', 'x1y2z3secretvalue']) assert.ok(!text.includes(secret), secret);
  assert.deepEqual(Object.keys((r.value as { Meta: object }).Meta).sort(), ['k-<redacted>', 'region', 'vault <redacted>']);
  assert.ok(r.redactions.some((x) => x.field === 'Meta.k-<redacted>.Password'));
});

test('every secret of the run, in the forms it comes back in: as given, base64, the password of user:password', () => {
  const secrets = knownSecrets(['NOMADTOK-aaaa-1111-bbbb', 'consuluser:CONSULPASS-dddd', undefined, 'abc']);
  assert.ok(secrets.includes('CONSULPASS-dddd') && secrets.includes(Buffer.from('NOMADTOK-aaaa-1111-bbbb').toString('base64').replace(/=+$/, '')));
  assert.ok(!secrets.includes('abc'), 'too short to mask without cutting words');
  const doc = {
    Config: { Echo: 'x-nomad-token: NOMADTOK-aaaa-1111-bbbb', B64: `token ${Buffer.from('NOMADTOK-aaaa-1111-bbbb').toString('base64')}` },
    Auth: `Basic ${Buffer.from('consuluser:CONSULPASS-dddd').toString('base64')}`, Pass: 'pw is CONSULPASS-dddd',
  };
  const text = JSON.stringify(redactJson(doc, { enabled: true, tokens: secrets }).value);
  for (const leak of ['NOMADTOK', 'CONSULPASS', Buffer.from('NOMADTOK-aaaa-1111-bbbb').toString('base64').slice(0, 20), Buffer.from('consuluser:CONSULPASS-dddd').toString('base64').slice(0, 20)]) {
    assert.ok(!text.includes(leak), `${leak} in ${text}`);
  }
  // binary bodies: several tokens of different lengths, across a chunk edge
  const mask = new TokenMask(secrets);
  const body = Buffer.from('..NOMADTOK-aaaa-1111-bbbb..CONSULPASS-dddd..');
  const out = Buffer.concat([mask.push(body.subarray(0, 10)), mask.push(body.subarray(10)), mask.end()]).toString();
  assert.equal(out.length, body.length);
  assert.ok(!out.includes('NOMADTOK') && !out.includes('CONSULPASS'), out);
});
