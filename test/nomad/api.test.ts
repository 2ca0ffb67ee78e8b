import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memberRpcAddresses, type Member } from '../../src/nomad/api.ts';

const member = (m: Partial<Member>): Member => ({ Name: 's1.global', Status: 'alive', ...m });

test("a member's RPC addresses: its rpc_addr tag and its serf address, with the port tag", () => {
  assert.deepEqual(memberRpcAddresses(member({ Addr: '10.0.0.1', Tags: { rpc_addr: '10.1.0.1', port: '4647' } })), ['10.1.0.1:4647', '10.0.0.1:4647']);
  assert.deepEqual(memberRpcAddresses(member({ Addr: '10.0.0.1', Tags: { port: '4647' } })), ['10.0.0.1:4647']);
});

test('without a port tag, or any address, a member names no RPC address', () => {
  assert.deepEqual(memberRpcAddresses(member({ Addr: '10.0.0.1', Tags: { rpc_addr: '10.1.0.1' } })), []);
  assert.deepEqual(memberRpcAddresses(member({ Addr: null, Tags: { port: '4647' } })), []);
  assert.deepEqual(memberRpcAddresses(member({ Tags: null })), []);
});
