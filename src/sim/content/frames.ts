// Nomad's StreamFrame framing for /v1/agent/monitor (and fs streaming): concatenated JSON objects
// {"Offset":..,"Data":"<base64>","File":..,"FileEvent":..}, every field omitempty, in Go struct
// order; a heartbeat is "{}". The batcher mirrors Nomad's StreamFramer (client/lib/streamframer/framer.go)
// as the monitor drives it (client/agent_endpoint.go: Send("", "log", line, 0)): data collected for
// 200 ms goes out as one frame, a batch reaching 1024 bytes is cut into 1024-byte pieces, and the
// Offset counts the bytes sent within one frame group: it restarts at 0 when a flush ends the group.

export interface StreamFrame {
  Offset?: number;
  Data?: Buffer;
  File?: string;
  FileEvent?: string;
}

export const HEARTBEAT = '{}';
export const FRAME_BATCH_MS = 200;
export const FRAME_HEARTBEAT_MS = 1000;
export const FRAME_MAX_BYTES = 1024;

export function encodeFrame(f: StreamFrame): string {
  const parts: string[] = [];
  if (f.Offset) parts.push(`"Offset":${Math.trunc(f.Offset)}`);
  if (f.Data && f.Data.length > 0) parts.push(`"Data":"${f.Data.toString('base64')}"`);
  if (f.File) parts.push(`"File":${goJsonString(f.File)}`);
  if (f.FileEvent) parts.push(`"FileEvent":${goJsonString(f.FileEvent)}`);
  return `{${parts.join(',')}}`;
}

/** encoding/json string: JSON.stringify plus Go's HTML-safe escapes. */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Splits a body of concatenated frames back into frames (a streaming client's view). */
export function decodeFrames(body: string): StreamFrame[] {
  const out: StreamFrame[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      const raw = JSON.parse(body.slice(start, i + 1)) as { Offset?: number; Data?: string; File?: string; FileEvent?: string };
      const f: StreamFrame = {};
      if (raw.Offset !== undefined) f.Offset = raw.Offset;
      if (raw.Data !== undefined) f.Data = Buffer.from(raw.Data, 'base64');
      if (raw.File !== undefined) f.File = raw.File;
      if (raw.FileEvent !== undefined) f.FileEvent = raw.FileEvent;
      out.push(f);
    }
  }
  return out;
}

/**
 * Collects log bytes into frames. Call push() as lines arrive (it returns the frames that must go
 * out at once because the batch reached maxBytes) and flush() every FRAME_BATCH_MS. Heartbeats are
 * the caller's: the framer's own ticker sends HEARTBEAT every FRAME_HEARTBEAT_MS whatever else went
 * out. No timers inside: easy to test.
 */
export class FrameBatcher {
  private readonly maxBytes: number;
  private readonly fileEvent: string;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** A frame group is open from the first push until a flush sends it (the framer's frame is not "cleared"). */
  private open = false;
  /** The Offset of the group's next piece: 0 at the start of a group, plus every full piece sent. */
  private offset = 0;

  constructor(opts: { maxBytes?: number; fileEvent?: string } = {}) {
    this.maxBytes = Math.max(1, opts.maxBytes ?? FRAME_MAX_BYTES);
    this.fileEvent = opts.fileEvent ?? 'log';
  }

  push(data: Buffer | string): string[] {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (buf.length === 0) return [];
    if (!this.open) {
      this.open = true;
      this.offset = 0;
    }
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    const out: string[] = [];
    if (this.pendingBytes < this.maxBytes) return out;
    let all = Buffer.concat(this.pending);
    while (all.length >= this.maxBytes) {
      out.push(encodeFrame({ Offset: this.offset, Data: all.subarray(0, this.maxBytes), FileEvent: this.fileEvent }));
      this.offset += this.maxBytes;
      all = all.subarray(this.maxBytes);
    }
    this.pending = all.length > 0 ? [Buffer.from(all)] : [];
    this.pendingBytes = all.length;
    return out;
  }

  /**
   * Ends the open group: what is left goes out with the group's Offset (a group whose bytes all
   * left in full pieces still sends a frame, without Data); undefined when no group is open.
   */
  flush(): string | undefined {
    if (!this.open) return undefined;
    const data = Buffer.concat(this.pending);
    const frame = encodeFrame({ Offset: this.offset, Data: data, FileEvent: this.fileEvent });
    this.pending = [];
    this.pendingBytes = 0;
    this.open = false;
    this.offset = 0;
    return frame;
  }

  get buffered(): number {
    return this.pendingBytes;
  }
}
