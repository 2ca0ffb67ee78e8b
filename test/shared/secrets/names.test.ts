import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHarmlessValue, judgeField, secretNameRule } from '../../../src/shared/secrets/index.ts';

test('secret-looking names, in any spelling', () => {
  const cases: [string, string][] = [
    ['DB_PASSWORD', 'name:PASSWORD'], ['ReplicationToken', 'name:TOKEN'], ['x-vault-token', 'name:TOKEN'], ['NOMAD_HTTP_AUTH', 'name:AUTH'],
    ['Auth', 'name:AUTH'], ['EncryptKey', 'name:ENCRYPT'], ['NOMAD_GOSSIP_ENCRYPT', 'name:ENCRYPT'], ['stripeApiKey', 'name:API_KEY'],
    ['SIGNING_KEY', 'name:KEY'], ['client_secret', 'name:SECRET'], ['SecretID', 'name:SECRET'], ['db_pass', 'name:PASS'],
    ['GOOGLE_APPLICATION_CREDENTIALS', 'name:CREDENTIAL'], ['Authorization', 'name:AUTHORIZATION'], ['private_key', 'name:PRIVATE_KEY'],
  ];
  for (const [name, rule] of cases) assert.equal(secretNameRule(name, 'key'), rule, name);
  assert.equal(secretNameRule('AWS_METADATA_URL', 'env'), 'env-deny-list');
  assert.equal(secretNameRule('AWS_METADATA_URL', 'key'), undefined);
});

test('look-alike names stay readable', () => {
  for (const name of ['PATH', 'SSH_AUTH_SOCK', 'KeyFile', 'TLSKeyFile', 'TokenTTL', 'ACLTokenGCThreshold', 'AllowUnauthenticated', 'ServiceIdentityAuthMethod',
    'JWTAuthBackendPath', 'CONSUL_HTTP_TOKEN_FILE', 'AUTHOR', 'PASSTHROUGH', 'BYPASS_CACHE', 'KeyLoader', 'VAULT_ADDR', 'ssh_public_key', 'TokenAccessor']) {
    assert.equal(secretNameRule(name, 'key'), undefined, name);
  }
  for (const name of ['PATH', 'SSH_AUTH_SOCK', 'HOME', 'NOMAD_ADDR']) assert.equal(secretNameRule(name, 'env'), undefined, name);
});

test('harmless values under a secret name: switches, numbers, durations, paths, IPs; a base64 key is not a path', () => {
  for (const v of ['true', 'off', '0', '30s', '1.5h', '/etc/nomad.d/tls/key.pem', '~/.ssh/id_ed25519', '10.0.0.1:8500', '${VAULT_TOKEN}']) assert.ok(isHarmlessValue(v), v);
  for (const v of ['/Zx9QbT2uVw8RsAbCdEfGhIjKlMnOp+qrstuvwxyz12=', '/AbCdEfGhIjKlMnOp', 'hunter2', 'user:pw']) assert.ok(!isHarmlessValue(v), v);
});

test('a field: Nomad markers are "nomad", hand markers are clear, a secret name cuts the whole value', () => {
  assert.deepEqual(judgeField('Token', 'key', '<redacted>'), { kind: 'nomad' });
  assert.deepEqual(judgeField('Token', 'key', '[REDACTED]'), { kind: 'nomad' });
  assert.deepEqual(judgeField('Token', 'key', '***'), { kind: 'clear' });
  assert.deepEqual(judgeField('Token', 'key', 'abc123'), { kind: 'secret', spans: [{ start: 0, end: 6, rule: 'name:TOKEN' }] });
  assert.deepEqual(judgeField('KeyFile', 'key', '/etc/key.pem'), { kind: 'clear' });
  assert.equal(judgeField('note', 'key', 'see hvs.CAESIabcdefghijklmnopqrstu').kind, 'secret');
});
