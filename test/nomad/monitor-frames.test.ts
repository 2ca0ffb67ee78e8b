import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder, LineSplitter, MAX_FRAME_CHARS } from '../../src/nomad/monitor-frames.ts';

const frame = (text: string) => JSON.stringify({ Data: Buffer.from(text).toString('base64'), FileEvent: 'log' });

test('frames split at any byte decode to the same text', () => {
  const text = '2024-01-01T00:00:00Z [INFO]  one\n2024-01-01T00:00:01Z [WARN]  two {with} "braces"\n';
  const body = `{}${frame(text.slice(0, 20))}{}${frame(text.slice(20))}{}`;
  for (let cut = 1; cut < body.length; cut += 7) {
    const d = new FrameDecoder();
    const out = d.push(body.slice(0, cut)) + d.push(body.slice(cut));
    assert.equal(out, text, `cut at ${cut}`);
  }
});

test('a plain-text body passes through', () => {
  const d = new FrameDecoder();
  assert.equal(d.push('2024 [INFO] x\n') + d.push('{not a frame}\n'), '2024 [INFO] x\n{not a frame}\n');
});

test('line splitter keeps the unfinished line', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('a\nb'), ['a']);
  assert.deepEqual(s.push('c\nd\n'), ['bc', 'd']);
  assert.equal(s.flush(), undefined);
  s.push('tail');
  assert.equal(s.flush(), 'tail');
});

test('a stream that never sends a newline or closes a frame stays bounded: long lines are cut, open frames dropped', () => {
  const lines = new LineSplitter(1000);
  let out: string[] = [];
  for (let i = 0; i < 50; i++) out = out.concat(lines.push(`word ${'x'.repeat(295)}`));
  out = out.concat(lines.push(' hvs.CAESIJsecret-tail\nnext line\n'));
  assert.equal(out.length, 2, 'one cut line, then the next');
  assert.match(out[0]!, /^word x+word x+word x+word \[nomad-debug: line cut, over 1000 characters\]$/, 'kept up to its last space');
  assert.ok(out[0]!.length < 1100);
  assert.equal(out[1], 'next line', 'the rest of the cut line is dropped, never a line of its own');
  const split = new LineSplitter(1000);
  const secret = `${'a '.repeat(495)}password=S3cretValue${'z'.repeat(20)}`;
  assert.deepEqual(split.push(`${secret}\n`).map((l) => l.includes('S3cret')), [false], 'a secret the cut falls in is dropped whole');
  const frames = new FrameDecoder();
  const open = `{"Data":"${'A'.repeat(MAX_FRAME_CHARS)}`;
  assert.equal(frames.push(open), '');
  assert.equal(frames.dropped, 1);
  const good = Buffer.from('hello\n').toString('base64');
  assert.equal(frames.push(`{"Data":"${good}"}`), 'hello\n', 'frames after a dropped one decode');
});
