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
  /** Inside a line already cut at the cap: its rest is dropped up to the next newline. */
  #skipping = false;
  readonly #max: number;
  constructor(maxChars = MAX_LINE_CHARS) {
    this.#max = maxChars;
  }

  push(text: string): string[] {
    let all = this.#tail + text;
    const out: string[] = [];
    if (this.#skipping) {
      const nl = all.indexOf('\n');
      if (nl < 0) {
        this.#tail = '';
        return out;
      }
      all = all.slice(nl + 1);
      this.#skipping = false;
    }
    const parts = all.split('\n');
    this.#tail = parts.pop() ?? '';
    out.push(...parts.map((p) => (p.length > this.#max ? cutLine(p, this.#max) : p)));
    if (this.#tail.length > this.#max) {
      out.push(cutLine(this.#tail, this.#max));
      this.#tail = '';
      this.#skipping = true;
    }
    return out;
  }

  /** The unfinished last line, if any. */
  flush(): string | undefined {
    const t = this.#tail;
    this.#tail = '';
    return t === '' ? undefined : t;
  }
}

/**
 * A line over the cap, kept up to its last space before it and marked: the rest is dropped, not
 * made a line of its own, so a secret the cut falls in is never split into two harmless halves.
 */
function cutLine(line: string, max: number): string {
  const head = line.slice(0, max);
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'));
  return `${space > 0 ? head.slice(0, space) : ''} [nomad-debug: line cut, over ${max} characters]`;
}
