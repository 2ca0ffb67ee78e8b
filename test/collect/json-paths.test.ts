import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchJsonPath, parseJsonPath } from '../../src/collect/json-paths.ts';
import { redactJson } from '../../src/collect/redact.ts';

test('JSON paths: exact, wildcard key and index, and everything below', () => {
  const p = (s: string) => {
    const r = parseJsonPath(s);
    assert.ok(typeof r !== 'string', r as string);
    return r;
  };
  const rules = [p('config.Vault.Token'), p('Payload.Job.Meta.*'), p('Consuls[*].Auth'), p('Secrets')];
  assert.equal(matchJsonPath(rules, ['config', 'Vault', 'Token']), 'user-path:config.Vault.Token');
  assert.equal(matchJsonPath(rules, ['config', 'Vault', 'Addr']), undefined);
  assert.equal(matchJsonPath(rules, ['Payload', 'Job', 'Meta', 'owner']), 'user-path:Payload.Job.Meta.*');
  assert.equal(matchJsonPath(rules, ['Consuls', 3, 'Auth']), 'user-path:Consuls[*].Auth');
  assert.equal(matchJsonPath(rules, ['Secrets', 0, 'x']), 'user-path:Secrets');
  assert.equal(matchJsonPath(rules, ['Payload', 'Job']), undefined);
  for (const bad of ['', 'a..b', '.a', 'a[x]']) assert.equal(typeof parseJsonPath(bad), 'string', bad);
  const r = redactJson({ config: { Vault: { Token: 'plain', Addr: 'http://v' } }, Secrets: [{ x: 'y' }, 'z', 7] }, { enabled: true, paths: rules });
  assert.deepEqual(r.value, { config: { Vault: { Token: '<redacted>', Addr: 'http://v' } }, Secrets: [{ x: '<redacted>' }, '<redacted>', 7] });
});
