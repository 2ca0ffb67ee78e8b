// Each file-system and network failure has one sentence: one line, naming what the operator gave
// (never our temporary names), with what to do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT, InputError, OutputError } from '../../src/shared/errors.ts';
import { clusterFailure, clusterFailureMessage, outputFailure, readFailure, unexpectedFailure, withoutTempNames, writeFailure } from '../../src/shared/failure-messages.ts';

const TMP = '/out/.report.html.4242.tmp';
/** An error as Node's fs throws it, its message naming our temporary file. */
const fsError = (code: string, syscall = 'open', file = TMP) =>
  Object.assign(new Error(`${code}: something, ${syscall} '${file}' -> '/out/report.html'`), { code, syscall, path: file });

function oneLine(msg: string, ...must: string[]): void {
  assert.ok(!msg.includes('\n'), msg);
  assert.ok(!/\.tmp\b/.test(msg), `temporary name in: ${msg}`);
  assert.ok(!/\b(E[A-Z]{3,}|ERR_[A-Z_]+)\b/.test(msg), `raw error code in: ${msg}`);
  for (const m of must) assert.ok(msg.includes(m), `${JSON.stringify(m)} not in: ${msg}`);
}

test('writing a file: each errno is a sentence about the file the operator named', () => {
  const cases: [string, string][] = [
    ['EISDIR', '/out/report.html is a directory: name a file'],
    ['ENOTDIR', '/out is not a directory'],
    ['EACCES', 'Permission denied writing /out/report.html'],
    ['EPERM', 'Permission denied writing /out/report.html'],
    ['ENOENT', '/out does not exist'],
    ['ENOSPC', 'No space left on the device holding /out/report.html'],
    ['EDQUOT', 'Disk quota exceeded'],
    ['EROFS', 'read-only file system'],
    ['EMFILE', 'ulimit -n'],
    ['EEXIST', '/out/report.html already exists'],
  ];
  for (const [code, want] of cases) oneLine(writeFailure(fsError(code), '/out/report.html'), want);
  // one nobody foresaw keeps the system's words, still without our temporary name
  const other = writeFailure(fsError('EWHATEVER'), '/out/report.html');
  assert.equal(other, 'Cannot write /out/report.html: EWHATEVER: something, open');
});

test('an output folder: a file in its place is "not a directory", not EEXIST', () => {
  oneLine(writeFailure(fsError('EEXIST', 'mkdir', '/etc/passwd'), '/etc/passwd', true), '/etc/passwd is not a directory');
  oneLine(writeFailure(fsError('ENOTDIR', 'mkdir', '/etc/passwd/sub'), '/etc/passwd/sub', true), 'not a directory', 'a folder above it is a file');
  oneLine(writeFailure(fsError('EACCES', 'open'), '/var/empty', true), 'Permission denied writing in /var/empty');
  // a file where a folder above an output file should be: mkdir says EEXIST of that file
  oneLine(writeFailure(fsError('EEXIST', 'mkdir', '/out'), '/out/x.tar.gz'), '/out is not a directory');
  const err = outputFailure(fsError('EACCES'), '/out', true);
  assert.ok(err instanceof OutputError);
  assert.equal(err.exitCode, EXIT.output);
});

test('reading a file the operator named', () => {
  oneLine(readFailure(fsError('ENOENT', 'open', '/b.tar.gz'), '/b.tar.gz'), '/b.tar.gz does not exist');
  oneLine(readFailure(fsError('EACCES', 'open', '/b.tar.gz'), '/b.tar.gz'), 'Permission denied reading /b.tar.gz');
  oneLine(readFailure(fsError('EISDIR', 'read', '/ca'), '/ca'), '/ca is a directory, not a file');
});

