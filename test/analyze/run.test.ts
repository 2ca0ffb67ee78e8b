import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allChecks } from '../../src/analyze/checks/index.ts';
import { CheckFileError, analyze } from '../../src/analyze/run.ts';
import { exitCodeFor } from '../../src/cli/commands/analyze.ts';
import type { Check } from '../../src/analyze/types.ts';
import { emptyBundle, healthyCluster, node, withNodes } from './bundle-builder.ts';
import { hostileBundle } from './hostile-files.ts';

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const fixed = (id: string, out: ReturnType<Check['run']>): Check => ({ id, title: id, run: () => out });
const f = (check: string, severity: 'critical' | 'warning' | 'info', subject: string) => ({ check, severity, subject, title: 't', detail: 'd', evidence: [] });

test('analyze sorts by severity, then check, then subject, and counts', () => {
  const r = analyze(emptyBundle(), {
    checks: [
      fixed('b', [f('b', 'info', 'x'), f('b', 'critical', 'z'), f('b', 'critical', 'a')]),
      fixed('a', [f('a', 'warning', 'm'), f('a', 'critical', 'q')]),
    ],
  });
  assert.deepEqual(r.findings.map((x) => `${x.severity}/${x.check}/${x.subject}`), ['critical/a/q', 'critical/b/a', 'critical/b/z', 'warning/a/m', 'info/b/x']);
  assert.deepEqual(r.summary, { critical: 3, warning: 1, info: 1 });
});

test('a throwing check is a loud warning finding, naming its file when it knows it; notEvaluated outcomes are kept', () => {
  const boom: Check = { id: 'boom', title: 'boom', run: () => { throw new TypeError('cannot read x of undefined'); } };
  const deep: Check = { id: 'deep', title: 'deep', run: () => { throw new CheckFileError('server/s1/agent-self.json', 'Maximum call stack size exceeded'); } };
  const r = analyze(emptyBundle(), { checks: [boom, deep, fixed('missing', { notEvaluated: 'no data' }), fixed('ok', [f('ok', 'info', 's')])] });
  assert.deepEqual(r.notEvaluated, [{ check: 'missing', reason: 'no data' }]);
  assert.deepEqual(r.summary, { critical: 0, warning: 2, info: 1 });
  const failed = r.findings.filter((x) => x.severity === 'warning');
  assert.deepEqual(failed.map((x) => x.title), ['incomplete: check boom failed', 'incomplete: check deep failed on server/s1/agent-self.json']);
  assert.match(failed[0]!.detail, /cannot read x of undefined/);
  assert.deepEqual(failed[1]!.evidence, [{ file: 'server/s1/agent-self.json' }]);
  assert.equal(exitCodeFor(r, 'warning'), 4, '-fail-on warning trips');
});

test('bundle header, and the tool with the version package.json gives', () => {
  const b = withNodes(healthyCluster(), [node('n1', 'c1'), node('n2', 'c2')]);
  const r = analyze(b, { checks: [] });
  assert.deepEqual(r.tool, { name: 'nomad-debug', version: PACKAGE_VERSION });
  assert.deepEqual(r.bundle, { layout: 'nomad-debug', createdAt: '2026-11-22T10:15:00Z', servers: 3, clients: 2 });
});

test('every check runs on an empty bundle without throwing and says why it could not evaluate', () => {
  const r = analyze(emptyBundle());
  assert.equal(r.findings.length, 0);
  assert.equal(r.notEvaluated.length, allChecks.length);
  assert.ok(!r.findings.some((x) => x.title.startsWith('incomplete:')));
  assert.equal(new Set(allChecks.map((c) => c.id)).size, 24);
});

test('every check runs on a bundle whose files all have fields of the wrong type, read through the model', () => {
  const b = hostileBundle();
  const r = analyze(b);
  assert.deepEqual(r.findings.filter((x) => x.title.startsWith('incomplete:')), []);
  // What fitted is still used: the node whose Name and Drain were wrong is down.
  assert.ok(r.findings.some((x) => x.check === 'nodes' && x.subject === '0000000a-aaaa-4bbb-8ccc-00000000000a' && /is down/.test(x.title)));
  const shape = r.findings.find((x) => x.check === 'capture-coverage' && /not in the shape Nomad writes/.test(x.title));
  assert.ok(shape, 'the misshapen files are named');
  assert.match(shape.detail, /cluster\/members\.json/);
});

test('a healthy cluster has no critical or warning finding', () => {
  const r = analyze(withNodes(healthyCluster(), [node('n1', 'client-1')]));
  assert.deepEqual(r.findings.filter((x) => x.severity !== 'info'), []);
});
