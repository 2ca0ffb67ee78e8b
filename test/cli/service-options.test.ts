// The Consul and Vault flags of collect: Nomad's names (command/operator_debug.go), their
// environment variables (flags win), the address rules, the token file, and where the tokens
// end up: never in cli-flags.json or the manifest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCollectOptions } from '../../src/cli/collect-options.ts';
import { buildParser } from '../../src/cli/parser.ts';
import { buildServiceTargets } from '../../src/cli/service-options.ts';
import { buildCliFlags, manifestOptions } from '../../src/collect/recorded-options.ts';
import { UsageError } from '../../src/shared/errors.ts';

async function fromArgv(argv: string[], env: Record<string, string> = {}) {
  let flags: Record<string, unknown> = {};
  await buildParser(argv, (p) => (flags = p.flags)).parseAsync(argv, {}, (err: Error | undefined) => {
    if (err) throw err;
  });
  return buildCollectOptions(flags, env, '/work', argv);
}

test('without an address neither Consul nor Vault is asked (as Nomad, whose discovery from agent-self no longer works)', () => {
  assert.equal(buildCollectOptions({}, {}, '/work', ['collect']).services, undefined);
  assert.deepEqual(buildServiceTargets({ 'consul-token': 't', 'vault-token': 'v' }, { CONSUL_HTTP_TOKEN: 'x' }), {});
});

test('every flag, Go and GNU style, lands where it belongs', async () => {
  const o = await fromArgv([
    'collect', '-consul-http-addr=http://127.0.0.2:8500', '-consul-token=ct', '-consul-auth=ops:pw', '-consul-ca-cert=/c/ca.pem',
    '-consul-ca-path=/c/cas', '-consul-client-cert=/c/cert.pem', '-consul-client-key=/c/key.pem',
    '--vault-address', 'https://127.0.0.3:8200', '--vault-token=vt', '-vault-ca-cert=/v/ca.pem', '-vault-ca-path=/v/cas',
    '-vault-client-cert=/v/cert.pem', '-vault-client-key=/v/key.pem',
  ]);
  assert.deepEqual(o.services, {
    consul: { address: 'http://127.0.0.2:8500', token: 'ct', httpAuth: 'ops:pw', tls: { caCert: '/c/ca.pem', caPath: '/c/cas', clientCert: '/c/cert.pem', clientKey: '/c/key.pem', skipVerify: false } },
    vault: { address: 'https://127.0.0.3:8200', token: 'vt', tls: { caCert: '/v/ca.pem', caPath: '/v/cas', clientCert: '/v/cert.pem', clientKey: '/v/key.pem', skipVerify: false } },
  });
});

test("the environment Nomad reads, and flags win over it", () => {
  const env = {
    CONSUL_HTTP_ADDR: 'http://127.0.0.2:8500', CONSUL_HTTP_TOKEN: 'env-ct', CONSUL_HTTP_AUTH: 'u:p', CONSUL_CACERT: '/e/ca', CONSUL_CAPATH: '/e/cas',
    CONSUL_CLIENT_CERT: '/e/cert', CONSUL_CLIENT_KEY: '/e/key', VAULT_ADDR: 'http://127.0.0.3:8200', VAULT_TOKEN: 'env-vt', VAULT_CACERT: '/v/ca',
    VAULT_CAPATH: '/v/cas', VAULT_CLIENT_CERT: '/v/cert', VAULT_CLIENT_KEY: '/v/key',
  };
  const s = buildServiceTargets({}, env);
  assert.equal(s.consul?.address, 'https://127.0.0.2:8500'.replace('https', 'http'));
  assert.equal(s.consul?.token, 'env-ct');
  assert.equal(s.consul?.httpAuth, 'u:p');
  assert.deepEqual(s.consul?.tls, { caCert: '/e/ca', caPath: '/e/cas', clientCert: '/e/cert', clientKey: '/e/key', skipVerify: false });
  assert.equal(s.vault?.token, 'env-vt');
  assert.deepEqual(s.vault?.tls, { caCert: '/v/ca', caPath: '/v/cas', clientCert: '/v/cert', clientKey: '/v/key', skipVerify: false });
  const flagged = buildServiceTargets({ 'consul-http-addr': 'http://127.0.0.9:8500', 'consul-token': 'flag-ct', 'vault-token': 'flag-vt' }, env);
  assert.equal(flagged.consul?.address, 'http://127.0.0.9:8500');
  assert.equal(flagged.consul?.token, 'flag-ct');
  assert.equal(flagged.vault?.token, 'flag-vt');
});

