// /v1/client/fs/stream and fs/logs: a file as StreamFrames {Offset, Data, File} from `offset`
// (counted from the start, or from the end with origin=end); with follow=true the stream stays
// open with `{}` heartbeats, as a followed file that is not growing does. plain=true: raw bytes.
import { encodeFrame, FRAME_HEARTBEAT_MS, HEARTBEAT } from '../content/frames.ts';
import { boolParam, holdOpen, type Ctx } from './context.ts';
import { HttpError } from './respond.ts';

/** Nomad's file streamer reads up to 64 KiB a frame. */
const FRAME_BYTES = 64 * 1024;

export function streamFile(ctx: Ctx, file: string, content: Buffer): 'streamed' {
  const origin = ctx.q.get('origin') ?? 'start';
  if (origin !== 'start' && origin !== 'end') throw new HttpError(400, 'origin must be start or end');
  const offset = Number(ctx.q.get('offset') ?? '0');
  if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'invalid offset');
  const from = Math.min(content.length, origin === 'end' ? Math.max(0, content.length - offset) : offset);
  const plain = boolParam(ctx.q, 'plain') === true;
  const follow = boolParam(ctx.q, 'follow') === true;
  const { res } = ctx;
  res.writeHead(200, { 'Content-Type': plain ? 'text/plain' : 'application/json' });
  for (let at = from; at < content.length; at += FRAME_BYTES) {
    const piece = content.subarray(at, Math.min(content.length, at + FRAME_BYTES));
    res.write(plain ? piece : encodeFrame({ Offset: at, Data: piece, File: file }));
  }
  if (!follow) {
    res.end();
    return 'streamed';
  }
  // a followed file that does not grow: heartbeats only (none in plain mode)
  return holdOpen(ctx, FRAME_HEARTBEAT_MS, () => {
    if (!plain) res.write(HEARTBEAT);
  });
}
