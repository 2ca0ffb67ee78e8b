import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/analyze/checks/security-posture.ts';
import { findingsOf, notEvaluated } from './assert-findings.ts';
import { agent, emptyBundle, has, withSelf } from './bundle-builder.ts';

const secure = { ACL: { Enabled: true }, TLSConfig: { EnableHTTP: true, EnableRPC: true }, EnableDebug: false, DevMode: false };

test('security-posture: ACLs off, TLS off and enable_debug across agents', () => {
  const b = emptyBundle();
  withSelf(agent(b, 'server', 's1'), { ...secure, ACL: { Enabled: false }, TLSConfig: { EnableHTTP: false, EnableRPC: false }, EnableDebug: true });
  withSelf(agent(b, 'server', 's2'), { ...secure, ACL: { Enabled: false } });
  const f = findingsOf(check.run(b));
  const acl = f.find((x) => x.title === 'ACLs are disabled')!;
  assert.equal(acl.subject, 'cluster');
  assert.equal(acl.severity, 'warning');
  assert.match(acl.detail, /all 2 agents/);
  // what is off on the same agents is one finding; enable_debug with ACLs off makes it a warning
  assert.equal(f.length, 2);
  assert.ok(has(f, { subject: 's1', severity: 'warning', title: /^s1: TLS is off for HTTP, TLS is off for RPC and enable_debug is on$/ }));
  assert.equal(f.find((x) => x.subject === 's1')!.evidence.length, 3);
  // one setting on one agent of several is named after the agent
  withSelf(agent(b, 'server', 's3'), secure);
  withSelf(b.servers[0]!, { ...secure, TLSConfig: { EnableHTTP: false, EnableRPC: true } });
  assert.ok(has(findingsOf(check.run(b)), { subject: 's1', title: /^TLS is off for HTTP on s1$/ }));
});

test('security-posture: enable_debug alone is info; silent when secure; not evaluated without config', () => {
  const b = emptyBundle();
  withSelf(agent(b, 'server', 's1'), { ...secure, EnableDebug: true });
  const f = findingsOf(check.run(b));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'info');
  withSelf(agent(b, 'server', 's1'), secure);
  assert.deepEqual(findingsOf(check.run(b)), []);
  notEvaluated(check.run(emptyBundle()));
});

test('security-posture: falls back to cluster/agent-self.json', () => {
  const b = emptyBundle();
  b.cluster.agentSelf = { file: 'cluster/agent-self.json', value: { config: { ACL: { Enabled: false } }, member: { Name: 'srv1.global', Addr: null, Port: 0, Tags: null, Status: 'alive' } } };
  const f = findingsOf(check.run(b));
  assert.equal(f[0]!.subject, 'srv1.global');
  assert.equal(f[0]!.evidence[0]!.file, 'cluster/agent-self.json');
});
