// The health cell: an agent's own health answer first, else whether the collector reached it,
// by the same capture codes the agent-health check counts as unreachable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthCell } from '../../../src/report/sections/health.ts';
import { UNREACHABLE_CODES } from '../../../src/shared/errors.ts';
import { agent, capture, emptyBundle, manifest, withHealth } from '../../analyze/bundle-builder.ts';

test('every unreachable code, NO_ROUTE included, makes an agent without a health answer unreachable', () => {
  for (const code of UNREACHABLE_CODES) {
    const b = emptyBundle();
    manifest(b, { captures: [capture('server/s1/agent-self.json', '/v1/agent/self', 'server:s1', code)] });
    assert.deepEqual(healthCell(b, undefined, 'server', 's1'), { text: `unreachable (${code})`, cls: 'bad' }, code);
  }
  assert.ok(UNREACHABLE_CODES.has('NO_ROUTE'));
});

test('a refused 403 is not unreachability, and the agent\'s own answer comes first', () => {
  const b = emptyBundle();
  manifest(b, { captures: [capture('server/s1/agent-self.json', '/v1/agent/self', 'server:s1', 'HTTP_403'), capture('server/s1/x.json', '/v1/agent/host', 'server:s1', 'RESET')] });
  const a = withHealth(agent(b, 'server', 's1'), { server: { ok: false, message: 'no leader' } });
  assert.deepEqual(healthCell(b, a, 'server', 's1'), { text: 'unhealthy: no leader', cls: 'bad' });
  const b2 = emptyBundle();
  manifest(b2, { captures: [capture('server/s1/agent-self.json', '/v1/agent/self', 'server:s1', 'HTTP_403')] });
  assert.deepEqual(healthCell(b2, undefined, 'server', 's1'), { text: '–', cls: '' });
});
