import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSecretsInJson, walkJsonStrings } from '../../../src/shared/secrets/index.ts';

test('100,000 levels deep: walked without recursion, the secret at the bottom found, its path bounded', () => {
  let doc: Record<string, unknown> = { password: 'deep-s3cret-1' };
  for (let i = 0; i < 100_000; i++) doc = { [`k${i % 3}`]: i % 2 ? doc : [doc] };
  const found = findSecretsInJson(doc);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.name, 'password');
  assert.ok(found[0]!.path.endsWith('.password') && found[0]!.path.includes('…') && found[0]!.path.length < 1000, found[0]!.path.slice(0, 80));
});

test('names: keys, array elements under their key, flag objects, the argument after a secret flag, env maps', () => {
  const seen: string[] = [];
  walkJsonStrings(
    { a: 'x', list: ['y'], flag: { Name: 'token', Value: 'v', DefValue: '' }, args: ['--token', 'z', '--verbose'], Env: { HOME: 'h' } },
    (value, at) => {
      seen.push(`${at.path()}:${at.name}:${at.context}:${value}`);
      return undefined;
    },
  );
  assert.deepEqual(seen, [
    'a:a:key:x', 'list[0]:list:key:y', 'flag.Name:Name:key:token', 'flag.Value:token:key:v', 'flag.DefValue:token:key:',
    'args[0]:args:key:--token', 'args[1]:token:key:z', 'args[2]:args:key:--verbose', 'Env.HOME:HOME:env:h',
  ]);
});

test('replacements are written in place, "__proto__" stays an own key', () => {
  const doc = JSON.parse('{"__proto__":{"s":"a"},"b":["a"]}') as Record<string, unknown>;
  walkJsonStrings(doc, (v) => (v === 'a' ? 'B' : undefined));
  assert.equal(JSON.stringify(doc), '{"__proto__":{"s":"B"},"b":["B"]}');
  assert.equal(walkJsonStrings('a', (v) => v + '!'), 'a!');
});
