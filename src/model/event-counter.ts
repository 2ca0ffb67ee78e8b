// Counts events by topic in eventstream.json while it streams in: Nomad's CLI writes one
// event per line ({Topic, Type, Key, ...}); raw stream frames ({Index, Events: [...]}) are
// accepted too. Heartbeats ({}) and unreadable lines are ignored.
import { StringDecoder } from 'node:string_decoder';

const MAX_LINE_CHARS = 16 * 1024 * 1024;

export class EventCounter {
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';
  #skipping = false;
  readonly counts: Record<string, number> = {};

  push(chunk: Buffer): void {
    const text = this.#decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      if (!this.#skipping) this.#line(this.#partial + text.slice(start, nl));
      this.#partial = '';
      this.#skipping = false;
      start = nl + 1;
    }
    if (this.#skipping) return;
    this.#partial += text.slice(start);
    // One absurdly long line is dropped rather than held.
    if (this.#partial.length > MAX_LINE_CHARS) {
      this.#partial = '';
      this.#skipping = true;
    }
  }

  end(): Record<string, number> {
    const rest = this.#partial + this.#decoder.end();
    if (!this.#skipping) this.#line(rest);
    this.#partial = '';
    return this.counts;
  }

  #line(line: string): void {
    const t = line.trim();
    if (!t.startsWith('{')) return;
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      return;
    }
    const rec = obj as Record<string, unknown>;
    if (Array.isArray(rec.Events)) for (const ev of rec.Events) this.#count(ev);
    else this.#count(rec);
  }

  #count(ev: unknown): void {
    if (typeof ev !== 'object' || ev === null) return;
    const topic = (ev as Record<string, unknown>).Topic;
    if (typeof topic !== 'string') return;
    this.counts[topic] = (this.counts[topic] ?? 0) + 1;
  }
}
