import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visibleText } from '../../src/shared/visible-text.ts';

test('control, bidi and zero-width characters are shown as escapes; the rest is left alone', () => {
  assert.equal(visibleText('ok\u001b[2J\u0007\r\nname'), 'ok\\x1b[2J\\x07\\x0d\\x0aname');
  assert.equal(visibleText('a\u202egnp.exe\u200b\u2066'), 'a\\u202egnp.exe\\u200b\\u2066');
  assert.equal(visibleText('\u009b31m\u007f'), '\\x9b31m\\x7f');
  assert.equal(visibleText('server-1.global\tüñí 東京'), 'server-1.global\tüñí 東京');
});
