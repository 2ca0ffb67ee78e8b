// The whole HTML document: sections, findings, CSP, no external resources, escaping of
// hostile bundle content, odd and big bundles.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/run.ts';
import type { Bundle } from '../../src/model/types.ts';
import { readBundle } from '../../src/model/read-bundle.ts';
import { escapeHtml } from '../../src/report/escape.ts';
import { renderReport } from '../../src/report/render.ts';
import { emptyBundle } from '../analyze/bundle-builder.ts';
import { hostileBundle } from '../analyze/hostile-files.ts';
import { bigCluster, degraded, HOSTILE_IMG, HOSTILE_SCRIPT, hostileNames } from './fixtures.ts';

const OPTS = { generatedAt: '2026-11-22T11:00:00Z' };
const render = (b: Bundle) => renderReport(b, analyze(b), OPTS);
const SECTION_IDS = ['summary', 'findings', 'servers', 'clients', 'secrets', 'schedulers', 'consul', 'vault', 'profiles', 'logs', 'events', 'metrics', 'coverage'];

/** Every URL-bearing attribute or CSS reference that points off the page. */
function externalRefs(html: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href|action|formaction|poster|srcset|xlink:href)\s*=\s*["']?\s*([^"'\s>]+)/gi)].map((m) => m[1]!);
  const css = [...html.matchAll(/url\(\s*['"]?([^'")]+)/gi), ...html.matchAll(/@import\s+['"]?([^'";]+)/gi)].map((m) => m[1]!);
  return [...refs, ...css].filter((u) => !u.startsWith('#') && !u.startsWith('data:'));
}

test('degraded: a complete document with every section and every finding title', () => {
  const b = degraded();
  const r = analyze(b);
  const html = renderReport(b, r, OPTS);
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.trimEnd().endsWith('</html>'));
  for (const id of SECTION_IDS) assert.ok(html.includes(`<section id="${id}"`), id);
  assert.ok(r.findings.length > 10);
  for (const f of r.findings) assert.ok(html.includes(escapeHtml(f.title)), f.title);
  for (const n of r.notEvaluated) assert.ok(html.includes(escapeHtml(n.reason)), n.check);
  assert.ok(html.includes('<svg class="flame"'), 'a flame graph');
  assert.equal(html.match(/<svg class="chart"/g)?.length, 3, 'three metrics charts');
  assert.ok(!html.includes('Not in this bundle'), 'nothing missing from the degraded bundle');
  assert.ok(!html.includes('could not be built'));
});

test('degraded: strict CSP meta whose script hash matches the one inline script', () => {
  const html = render(degraded());
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(csp, 'CSP meta tag');
  const policy = csp[1]!.replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /img-src data:/);
  assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1, 'exactly one script element');
  const hash = createHash('sha256').update(scripts[0]![1]!, 'utf8').digest('base64');
  assert.ok(policy.includes(`'sha256-${hash}'`));
});

test('degraded: no external resources and no secret values', () => {
  const html = render(degraded());
  assert.deepEqual(externalRefs(html), []);
  assert.doesNotMatch(html, /(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.ok(!html.includes('CANARY-'), 'a secret value reached the report');
});

test('hostile names are shown as text, never as markup', () => {
  const html = render(hostileNames());
  assert.ok(!html.includes('<script>alert'), 'raw script tag');
  assert.ok(!html.includes('<img src=x'), 'raw img tag');
  assert.ok(!html.includes('onerror=alert'), 'raw event handler attribute');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes(escapeHtml(HOSTILE_IMG)));
  assert.equal(html.match(/<script\b/g)?.length, 1);
  assert.deepEqual(externalRefs(html), []);
  assert.ok(html.includes(`<title>Nomad debug report: ${escapeHtml(HOSTILE_SCRIPT)}</title>`));
});

test('bidi overrides, zero-width and control characters from the bundle are shown as escapes, in text and in SVG', () => {
  const b = degraded();
  const sneaky = 'server-9.gl\u202eobal\u200b\u0007';
  b.cluster.members!.value.Members.push({ ...b.cluster.members!.value.Members[0]!, Name: sneaky, Status: 'failed' });
  const s = b.servers[0]!;
  const flame = s.profiles.find((r) => r.cpu?.flame)!.cpu!.flame!;
  flame.children.push({ name: 'main.\u2066evil\u2069', value: flame.value / 2, children: [] });
  const html = render(b);
  assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200b\u0007]/.test(html), 'no raw bidi, zero-width or BEL character in the page');
  assert.ok(html.includes('server-9.gl\\u202eobal\\u200b\\x07'), 'the member name, visibly escaped');
  assert.ok(html.includes('main.\\u2066evil\\u2069'), 'the flame graph frame, visibly escaped');
});

test('empty bundle renders, each data section saying what is missing', () => {
  const html = render(emptyBundle());
  for (const id of SECTION_IDS) assert.ok(html.includes(`<section id="${id}"`), id);
  assert.ok((html.match(/Not in this bundle/g)?.length ?? 0) >= 8);
  assert.ok(!html.includes('could not be built'));
});

test('a bundle whose files all have fields of the wrong type, read through the model, renders whole with its gaps under coverage', () => {
  const b = hostileBundle();
  const html = render(b);
  assert.ok(html.trimEnd().endsWith('</html>'));
  for (const id of SECTION_IDS) assert.ok(html.includes(`<section id="${id}"`), id);
  assert.ok(!html.includes('could not be built'), 'no section needed the view model\'s guard');
  assert.deepEqual(externalRefs(html), []);
  const start = html.indexOf('<section id="coverage"');
  const coverage = html.slice(start, html.indexOf('</section>', start));
  assert.ok(b.gaps.length >= 10, 'the model recorded what did not fit');
  for (const g of b.gaps) {
    assert.ok(coverage.includes(escapeHtml(g.file)), g.file);
    assert.ok(coverage.includes(g.code), g.code);
  }
});

test('500 clients render a capped report of a few MB', () => {
  const html = render(bigCluster(500));
  assert.ok(html.length < 4 * 1024 * 1024, `${html.length} bytes`);
  assert.ok(html.includes('+300 more not shown'));
  // the clients table: 15 rows open, 185 in the collapsed list, with the filter box the script shows
  const clients = html.slice(html.indexOf('<section id="clients"'), html.indexOf('</section>', html.indexOf('<section id="clients"')));
  assert.match(clients, /<details class="rest"><summary>and 185 more nodes<\/summary>/);
  assert.match(clients, /<p class="table-filter" hidden><input type="search"/);
  assert.ok((html.match(/<svg class="flame"/g)?.length ?? 0) <= 6);
});

test("Nomad's own bundle (no manifest) renders with its layout and no failed section", async () => {
  const b = await readBundle(new URL('../fixtures/bundles/nomad-debug-2024-03-07-064200Z', import.meta.url).pathname);
  const html = render(b);
  assert.ok(html.includes('nomad operator debug (Nomad 1.2 or later)'));
  assert.ok(html.includes('no manifest.json'));
  assert.ok(!html.includes('could not be built'));
  assert.deepEqual(externalRefs(html), []);
});

test('the error timeline lines agents up on one axis; agent names in it are escaped', () => {
  const b = hostileNames();
  const s = b.servers.find((a) => a.id === HOSTILE_SCRIPT)!;
  s.log!.entries.push({ line: 9, level: 'ERROR', module: 'x', message: 'y', ts: Date.parse('2026-11-22T10:15:10Z') });
  const html = renderReport(b, analyze(b), { generatedAt: '2026-11-22T11:00:00Z' });
  const svg = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(html)?.[0];
  assert.ok(svg, 'timeline drawn');
  assert.ok(!svg.includes(HOSTILE_SCRIPT) && svg.includes(escapeHtml(HOSTILE_SCRIPT).slice(0, 20)), 'label escaped');
  assert.match(svg, /errors, \d+ warnings<\/title>/);
});
