// /v1/agent/monitor sends concatenated JSON frames ({"Data":"<base64>","FileEvent":"log"},
// heartbeats {}), with no separator. This decoder turns any chunking of that into log text.

export class FrameDecoder {
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
    return out;
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
  push(text: string): string[] {
    const all = this.#tail + text;
    const parts = all.split('\n');
    this.#tail = parts.pop() ?? '';
    return parts;
  }
  /** The unfinished last line, if any. */
  flush(): string | undefined {
    const t = this.#tail;
    this.#tail = '';
    return t === '' ? undefined : t;
  }
}
