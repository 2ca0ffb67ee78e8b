// One bundle entry re-redacted as it streams past (redact BUNDLE): JSON documents field by
// field, NDJSON and text line by line, profiles copied. Lines and documents nothing was cut from
// keep their exact bytes, so their sha256 still matches the manifest. Pure: chunks in, chunks out.
import { LineRedactor } from '../shared/secrets/index.ts';
import { redactJson, type FieldRedaction, type RedactOptions } from './redact.ts';

/** copy: pprof profiles and Go traces (binary; nothing in them our rules can find); document: a JSON file read whole; lines: streamed text. */
export type EntryTreatment = 'copy' | 'document' | 'lines';

/** `streamed`: the reader gives this entry the larger log cap (monitor logs, the event stream). */
export function entryTreatment(rel: string, streamed: boolean): EntryTreatment {
  if (rel.endsWith('.prof')) return 'copy';
  if (rel.endsWith('.json') && !streamed) return 'document';
  return 'lines';
}

/** A NUL byte near the start: not text (an unknown binary file is copied, and the report says so). */
export function looksBinary(head: Buffer): boolean {
  return head.subarray(0, 8192).includes(0);
}

/** One line is held at most this long; the rest of a longer one is dropped (a secret must not straddle two pieces). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const NL = Buffer.from('\n');

/** Cuts listed one by one for a file; past this, they are counted by rule (a log with a token on every line must not fill memory). */
export const CUTS_LISTED_PER_FILE = 1000;

/** A cut, or for the ones past the listed, how many more of a rule ("1500 more" in `field`). */
export type Cut = FieldRedaction & { count?: number };

/** The cuts of one file: the first CUTS_LISTED_PER_FILE where they were, the rest counted. */
export class CutList {
  readonly #listed: FieldRedaction[] = [];
  readonly #more = new Map<string, number>();

  push(cut: FieldRedaction): void {
    if (this.#listed.length < CUTS_LISTED_PER_FILE) this.#listed.push(cut);
    else this.#more.set(cut.rule, (this.#more.get(cut.rule) ?? 0) + 1);
  }

  list(): Cut[] {
    return [...this.#listed, ...[...this.#more].map(([rule, count]) => ({ field: `${count} more`, rule, count }))];
  }
}

/** What changed in a JSON value, without the markers Nomad (or we) had put there before. */
function cuts(redactions: FieldRedaction[]): FieldRedaction[] {
  return redactions.filter((r) => r.rule !== 'nomad');
}

/**
 * A JSON value redacted and written back, or undefined when nothing was cut or it cannot be
 * written back (nested deeper than JSON.stringify recurses): the caller then treats it as text.
 */
function redactJsonText(text: string, opts: RedactOptions, indent: number | undefined): { text: string; redactions: FieldRedaction[] } | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const red = redactJson(doc, opts);
  const made = cuts(red.redactions);
  if (made.length === 0) return { text, redactions: [] };
  try {
    return { text: JSON.stringify(red.value, null, indent), redactions: made };
  } catch {
    return undefined;
  }
}

/** Text split into lines at the byte level, each redacted on its own (JSON lines by structure). */
export class LinesRedactor {
  readonly #opts: RedactOptions;
  readonly #text: LineRedactor;
  readonly #maxLine: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Inside a line already cut: its rest is dropped up to the next newline. */
  #skipping = false;
  #lineNo = 0;
  readonly #cuts = new CutList();

  constructor(opts: RedactOptions, maxLine = MAX_LINE_BYTES) {
    this.#opts = opts;
    this.#text = new LineRedactor({ tokens: opts.tokens, extra: opts.extra });
    this.#maxLine = maxLine;
  }

  /** What was cut so far. */
  get redactions(): Cut[] {
    return this.#cuts.list();
  }

  /** The output for the whole lines `chunk` completes. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      const piece = chunk.subarray(from, nl);
      from = nl + 1;
      if (this.#skipping) {
        this.#skipping = false;
        this.#pending = [];
        this.#pendingBytes = 0;
        continue;
      }
      const line = this.#pending.length > 0 ? Buffer.concat([...this.#pending, piece]) : piece;
      this.#pending = [];
      this.#pendingBytes = 0;
      out.push(this.#line(line), NL);
    }
    if (from < chunk.length && !this.#skipping) {
      // a copy: the reader may reuse its buffer for the next chunk
      this.#pending.push(Buffer.from(chunk.subarray(from)));
      this.#pendingBytes += chunk.length - from;
      if (this.#pendingBytes > this.#maxLine) {
        out.push(this.#cut(), NL);
        this.#skipping = true;
      }
    }
    return out;
  }

  /** The output for an unfinished last line, if any (written without a newline, as it came). */
  end(): Buffer[] {
    if (this.#skipping || this.#pending.length === 0) return [];
    const line = Buffer.concat(this.#pending);
    this.#pending = [];
    return [this.#line(line)];
  }

  #cut(): Buffer {
    const line = ++this.#lineNo;
    const head = Buffer.concat(this.#pending).subarray(0, this.#maxLine).toString('utf8');
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#cuts.push({ field: `line ${line}`, rule: 'line-cut' });
    const r = this.#text.line(head);
    for (const rule of r.rules) this.#cuts.push({ field: `line ${line}`, rule });
    return Buffer.from(`${r.text} [nomad-debug: line cut, over ${this.#maxLine} bytes]`);
  }

  #line(bytes: Buffer): Buffer {
    const line = ++this.#lineNo;
    if (bytes.length === 0) return bytes;
    const text = bytes.toString('utf8');
    const first = text.trimStart()[0];
    if (first === '{' || first === '[') {
      const json = redactJsonText(text, this.#opts, undefined);
      if (json) {
        if (json.redactions.length === 0) return bytes;
        for (const r of json.redactions) this.#cuts.push({ field: `line ${line}: ${r.field}`, rule: r.rule });
        return Buffer.from(json.text);
      }
    }
    const r = this.#text.line(text);
    if (r.rules.length === 0) return bytes;
    for (const rule of r.rules) this.#cuts.push({ field: `line ${line}`, rule });
    return Buffer.from(r.text);
  }
}

/**
 * A JSON file read whole: redacted by structure and written back in the layout it came in
 * (indented or compact, with its final newline); a file that is not one JSON value (NDJSON, or
 * text) goes line by line. Unchanged files come back as the same bytes.
 */
export function redactDocument(bytes: Buffer, opts: RedactOptions): { bytes: Buffer; redactions: Cut[] } {
  const text = bytes.toString('utf8');
  const body = text.trimEnd();
  const indented = /^[[{]\s*\n/.test(body);
  const json = redactJsonText(text, opts, indented ? 2 : undefined);
  if (json) {
    if (json.redactions.length === 0) return { bytes, redactions: [] };
    return { bytes: Buffer.from(json.text + text.slice(body.length)), redactions: json.redactions };
  }
  const lines = new LinesRedactor(opts);
  const out = [...lines.push(bytes), ...lines.end()];
  const redactions = lines.redactions;
  return { bytes: redactions.length === 0 ? bytes : Buffer.concat(out), redactions };
}
