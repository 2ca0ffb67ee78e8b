import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { NomadClient, endpointText } from '../../src/nomad/client.ts';
import { CaptureError } from '../../src/shared/errors.ts';
import { unexpectedResponseText } from '../../src/nomad/http-errors.ts';

// A tiny local HTTP server standing in for one misbehaving endpoint each.
const seen: { token?: string; url?: string }[] = [];
const server = http.createServer((req, res) => {
  seen.push({ token: req.headers['x-nomad-token'] as string | undefined, url: req.url });
  if (req.url?.startsWith('/ok')) return res.end('{"a":1}');
  if (req.url?.startsWith('/denied')) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    return res.end('Permission denied');
  }
  if (req.url?.startsWith('/hang')) return; // never answers
  if (req.url?.startsWith('/reset')) {
    res.writeHead(200);
    res.write('partial');
    setTimeout(() => req.socket.destroy(), 50);
    return;
  }
  if (req.url?.startsWith('/stream')) {
    res.writeHead(200);
    const t = setInterval(() => res.write('tick\n'), 50);
    req.on('close', () => clearInterval(t));
    return;
  }
  res.writeHead(404);
  res.end('nope');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const client = new NomadClient({ address: base, token: 'tok-123', tls: { rejectUnauthorized: true } });
after(async () => {
  await client.close();
  server.closeAllConnections();
  server.close();
});

const signal = new AbortController().signal;

test('2xx and non-2xx answers are returned with the token header sent', async () => {
  const ok = await client.get({ path: '/ok', query: { region: 'global' }, timeoutMs: 2000, signal });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.toString(), '{"a":1}');
  const denied = await client.get({ path: '/denied', timeoutMs: 2000, signal });
  assert.equal(denied.status, 403);
  assert.equal(unexpectedResponseText(403, denied.body), 'Unexpected response code: 403 (Permission denied)');
  assert.equal(seen.find((s) => s.url?.startsWith('/ok'))?.token, 'tok-123');
  assert.equal(endpointText('/ok', { region: 'global', topic: ['A:*', 'B:x'] }), '/ok?region=global&topic=A%3A*&topic=B%3Ax');
});

test('many requests sharing one run signal: no listener warning, and stopping it aborts them all', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    const shared = new AbortController();
    const answers = await Promise.all(Array.from({ length: 40 }, () => client.get({ path: '/ok', timeoutMs: 2000, signal: shared.signal })));
    assert.ok(answers.every((a) => a.status === 200));
    const hanging = Array.from({ length: 20 }, () => client.get({ path: '/hang', timeoutMs: 5000, signal: shared.signal }));
    setTimeout(() => shared.abort(), 50);
    for (const h of hanging) await assert.rejects(h, (e: unknown) => e instanceof CaptureError && e.code === 'ABORTED');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings.map((w) => w.name), []);
  } finally {
    process.off('warning', onWarning);
  }
});

test('a hanging endpoint times out with TIMEOUT', async () => {
  await assert.rejects(client.get({ path: '/hang', timeoutMs: 300, signal }), (e: unknown) => e instanceof CaptureError && e.code === 'TIMEOUT');
});

test('a refused connection is CONNECT_REFUSED', async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  await assert.rejects(
    client.get({ path: '/x', baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000, signal }),
    (e: unknown) => e instanceof CaptureError && e.code === 'CONNECT_REFUSED',
  );
});

test('a connection reset mid-body is RESET', async () => {
  await assert.rejects(client.get({ path: '/reset', timeoutMs: 2000, signal }), (e: unknown) => e instanceof CaptureError && e.code === 'RESET');
});

test('a stream runs for its window and keeps what arrived', async () => {
  let text = '';
  const out = await client.stream({
    path: '/stream',
    windowMs: 300,
    headersMarginMs: 500,
    signal,
    onData: (c) => {
      text += c.toString();
    },
  });
  assert.equal(out.error, undefined);
  assert.equal(out.status, 200);
  assert.ok(text.includes('tick\n'));
  const reset = await client.stream({ path: '/reset', windowMs: 2000, headersMarginMs: 500, signal, onData: () => undefined });
  assert.equal(reset.error?.code, 'RESET');
  assert.equal(reset.bytes, 'partial'.length);
  const hang = await client.stream({ path: '/hang', windowMs: 200, headersMarginMs: 100, signal, onData: () => undefined });
  assert.equal(hang.error?.code, 'TIMEOUT');
});

test('a direct ask over plain HTTP goes without credentials unless trusted; a 403 then says why', async () => {
  // -address elsewhere (never contacted), so the test server is "another agent's advertised address"
  const elsewhere = 'http://127.0.0.2:9';
  const authed = new NomadClient({ address: elsewhere, token: 'tok-direct', httpAuth: 'u:p', tls: { rejectUnauthorized: true } });
  const trusting = new NomadClient({ address: elsewhere, token: 'tok-direct', tls: { rejectUnauthorized: true }, trustAdvertised: true });
  // an agent advertising -address itself is the agent the operator pointed the token at
  const atAddress = new NomadClient({ address: base, token: 'tok-direct', httpAuth: 'u:p', tls: { rejectUnauthorized: true } });
  const heard: http.IncomingHttpHeaders[] = [];
  const onRequest = (req: http.IncomingMessage) => heard.push(req.headers);
  server.on('request', onRequest);
  try {
    const direct = { role: 'server', region: 'global' } as const;
    const withheld = await authed.get({ path: '/denied', baseUrl: base, direct, timeoutMs: 2000, signal });
    assert.equal(withheld.status, 403);
    assert.match(withheld.tokenWithheld ?? '', /-trust-advertised/);
    const trusted = await trusting.get({ path: '/ok', baseUrl: base, direct, timeoutMs: 2000, signal });
    assert.equal(trusted.tokenWithheld, undefined);
    const same = await atAddress.get({ path: '/ok', baseUrl: `${base}/`, direct, timeoutMs: 2000, signal });
    assert.equal(same.tokenWithheld, undefined);
    assert.deepEqual(heard.map((h) => [h['x-nomad-token'], h.authorization]), [
      [undefined, undefined],
      ['tok-direct', undefined],
      ['tok-direct', `Basic ${Buffer.from('u:p').toString('base64')}`],
    ]);
  } finally {
    server.off('request', onRequest);
    await Promise.all([authed.close(), trusting.close(), atAddress.close()]);
  }
});
