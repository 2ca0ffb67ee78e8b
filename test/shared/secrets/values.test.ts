import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSecretsInText, redactText, secretValueRule } from '../../../src/shared/secrets/index.ts';

const FORMATS: [string, string][] = [
  ['vault-token', 'hvs.CAESIJ1m0xKxQ2abcdefghijklmnopqrstuv'],
  ['vault-token', 'hvb.AAAAAQJ1m0xKxQ2abcdefghijklmnop'],
  ['vault-token', 's.Xk2bQ7vPq9RsT3uV5wY8zA1c'],
  ['github-token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
  ['github-token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnop'],
  ['aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
  ['slack-token', 'xoxb-123456789012-abcdefghijkl'],
  ['stripe-key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
  ['gitlab-token', 'glpat-abcdefghij0123456789'],
  ['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub21hZCJ9.c2lnbmF0dXJlLXZhbHVl'],
  ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----'],
  ['url-credentials', 'postgres://app:s3cr3t-pw@db.internal:5432/app'],
  ['bearer-token', 'Authorization: Bearer abcdefghijklmnop'],
  ['basic-auth', 'Authorization: Basic dXNlcjpzM2NyM3Q='],
];

test('every token format is found and cut, alone and inside a sentence', () => {
  for (const [rule, value] of FORMATS) {
    assert.equal(secretValueRule(value) ?? findSecretsInText(value)[0]?.rule, rule, value);
    const r = redactText(`before ${value} after`);
    assert.ok(r.hits.some((h) => h.rule === rule), `${rule}: ${r.text}`);
    assert.ok(r.text.startsWith('before ') && r.text.endsWith(' after'), r.text);
    assert.deepEqual(findSecretsInText(r.text), [], `${rule} left something: ${r.text}`);
  }
});

test('URL credentials keep user and host; a PEM block without its END is cut to the end', () => {
  assert.equal(redactText('dsn=redis://cache:pw0rd@10.0.0.5:6379/0').text, 'dsn=redis://cache:<redacted>@10.0.0.5:6379/0');
  assert.equal(redactText('k=-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEI').text, 'k=<redacted>');
});

test('prose and look-alikes are not secrets', () => {
  for (const text of [
    'the bearer tokens expired', 'Basic authentication is disabled', 'https://vault.service.consul:8200', 'http://127.0.0.1:8500',
    '9e02c85b-db59-45f1-ddee-40d0317bd33d', 'sha 0123456789abcdef0123456789abcdef01234567', 'ghp_short', 'nodes.abcdefghijklmnopqrstuvwx',
    'public key -----BEGIN PUBLIC KEY-----', '/etc/nomad.d/tls/server-key.pem',
  ]) {
    assert.deepEqual(findSecretsInText(text), [], text);
  }
});
