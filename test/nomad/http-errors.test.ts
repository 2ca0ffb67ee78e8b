import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors } from 'undici';
import { captureCodeOfError } from '../../src/nomad/http-errors.ts';

test('a socket closed before its answer ended is a reset, however undici words it', () => {
  assert.equal(captureCodeOfError(new errors.SocketError('other side closed')), 'RESET');
  // what a `connection: close` request (a direct ask) meets when the server cuts the answer
  assert.equal(captureCodeOfError(new errors.HTTPParserError('Response does not match the HTTP/1.1 protocol (Invalid EOF state)')), 'RESET');
  assert.equal(captureCodeOfError(new errors.HTTPParserError('Response does not match the HTTP/1.1 protocol (Invalid header value char)')), 'ERROR');
});
