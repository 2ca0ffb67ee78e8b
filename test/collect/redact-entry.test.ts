import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CUTS_LISTED_PER_FILE, entryTreatment, LinesRedactor, looksBinary, redactDocument } from '../../src/collect/redact-entry.ts';

const on = { enabled: true };
const TOKEN = 'hvs.CAESIJ1234567890abcdefghijklmnop';

test('treatment by name: profiles copied, JSON read whole, logs and the event stream streamed', () => {
  assert.equal(entryTreatment('server/s1/profile_0000.prof', false), 'copy');
  assert.equal(entryTreatment('server/s1/trace_0000.prof', false), 'copy');
  assert.equal(entryTreatment('server/s1/agent-host.json', false), 'document');
  assert.equal(entryTreatment('cluster/eventstream.json', true), 'lines');
  assert.equal(entryTreatment('server/s1/monitor.log', true), 'lines');
  assert.equal(entryTreatment('server/s1/goroutine-debug2_0000.txt', false), 'lines');
  assert.ok(looksBinary(Buffer.from([1, 2, 0, 3])));
  assert.ok(!looksBinary(Buffer.from('plain text')));
});

test('a JSON document keeps its layout; an unchanged one keeps its bytes', () => {
  const pretty = Buffer.from(`${JSON.stringify({ Env: { VAULT_TOKEN: TOKEN, PATH: '/usr/bin' } }, null, 2)}\n`);
  const r = redactDocument(pretty, on);
  assert.equal(r.bytes.toString(), `${JSON.stringify({ Env: { VAULT_TOKEN: '<redacted>', PATH: '/usr/bin' } }, null, 2)}\n`);
  assert.deepEqual(r.redactions.map((x) => x.field), ['Env.VAULT_TOKEN']);
  const compact = Buffer.from('{"a":{"password":"hunter2hunter2"}}');
  assert.equal(redactDocument(compact, on).bytes.toString(), '{"a":{"password":"<redacted>"}}');
  const clean = Buffer.from('{ "Name" :  "x",  "Status":"alive" }');
  const same = redactDocument(clean, on);
  assert.equal(same.bytes, clean);
  assert.deepEqual(same.redactions, []);
  const marked = Buffer.from('{"NOMAD_TOKEN":"<redacted>"}');
  assert.deepEqual(redactDocument(marked, on).redactions, [], 'a marker already there is no new cut');
});

test('NDJSON and text that is not one JSON value go line by line; clean lines keep their bytes', () => {
  const text = Buffer.from(`{"ID":"a","Meta":{"api_token":"${TOKEN}"}}\n{"ID":"b"}\nnot json token=${TOKEN}\n{"Error":"x"}`);
  const r = redactDocument(text, on);
  assert.equal(r.bytes.toString(), '{"ID":"a","Meta":{"api_token":"<redacted>"}}\n{"ID":"b"}\nnot json token=<redacted>\n{"Error":"x"}');
  assert.deepEqual(r.redactions.map((x) => x.field), ['line 1: Meta.api_token', 'line 3']);
});

test('lines split across chunks anywhere, multi-byte characters included, and a key over several chunks', () => {
  const log = `é ok\nx-vault-token: ${TOKEN}\n-----BEGIN RSA PRIVATE KEY-----\nMIIEsecretbody\nmore\n-----END RSA PRIVATE KEY----- after\nlast é`;
  const bytes = Buffer.from(log);
  for (const size of [1, 2, 3, 7, 64]) {
    const lines = new LinesRedactor(on);
    const out: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += size) out.push(...lines.push(bytes.subarray(at, at + size)));
    out.push(...lines.end());
    const text = Buffer.concat(out).toString();
    assert.equal(text, 'é ok\nx-vault-token: <redacted>\n<redacted>\n<redacted>\n<redacted>\n<redacted> after\nlast é', `chunks of ${size}`);
    assert.ok(!text.includes('secretbody'));
  }
});

test('a line over the cap is cut there and the rest dropped; what was kept is redacted', () => {
  const lines = new LinesRedactor(on, 64);
  const out = [...lines.push(Buffer.from(`token=${TOKEN} ${'x'.repeat(100)}`)), ...lines.push(Buffer.from('yyy\nnext\n')), ...lines.end()];
  const text = Buffer.concat(out).toString();
  assert.match(text, /^token=<redacted> x+ \[nomad-debug: line cut, over 64 bytes\]\nnext\n$/);
  assert.deepEqual(lines.redactions.map((r) => r.rule).sort(), ['line-cut', 'vault-token']);
});

test('a file with more cuts than are listed: the first ones where they were, the rest counted by rule', () => {
  const lines = new LinesRedactor(on);
  lines.push(Buffer.from(`token=${TOKEN}\n`.repeat(CUTS_LISTED_PER_FILE + 5)));
  const cuts = lines.redactions;
  assert.equal(cuts.length, CUTS_LISTED_PER_FILE + 1);
  assert.deepEqual(cuts.at(-1), { field: '5 more', rule: 'vault-token', count: 5 });
  assert.equal(cuts[CUTS_LISTED_PER_FILE - 1]!.field, `line ${CUTS_LISTED_PER_FILE}`);
});