test('-consul-token-file (CONSUL_HTTP_TOKEN_FILE) is kept only when no token is given', () => {
  assert.equal(buildServiceTargets({ 'consul-http-addr': 'x:1', 'consul-token-file': '/t' }, {}).consul?.tokenFile, '/t');
  assert.equal(buildServiceTargets({ 'consul-http-addr': 'x:1' }, { CONSUL_HTTP_TOKEN_FILE: '/e' }).consul?.tokenFile, '/e');
  const both = buildServiceTargets({ 'consul-http-addr': 'x:1', 'consul-token-file': '/t', 'consul-token': 'ct' }, {}).consul!;
  assert.equal(both.token, 'ct');
  assert.equal(both.tokenFile, undefined);
  // flags win over the environment: an explicit file beats CONSUL_HTTP_TOKEN, an explicit token beats the env file
  const fileFlag = buildServiceTargets({ 'consul-http-addr': 'x:1', 'consul-token-file': '/t' }, { CONSUL_HTTP_TOKEN: 'envtok' }).consul!;
  assert.deepEqual([fileFlag.token, fileFlag.tokenFile], [undefined, '/t']);
  const tokFlag = buildServiceTargets({ 'consul-http-addr': 'x:1', 'consul-token': 'ct' }, { CONSUL_HTTP_TOKEN_FILE: '/e' }).consul!;
  assert.deepEqual([tokFlag.token, tokFlag.tokenFile], ['ct', undefined]);
  const envOnly = buildServiceTargets({ 'consul-http-addr': 'x:1' }, { CONSUL_HTTP_TOKEN: 'envtok', CONSUL_HTTP_TOKEN_FILE: '/e' }).consul!;
  assert.deepEqual([envOnly.token, envOnly.tokenFile], ['envtok', undefined]);
});

test("Consul's usual scheme-less address works (Nomad's fails on it): http, or https with CONSUL_HTTP_SSL or TLS material", () => {
  assert.equal(buildServiceTargets({ 'consul-http-addr': '127.0.0.1:8500' }, {}).consul?.address, 'http://127.0.0.1:8500');
  assert.equal(buildServiceTargets({ 'consul-http-addr': '127.0.0.1:8500' }, { CONSUL_HTTP_SSL: 'true' }).consul?.address, 'https://127.0.0.1:8500');
  assert.equal(buildServiceTargets({ 'vault-address': '127.0.0.1:8200', 'vault-ca-cert': '/ca' }, {}).vault?.address, 'https://127.0.0.1:8200');
});

test('usage errors name the Consul or Vault flag', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ 'consul-http-addr': 'ftp://x:1' }, /^Invalid -consul-http-addr "ftp:\/\/x:1": scheme must be http or https$/],
    [{ 'vault-address': 'http://x:1/v1' }, /^Invalid -vault-address "http:\/\/x:1\/v1": give only scheme, host and port$/],
    [{ 'consul-http-addr': 'x:1', 'consul-client-cert': '/c' }, /^Invalid -consul-client-cert "\/c": -consul-client-key is required with it$/],
    [{ 'vault-address': 'x:1', 'vault-client-key': '/k' }, /^Invalid -vault-client-key "\/k": -vault-client-cert is required with it$/],
  ];
  for (const [flags, re] of cases) assert.throws(() => buildServiceTargets(flags, {}), (e: Error) => e instanceof UsageError && re.test(e.message), JSON.stringify(flags));
  assert.throws(() => buildServiceTargets({ 'vault-address': 'http://u:s3cretpw@x:1' }, {}), (e: Error) => /credentials in the URL/.test(e.message) && !e.message.includes('s3cretpw'));
});

test('cli-flags.json: Nomad\'s flag names, tokens "[redacted]", addresses readable; the manifest says only that a token was set', async () => {
  const o = await fromArgv(['collect', '-consul-http-addr=http://127.0.0.2:8500', '-consul-token=SECRETCT1', '-consul-auth=u:SECRETPW', '-vault-address=http://127.0.0.3:8200', '-vault-token=SECRETVT1', '-vault-client-cert=/v/c', '-vault-client-key=/v/k']);
  const flags = buildCliFlags(o) as { Formal: Record<string, { Value: string }>; Actual: Record<string, { Value: string }> };
  for (const n of ['consul-http-addr', 'consul-token', 'consul-token-file', 'consul-auth', 'consul-ca-cert', 'consul-ca-path', 'consul-client-cert', 'consul-client-key', 'vault-address', 'vault-token', 'vault-ca-cert', 'vault-ca-path', 'vault-client-cert', 'vault-client-key']) {
    assert.ok(flags.Formal[n], n);
  }
  assert.equal(flags.Actual['consul-token']?.Value, '[redacted]');
  assert.equal(flags.Actual['vault-token']?.Value, '[redacted]');
  assert.equal(flags.Actual['consul-auth']?.Value, '[redacted]');
  assert.equal(flags.Actual['vault-client-key']?.Value, '[redacted]');
  assert.equal(flags.Actual['consul-http-addr']?.Value, 'http://127.0.0.2:8500');
  assert.equal(flags.Actual['vault-client-cert']?.Value, '/v/c');
  const text = JSON.stringify([flags, manifestOptions(o, '*')]);
  for (const secret of ['SECRETCT1', 'SECRETPW', 'SECRETVT1']) assert.ok(!text.includes(secret), secret);
  const m = manifestOptions(o, '*') as { consul: { address: string; tokenSet: boolean }; vault: { tokenSet: boolean } };
  assert.equal(m.consul.address, 'http://127.0.0.2:8500');
  assert.equal(m.consul.tokenSet, true);
  assert.equal(m.vault.tokenSet, true);
});
