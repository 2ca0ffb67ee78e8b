// The terminal account of a diff: marks, the subjects a group is no longer on, changed facts,
// and nothing from a bundle that can steer the terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../src/analyze/types.ts';
import { diffLines } from '../../src/cli/diff-lines.ts';
import type { BundleDiff } from '../../src/report/bundle-diff.ts';

const f = (subject: string, title: string, extra: Partial<Finding> = {}): Finding =>
  ({ check: 'member-status', severity: 'critical', subject, title, detail: '', evidence: [], ...extra });
const side = (file: string) => ({ file, root: '', bundle: { layout: 'nomad', createdAt: '2026-11-22T10:15:00Z', servers: 3, clients: 2 }, summary: { critical: 1, warning: 0, info: 0 } });

function diff(over: Partial<BundleDiff>): BundleDiff {
  return { tool: { name: 'nomad-debug', version: 't' }, before: side('a.tar.gz'), after: side('b.tar.gz'), added: [], resolved: [], changed: [], unchanged: 0, uncompared: [], facts: [], labels: {}, ...over };
}

test('resolved, new and changed findings with their marks; changed facts', () => {
  const group = { ...f('cluster', 'hottest x on 3 of 5 agents', { check: 'profiles', severity: 'info' }), subjects: ['a', 'b', 'c'] };
  const lines = diffLines(diff({
    resolved: [f('srv3', 'srv3 is failed')],
    added: [f('srv2', 'srv2 is failed')],
    changed: [{ before: group, after: f('a', 'a: hottest x (40%)', { check: 'profiles', severity: 'warning' }), changes: ['severity', 'subjects', 'title'], subjectsGone: ['b', 'c'], subjectsNew: [] }],
    unchanged: 4,
    labels: { c: 'client-3 (cccccccc)' },
    facts: [{ key: 'leader', label: 'Leader', before: 'srv1', after: 'srv2', changed: true }, { key: 'jobs', label: 'Jobs by status', before: '2 running', after: '2 running', changed: false }],
  }));
  assert.ok(lines.includes('Findings: 1 resolved, 1 new, 1 changed, 4 unchanged'));
  assert.ok(lines.includes('- CRITICAL member-status srv3: srv3 is failed'));
  assert.ok(lines.includes('+ CRITICAL member-status srv2: srv2 is failed'));
  assert.ok(lines.includes('~ INFO→WARNING profiles a: a: hottest x (40%)'));
  assert.ok(lines.includes('      no longer on: b, client-3 (cccccccc)'), 'node ids by name where a bundle names them');
  assert.ok(lines.includes('      was: hottest x on 3 of 5 agents'));
  assert.ok(lines.includes('  Leader: srv1 → srv2'));
  assert.ok(!lines.some((l) => l.includes('Jobs by status')), 'unchanged facts stay off the terminal');
});

test('escape sequences, bidi overrides and line breaks from a bundle are shown, not obeyed', () => {
  const lines = diffLines(diff({
    added: [f('srv\x1b[2J', 'evil\u202etitle\nforged line')],
    facts: [{ key: 'leader', label: 'Leader', before: 'a\x07', after: 'b', changed: true }],
    before: { ...side('x\x1b]0;t\x07.tar.gz'), bundle: { ...side('').bundle, createdAt: '\r2026' } },
  }));
  for (const l of lines) assert.doesNotMatch(l, /[\x00-\x08\x0a-\x1f\u202e]/, JSON.stringify(l));
  assert.ok(lines.some((l) => l.includes('srv\\x1b[2J') && l.includes('evil\\u202etitle\\x0aforged line')));
});
