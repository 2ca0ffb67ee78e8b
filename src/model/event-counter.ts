// Counts events by topic in eventstream.json while it streams in: Nomad's CLI writes one
// event per line ({Topic, Type, Key, ...}); raw stream frames ({Index, Events: [...]}) are
// accepted too. Heartbeats ({}) and unreadable lines are ignored. A visitor, when given, sees
// every event with its 1-based line, its place in the line's frame, and the line's length.
import { StringDecoder } from 'node:string_decoder';

const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** `at`: the event's place in its frame's Events; undefined when the line is the event itself. */
export type EventVisitor = (ev: Record<string, unknown>, line: number, at: number | undefined, chars: number) => void;

export class EventCounter {
  readonly #decoder = new StringDecoder('utf8');
  readonly #visit: EventVisitor | undefined;
  #partial = '';
  #skipping = false;
  #line = 0;
  readonly counts: Record<string, number> = {};
  /** Lines that were not a JSON object, or over the line cap. */
  unreadable = 0;

  constructor(visit?: EventVisitor) {
    this.#visit = visit;
  }

  push(chunk: Buffer): void {
    const text = this.#decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.#line++;
      if (!this.#skipping) this.#read(this.#partial + text.slice(start, nl));
      else this.unreadable++;
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
    this.#line++;
    if (!this.#skipping) this.#read(rest);
    else this.unreadable++;
    this.#partial = '';
    return this.counts;
  }

  #read(line: string): void {
    const t = line.trim();
    if (t === '') return;
    let obj: unknown;
    try {
      obj = t.startsWith('{') ? JSON.parse(t) : undefined;
    } catch {
      obj = undefined;
    }
    if (typeof obj !== 'object' || obj === null) {
      this.unreadable++;
      return;
    }
    const rec = obj as Record<string, unknown>;
    if (Array.isArray(rec.Events)) rec.Events.forEach((ev, at) => this.#count(ev, at, t.length));
    else this.#count(rec, undefined, t.length);
  }

  #count(ev: unknown, at: number | undefined, chars: number): void {
    if (typeof ev !== 'object' || ev === null) return;
    const rec = ev as Record<string, unknown>;
    const topic = rec.Topic;
    if (typeof topic !== 'string') return;
    this.counts[topic] = (this.counts[topic] ?? 0) + 1;
    this.#visit?.(rec, this.#line, at, chars);
  }
}
