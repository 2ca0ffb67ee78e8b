import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFrames, encodeFrame, FrameBatcher, HEARTBEAT } from '../../src/sim/content/frames.ts';

// A real monitor frame (hashicorp/nomad#20133), reference §6.2.
const REAL_FRAME = '{"Data":"MjAyNC0wMy0wN1QwNzo0MjoxNy4xNDYrMDEwMCBbSU5GT10gIHNuYXBzaG90OiBjcmVhdGluZyBuZXcgc25hcHNob3Q6IHBhdGg9L29wdC9ub21hZC9zZXJ2ZXIvcmFmdC9zbmFwc2hvdHMvMTczMS02Njc3MTUtMTcwOTc5MzczNzE0Ni50bXAK","FileEvent":"log"}';

describe('encodeFrame', () => {
  it('matches a real Nomad monitor frame byte for byte', () => {
    const [frame] = decodeFrames(REAL_FRAME);
    assert.ok(frame?.Data);
    assert.match(frame.Data.toString(), /^2024-03-07T07:42:17\.146\+0100 \[INFO\]  snapshot: creating new snapshot: /);
    assert.equal(encodeFrame({ Data: frame.Data, FileEvent: 'log' }), REAL_FRAME);
  });

  it('omits empty fields and keeps Go struct order', () => {
    assert.equal(encodeFrame({}), HEARTBEAT);
    assert.equal(HEARTBEAT, '{}');
    assert.equal(encodeFrame({ Offset: 0, Data: Buffer.alloc(0), File: '', FileEvent: '' }), '{}');
    assert.equal(
      encodeFrame({ FileEvent: 'log', File: 'alloc/logs/web.stdout.0', Data: Buffer.from('hi'), Offset: 2048 }),
      '{"Offset":2048,"Data":"aGk=","File":"alloc/logs/web.stdout.0","FileEvent":"log"}',
    );
  });

  it('round-trips concatenated frames with heartbeats between them', () => {
    const frames = [{ Data: Buffer.from('a line\n'), FileEvent: 'log' }, {}, { Offset: 7, Data: Buffer.from('x{"}\n'), FileEvent: 'log' }];
    const body = frames.map((f) => encodeFrame(f)).join('');
    assert.deepEqual(decodeFrames(body), frames);
  });
});

describe('FrameBatcher', () => {
  it('holds small writes until flush, then sends one frame without Offset', () => {
    const b = new FrameBatcher();
    assert.deepEqual(b.push('line one\n'), []);
    assert.deepEqual(b.push(Buffer.from('line two\n')), []);
    assert.equal(b.buffered, 18);
    assert.equal(b.flush(), encodeFrame({ Data: Buffer.from('line one\nline two\n'), FileEvent: 'log' }));
    assert.equal(b.flush(), undefined);
  });

  // Nomad's StreamFramer (client/lib/streamframer/framer.go) driven by the monitor
  // (client/agent_endpoint.go: framer.Send("", "log", line, 0)).
  it('cuts batches over 1024 bytes into pieces; the flushed rest carries the group offset (framer.go Send, send)', () => {
    const b = new FrameBatcher();
    const text = Array.from({ length: 40 }, (_, i) => `2026-11-22T10:15:00.${String(i).padStart(3, '0')}Z [TRACE] http: request complete: method=GET\n`).join('');
    assert.ok(text.length > 2048 && text.length < 3072);
    const first = b.push(text.slice(0, 100));
    const more = b.push(text.slice(100));
    const rest = b.flush();
    const frames = decodeFrames([...first, ...more, rest].join(''));
    assert.equal(first.length, 0);
    assert.equal(frames.length, 3);
    assert.equal(frames[0]!.Offset, undefined, 'offset 0 is omitted');
    assert.equal(frames[1]!.Offset, 1024);
    assert.equal(frames[0]!.Data!.length, 1024);
    assert.equal(frames[1]!.Data!.length, 1024);
    assert.equal(frames[2]!.Offset, 2048, 'the flush sends the frame whose Offset Send advanced');
    assert.ok(frames.every((f) => f.FileEvent === 'log'));
    assert.equal(Buffer.concat(frames.map((f) => f.Data!)).toString(), text);
  });

  it('restarts Offset at 0 in each frame group: a flush clears the frame (framer.go StreamFrame.Clear)', () => {
    const b = new FrameBatcher({ maxBytes: 10 });
    b.push('abc');
    assert.deepEqual(decodeFrames(b.flush()!)[0], { Data: Buffer.from('abc'), FileEvent: 'log' });
    const [piece] = b.push('0123456789xy');
    assert.deepEqual(decodeFrames(piece!)[0], { Data: Buffer.from('0123456789'), FileEvent: 'log' }, 'a new group starts at 0');
    assert.deepEqual(decodeFrames(b.flush()!)[0], { Offset: 10, Data: Buffer.from('xy'), FileEvent: 'log' });
  });

  it('a group sent whole in full pieces still flushes a frame without Data (framer.go send on a frame not cleared)', () => {
    const b = new FrameBatcher({ maxBytes: 4 });
    const pieces = b.push('abcdefgh');
    assert.deepEqual(pieces.map((f) => decodeFrames(f)[0]!.Offset), [undefined, 4]);
    assert.equal(b.flush(), '{"Offset":8,"FileEvent":"log"}');
    assert.equal(b.flush(), undefined);
  });
});
