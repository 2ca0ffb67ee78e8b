import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSecretsInText, redactText } from '../../../src/shared/secrets/index.ts';

test('key=value, key: value, --flag=value, --flag value, header lines, JSON fragments', () => {
  const cases: [string, string][] = [
    ['db_password=hunter2x retries=3', 'db_password=<redacted> retries=3'],
    ['api_key: "k-999"', 'api_key: "<redacted>"'],
    ['exec: /bin/app --password=p4ss --token t0k3n-abc -v', 'exec: /bin/app --password=<redacted> --token <redacted> -v'],
    ['X-Vault-Token: abcd1234efgh', 'X-Vault-Token: <redacted>'],
    ['X-Nomad-Token: onlyletterstoken', 'X-Nomad-Token: <redacted>'],
    ['body={"user":"ops","password":"s3cret!"}', 'body={"user":"ops","password":"<redacted>"}'],
    ['msg="{\\"client_secret\\":\\"abc123xyz\\"}"', 'msg="{\\"client_secret\\":\\"<redacted>\\"}"'],
    ['NOMAD_ENCRYPT_KEY=cg8StVXbQJ0gPvMd9o7yrg==', 'NOMAD_ENCRYPT_KEY=<redacted>'],
    ['pw=a:b:c password=x:y:z', 'pw=a:b:c password=<redacted>'],
  ];
  for (const [input, want] of cases) {
    const r = redactText(input);
    assert.equal(r.text, want, input);
    assert.deepEqual(findSecretsInText(r.text), [], r.text);
  }
});

test('context values that are not secrets stay: switches, paths, durations, prose, source locations', () => {
  for (const text of [
    'token_ttl=30s', 'password=true', 'tls_key=/etc/nomad.d/tls/key.pem', 'failed to read token: permission denied',
    'nomad/acl_token_endpoint.go:123: request', 'SSH_AUTH_SOCK=/tmp/ssh-XXXX/agent.123', 'token=<redacted>', '--token-ttl 30s',
    'auth_method=jwt', 'Vault.Addr=https://vault.service.consul:8200',
  ]) {
    assert.deepEqual(findSecretsInText(text), [], text);
  }
});

test('URL-encoded secrets are cut out of the raw text, escapes and all', () => {
  const cases = [
    'GET /v1/var?token=hvs.CAESIabcdefghijklmnopqrstu%2Bx&x=1',
    'form: user=ops&password%3Dp%2Bss%2Fw0rd&next=1',
    'redirect=https%3A%2F%2Fadmin%3As3cr3t%40vault.local',
  ];
  for (const raw of cases) {
    const r = redactText(raw);
    assert.ok(r.hits.length > 0, raw);
    assert.deepEqual(findSecretsInText(r.text), [], r.text);
    assert.deepEqual(findSecretsInText(decodeURIComponent(r.text)), [], r.text);
  }
  assert.equal(redactText('form: password%3Dp%2Bss%2Fw0rd&next=1').text, 'form: password%3D<redacted>&next=1');
});

test('hostile input: a 1 MB line of near-matches is scanned (linear patterns)', () => {
  for (const unit of ['a=', 'a:', 'eyJ', 'hvs.', 'x://a:', '-----BEGIN PRIVATE KEY-----', '"a":"', '--t ', 'Bearer ', '%3D']) {
    const line = unit.repeat(Math.ceil(1_000_000 / unit.length));
    const r = redactText(line);
    assert.equal(typeof r.text, 'string');
  }
});

test('shapes a hostile server tried: Go header maps, JSON header lists, Authorization schemes, *_PWD, encoded keys, cookies', () => {
  const cases: [string, string][] = [
    ['headers=map[X-Nomad-Token:[0b1c2d3e-1111-2222-3333-444455556666]]', 'headers=map[X-Nomad-Token:[<redacted>]]'],
    ['req {"X-Nomad-Token":["0b1c2d3e-1111-2222-3333-444455556666"]}', 'req {"X-Nomad-Token":["<redacted>"]}'],
    ['Authorization: Token 6f1d9a8b7c6d5e4f3a2b1c0d9e8f7a6b', 'Authorization: <redacted>'],
    ['MYSQL_PWD=mysqlpwd123 PWD=/home/me', 'MYSQL_PWD=<redacted> PWD=/home/me'],
    ['SIGNING_KEY_B64=QUJDREVGR0hJSktMTU5PUA==', 'SIGNING_KEY_B64=<redacted>'],
    ['Cookie: session=abcdef123456789', 'Cookie: <redacted>'],
    ['map[Accept:[application/json]] token: permission denied', 'map[Accept:[application/json]] token: permission denied'],
  ];
  for (const [input, want] of cases) assert.equal(redactText(input).text, want, input);
});