test('a cluster that cannot be asked: refused, plain HTTP, HTTPS, ACLs, names, timeouts, TLS', () => {
  const base = { what: 'list members', address: 'https://nomad.example:4646', tokenSent: false, needs: 'node:read' };
  const cases: [Partial<Parameters<typeof clusterFailureMessage>[0]>, string][] = [
    [{ code: 'CONNECT_REFUSED', detail: 'connect ECONNREFUSED 10.0.0.1:4646' }, 'Connection refused at https://nomad.example:4646: is Nomad listening there?'],
    [{ code: 'RESET', detail: 'Client network socket disconnected before secure TLS connection was established (ECONNRESET)' },
      'https://nomad.example:4646 speaks plain HTTP: use http://nomad.example:4646'],
    [{ code: 'TLS', detail: 'write EPROTO 0018:error:0A00010B:SSL routines:ssl3_get_record:wrong version number' }, 'speaks plain HTTP: use http://'],
    [{ address: 'http://nomad.example:4646', code: 'HTTP_400', httpStatus: 400, detail: 'Client sent an HTTP request to an HTTPS server.' },
      'http://nomad.example:4646 speaks HTTPS: use https://nomad.example:4646'],
    [{ code: 'HTTP_403', httpStatus: 403, detail: 'Permission denied' }, 'the cluster has ACLs; set NOMAD_TOKEN or -token'],
    [{ code: 'HTTP_403', httpStatus: 403, detail: 'Permission denied', tokenSent: true }, 'the token needs node:read'],
    [{ code: 'HTTP_403', httpStatus: 403, detail: 'ACL token not found', tokenSent: true }, 'does not know the token'],
    [{ code: 'ERROR', detail: 'getaddrinfo ENOTFOUND nomad.example (ENOTFOUND)' }, 'Cannot resolve the host of https://nomad.example:4646'],
    [{ code: 'NO_ROUTE', detail: 'connect EHOSTUNREACH' }, 'No route to https://nomad.example:4646'],
    [{ code: 'CONNECT_TIMEOUT', detail: 'Connect Timeout Error' }, 'No connection to https://nomad.example:4646 in time'],
    [{ code: 'TIMEOUT', detail: 'Headers Timeout Error' }, 'within -request-timeout'],
    [{ code: 'TLS', detail: 'unable to verify the first certificate' }, 'check -ca-cert'],
    [{ address: 'http://nomad.example:4646', code: 'RESET', detail: 'other side closed (UND_ERR_SOCKET)' },
      'closed the connection before answering "list members": is it a Nomad agent? If it serves HTTPS, use https://nomad.example:4646'],
  ];
  for (const [f, want] of cases) {
    const msg = clusterFailureMessage({ ...base, code: 'ERROR', detail: '', ...f });
    assert.ok(!msg.includes('\n'), msg);
    assert.ok(msg.includes(want), `${JSON.stringify(want)} not in: ${msg}`);
  }
  const err = clusterFailure({ ...base, code: 'CONNECT_REFUSED', detail: '' });
  assert.ok(err instanceof InputError);
  assert.equal(err.exitCode, EXIT.usage);
});

test('a failure nobody put in words is still one line without temporary names', () => {
  assert.equal(withoutTempNames(`EISDIR: illegal operation on a directory, rename '${TMP}' -> '/out/x'`), 'EISDIR: illegal operation on a directory, rename');
  const u = unexpectedFailure(fsError('EACCES', 'mkdir', '/srv/out'));
  assert.equal(u.exitCode, EXIT.output);
  oneLine(u.message, 'Permission denied writing /srv/out');
  const r = unexpectedFailure(fsError('ENOENT', 'open', '/etc/x.pem'));
  assert.equal(r.exitCode, EXIT.usage);
  oneLine(r.message, '/etc/x.pem does not exist');
  const t = unexpectedFailure(fsError('ENOTDIR', 'lstat', TMP));
  assert.ok(!t.message.includes('.tmp') && !t.message.includes('\n'), t.message);
  assert.equal(unexpectedFailure(new Error('two\nlines')).message, 'two');
});
