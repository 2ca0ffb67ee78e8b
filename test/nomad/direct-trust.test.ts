// The token decision for direct asks. Names follow Nomad's verify_server_hostname rule:
// helper/tlsutil/config.go (OutgoingTLSWrapper sets ServerName "server." + region + ".nomad") and
// command/tls_cert_create.go (certificates for "<server|client>.<region>.nomad").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentTlsName, decideTrust, type TrustInput } from '../../src/nomad/direct-trust.ts';

const server = { role: 'server', region: 'global' } as const;
const client = { role: 'client', region: 'eu-west' } as const;
const base: TrustInput = { scheme: 'http:', skipVerify: false, trustAdvertised: false };

test("Nomad's names: <role>.<region>.nomad", () => {
  assert.equal(agentTlsName('server', 'global'), 'server.global.nomad');
  assert.equal(agentTlsName('client', 'eu-west'), 'client.eu-west.nomad');
});

test('-address always gets the token as configured, whatever the scheme or flags', () => {
  for (const scheme of ['http:', 'https:']) {
    for (const skipVerify of [false, true]) {
      assert.deepEqual(decideTrust({ ...base, scheme, skipVerify }), { sendToken: true });
    }
  }
});

test('direct ask over verified TLS: token, but only to the certificate name of its role and region', () => {
  assert.deepEqual(decideTrust({ ...base, scheme: 'https:', direct: server }), { sendToken: true, verifyName: 'server.global.nomad' });
  assert.deepEqual(decideTrust({ ...base, scheme: 'https:', direct: client }), { sendToken: true, verifyName: 'client.eu-west.nomad' });
  // -trust-advertised does not loosen a check that TLS can make
  assert.deepEqual(decideTrust({ ...base, scheme: 'https:', direct: client, trustAdvertised: true }), { sendToken: true, verifyName: 'client.eu-west.nomad' });
});

test('direct ask over plain HTTP: no token unless -trust-advertised, and the reason names the flag', () => {
  const d = decideTrust({ ...base, direct: server });
  assert.equal(d.sendToken, false);
  assert.equal(d.verifyName, undefined);
  assert.match(d.withheld ?? '', /plain HTTP/);
  assert.match(d.withheld ?? '', /-trust-advertised/);
  assert.deepEqual(decideTrust({ ...base, direct: server, trustAdvertised: true }), { sendToken: true });
});

test('-tls-skip-verify proves nothing: a direct ask is unverified', () => {
  const d = decideTrust({ ...base, scheme: 'https:', skipVerify: true, direct: client });
  assert.equal(d.sendToken, false);
  assert.equal(d.verifyName, undefined);
  assert.match(d.withheld ?? '', /-tls-skip-verify/);
  assert.match(d.withheld ?? '', /client\.eu-west\.nomad/);
  assert.match(d.withheld ?? '', /-trust-advertised/);
  assert.deepEqual(decideTrust({ ...base, scheme: 'https:', skipVerify: true, direct: client, trustAdvertised: true }), { sendToken: true });
});
