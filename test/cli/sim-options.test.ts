// `sim` flags for its Consul and Vault: Consul ACLs on with a token, Vault in a chosen state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSimOptions } from '../../src/cli/commands/sim.ts';
import { buildParser } from '../../src/cli/parser.ts';
import { UsageError } from '../../src/shared/errors.ts';

test('-consul-token and -vault-state reach the sim; a bad state is a usage error naming it', async () => {
  let flags: Record<string, unknown> = {};
  const argv = ['sim', '-consul-token=ct', '-vault-state=standby'];
  await buildParser(argv, (p) => (flags = p.flags)).parseAsync(argv, {}, (err: Error | undefined) => {
    if (err) throw err;
  });
  const o = buildSimOptions(flags);
  assert.equal(o.consulToken, 'ct');
  assert.equal(o.vaultState, 'standby');
  assert.equal(buildSimOptions({}).vaultState, undefined);
  assert.throws(() => buildSimOptions({ 'vault-state': 'melted' }), (e: Error) => e instanceof UsageError && /^Invalid -vault-state "melted": want one of active, /.test(e.message));
});
