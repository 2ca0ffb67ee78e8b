// index.html as Nomad's writeManifest renders it with html/template (command/operator_debug.go):
// names from the cluster are escaped in the link text and URL-normalised in the href.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexHtml, indexJson } from '../../src/archive/index-file.ts';

test("the page Nomad writes: time stamp title and heading, one <li> per file, Nomad's tail", () => {
  const html = indexHtml('2026-12-05-040000Z', ['cluster/members.json', 'server/server-1.global/monitor.log']);
  assert.equal(html,
    '<html><head><title>2026-12-05-040000Z</title></head>\n<body><h1>2026-12-05-040000Z</h1>\n<ul>' +
    '<li><a href="cluster/members.json">cluster/members.json</a></li>\n' +
    '<li><a href="server/server-1.global/monitor.log">server/server-1.global/monitor.log</a></li>\n' +
    '</ul></body></html>\n');
  assert.equal(indexJson(['a', 'b']), '["a","b"]\n');
});

test('a hostile file name cannot break out of the link or the page', () => {
  const name = 'server/"><script>alert(1)</script> x/agent-host.json';
  const html = indexHtml('t', [name]);
  assert.doesNotMatch(html, /<script>/);
  const m = /<li><a href="([^"]*)">([^<]*)<\/a><\/li>/.exec(html)!;
  assert.equal(m[1], 'server/%22%3e%3cscript%3ealert(1)%3c/script%3e%20x/agent-host.json');
  assert.equal(m[2], 'server/&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; x/agent-host.json');
  assert.match(indexHtml('t', ['client/ü/a&b.json']), /href="client\/%c3%bc\/a&amp;b\.json">client\/ü\/a&amp;b\.json</);
});
