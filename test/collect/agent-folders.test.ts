import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentFolders } from '../../src/collect/agent-folders.ts';
import type { Target } from '../../src/collect/select.ts';

const server = (id: string): Target => ({ kind: 'server', id, addr: undefined, status: 'alive', region: 'global' });

test('every agent gets a folder of its own: names that clean or cut alike are told apart, unsafe ones named', () => {
  const long = 'A'.repeat(100_000);
  const ts = [server('a/b'), server('a_b'), server(long), server(`${long}A`), server('..'), server(''), server('srv1.global')];
  const dirs = [...agentFolders(ts).values()];
  assert.equal(new Set(dirs).size, ts.length, dirs.map((d) => d.slice(0, 30)).join(' '));
  assert.deepEqual(dirs.slice(0, 2), ['server/a_b', 'server/a_b~2']);
  assert.ok(dirs[3]!.endsWith('~2'));
  assert.deepEqual(dirs.slice(4), ['server/unnamed-1', 'server/unnamed-2', 'server/srv1.global']);
});
