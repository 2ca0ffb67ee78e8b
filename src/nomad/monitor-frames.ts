// /v1/agent/monitor sends concatenated JSON frames ({"Data":"<base64>","FileEvent":"log"},
// heartbeats {}), with no separator. This decoder turns any chunking of that into log text.
// Both classes hold at most a bounded amount of text, whatever a server sends.

/**
 * The longest frame kept: Nomad's stream framer sends at most 64 KiB of data a frame (base64,
 * about 88 KB of JSON), so a frame this long is not Nomad's and is dropped.
 */
export const MAX_FRAME_CHARS = 1024 * 1024;
/** A log line longer than this is cut here: a server that never sends a newline must not fill memory. */
export const MAX_LINE_CHARS = 1024 * 1024;
/** An event stream line (one frame of events, full jobs included) is cut here. */
export const MAX_EVENT_LINE_CHARS = 16 * 1024 * 1024;

export class FrameDecoder {
  /** Frames dropped for being longer than MAX_FRAME_CHARS. */
  dropped = 0;
  #buf = '';
  #depth = 0;
  #inString = false;
  #escape = false;
  #start = -1;
  #scanned = 0;
  /** Set once the body turns out to be plain text (plain=true or an old agent). */
  #plain: boolean | undefined;

  /** Feeds one chunk; returns the log text decoded from the frames completed by it. */
  push(chunk: Buffer | string): string {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (this.#plain === undefined) {
      const first = text.trimStart()[0];
      if (first === undefined) return '';
      this.#plain = first !== '{';
    }
    if (this.#plain) return text;
    this.#buf += text;
    let out = '';
    let consumed = 0;
    for (let i = this.#scanned; i < this.#buf.length; i++) {
      const c = this.#buf[i];
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === '\\') this.#escape = true;
        else if (c === '"') this.#inString = false;
        continue;
      }
      if (c === '"') this.#inString = true;
      else if (c === '{') {
        if (this.#depth === 0) this.#start = i;
        this.#depth++;
      } else if (c === '}') {
        this.#depth--;
        if (this.#depth === 0 && this.#start >= 0) {
          out += decodeFrame(this.#buf.slice(this.#start, i + 1));
          consumed = i + 1;
          this.#start = -1;
        }
      }
    }
    this.#buf = this.#buf.slice(consumed);
    this.#scanned = this.#buf.length;
    if (this.#start >= 0) this.#start -= consumed;
    if (this.#buf.length > MAX_FRAME_CHARS) this.#dropOpenFrame();
    return out;
  }

  #dropOpenFrame(): void {
    this.dropped++;
    this.#buf = '';
    this.#scanned = 0;
    this.#depth = 0;
    this.#start = -1;
    this.#inString = false;
    this.#escape = false;
  }
}

function decodeFrame(json: string): string {
  try {
    const frame = JSON.parse(json) as { Data?: unknown };
    if (typeof frame.Data === 'string') return Buffer.from(frame.Data, 'base64').toString('utf8');
  } catch {
    // a broken frame carries no log text we can trust
  }
  return '';
}

/** Splits text into complete lines, keeping the unfinished tail for the next push. */
export class LineSplitter {
  #tail = '';
  readonly #max: number;
  constructor(maxChars = MAX_LINE_CHARS) {
    this.#max = maxChars;
  }
  push(text: string): string[] {
    const all = this.#tail + text;
    const parts = all.split('\n');
    this.#tail = parts.pop() ?? '';
    while (this.#tail.length > this.#max) {
      parts.push(this.#tail.slice(0, this.#max));
      this.#tail = this.#tail.slice(this.#max);
    }
    return parts;
  }
  /** The unfinished last line, if any. */
  flush(): string | undefined {
    const t = this.#tail;
    this.#tail = '';
    return t === '' ? undefined : t;
  }
}
