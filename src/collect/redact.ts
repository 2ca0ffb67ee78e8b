// Redaction before anything touches disk: JSON documents (walked field by field) and log text
// (line by line), with the rules the analyzer detects with (src/shared/secrets). Pure: returns
// the cleaned value and where/which rule, never the secret.
import { cutSpans, isNomadMarker, REDACTED, judgeField, LineRedactor, redactText, removeVerbatim, walkJsonStrings, type ExtraRules, type RuleHit } from '../shared/secrets/index.ts';
import { matchJsonPath, type JsonPathRule } from './json-paths.ts';

export interface RedactOptions {
  enabled: boolean;
  /** Every secret the run sends (knownSecrets): removed verbatim wherever one shows up, in any file. */
  tokens?: readonly string[];
  /** A user's own names and value patterns (redact -rules), on top of the built-in rules. */
  extra?: ExtraRules;
  /** A user's JSON paths: every string at or below one is a secret. */
  paths?: readonly JsonPathRule[];
}

/**
 * The forms a secret the run holds can come back in: as given, its base64 (an echoed basic-auth
 * header, a config blob), and for "user:password" the password alone. Padding is left off the
 * base64 form so it matches inside a longer base64 text too. Ones under 4 characters are dropped.
 */
export function knownSecrets(values: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (!v || v.length < 4) continue;
    const forms = [v];
    const colon = v.indexOf(':');
    if (colon > 0 && v.length - colon > 4) forms.push(v.slice(colon + 1));
    for (const f of forms) {
      out.add(f);
      out.add(Buffer.from(f).toString('base64').replace(/=+$/, ''));
    }
  }
  // longest first: a form that contains another is cut whole
  return [...out].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

export interface FieldRedaction {
  field: string;
  rule: string;
}

export interface Redacted<T> {
  value: T;
  redactions: FieldRedaction[];
}

/**
 * Redacts a parsed JSON value in place and returns it. The value must be the caller's own (fresh
 * from JSON.parse, say): copying every document of a 500-node cluster made most of the
 * collector's garbage. Field paths are only spelled out for the fields that are redacted.
 * Nomad's own markers are recorded (rule "nomad") even with redaction off.
 */
export function redactJson(value: unknown, opts: RedactOptions): Redacted<unknown> {
  const redactions: FieldRedaction[] = [];
  // Keys first: a secret used as a key (meta maps, labels) must not land, nor reach the audit's field paths.
  if (opts.enabled) redactKeys(value, opts, redactions);
  const out = walkJsonStrings(value, (v, at) => {
    if (!opts.enabled) {
      if (isNomadMarker(v)) redactions.push({ field: at.path(), rule: 'nomad' });
      return undefined;
    }
    const hits: RuleHit[] = [];
    const byPath = opts.paths?.length ? matchJsonPath(opts.paths, at.keys()) : undefined;
    if (byPath && v !== '' && !isNomadMarker(v)) {
      redactions.push({ field: at.path(), rule: byPath });
      return REDACTED;
    }
    const text = removeVerbatim(v, opts.tokens, hits);
    const verdict = judgeField(at.name, at.context, text, opts.extra);
    if (verdict.kind === 'nomad' && hits.length === 0) {
      redactions.push({ field: at.path(), rule: 'nomad' });
      return undefined;
    }
    if (verdict.kind === 'secret') hits.push(...verdict.spans);
    if (hits.length === 0) return undefined;
    const field = at.path();
    for (const h of hits) redactions.push({ field, rule: h.rule });
    return verdict.kind === 'secret' ? cutSpans(text, verdict.spans) : text;
  });
  return { value: out, redactions };
}

/**
 * Renames object keys that hold a secret (the ACL token, a token format, `name=value` with a
 * secret name) to their redacted text. Iterative: documents can be nested deep.
 */
function redactKeys(root: unknown, opts: RedactOptions, redactions: FieldRedaction[]): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    const obj = node as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const child = obj[key];
      if (child !== null && typeof child === 'object') stack.push(child);
      const r = redactText(key, { tokens: opts.tokens, extra: opts.extra });
      if (r.hits.length === 0 || r.text === key) continue;
      let renamed = r.text;
      for (let n = 2; Object.hasOwn(obj, renamed); n++) renamed = `${r.text}-${n}`;
      Object.defineProperty(obj, renamed, { value: child, writable: true, enumerable: true, configurable: true });
      delete obj[key];
      for (const h of r.hits) redactions.push({ field: `key ${renamed}`, rule: h.rule });
    }
  }
}

/**
 * Redacts log text. `firstLine` numbers the lines (1-based) across chunks of one stream.
 * Text must hold whole lines (the caller splits the stream).
 */
export function redactLogLines(lines: string[], firstLine: number, opts: RedactOptions): Redacted<string[]> {
  return new LogRedactor(opts, firstLine).lines(lines);
}

/**
 * Redacts one log stream chunk by chunk (whole lines each time): lines are numbered (1-based)
 * across the chunks, and a private key logged over several lines is cut also when it spans them.
 */
export class LogRedactor {
  readonly #opts: RedactOptions;
  readonly #lines: LineRedactor;
  #next: number;

  constructor(opts: RedactOptions, firstLine = 1) {
    this.#opts = opts;
    this.#lines = new LineRedactor({ tokens: opts.tokens, extra: opts.extra });
    this.#next = firstLine;
  }

  lines(list: string[]): Redacted<string[]> {
    const first = this.#next;
    this.#next += list.length;
    if (!this.#opts.enabled) return { value: list, redactions: [] };
    const redactions: FieldRedaction[] = [];
    const value = list.map((line, i) => {
      const r = this.#lines.line(line);
      for (const rule of r.rules) redactions.push({ field: `line ${first + i}`, rule });
      return r.text;
    });
    return { value, redactions };
  }
}

/** For raw text that is not a log (errors, unknown bodies): the token and the text rules. */
export function redactPlainText(text: string, opts: RedactOptions): Redacted<string> {
  if (!opts.enabled) return { value: text, redactions: [] };
  const r = redactText(text, { tokens: opts.tokens, extra: opts.extra });
  return { value: r.text, redactions: r.hits.map((h) => ({ field: 'text', rule: h.rule })) };
}

/**
 * Binary payloads (pprof): only the ACL token can be recognised, masked byte for byte as the
 * bytes stream past, holding back the few bytes a copy could start in.
 */
export class TokenMask {
  readonly #needles: Buffer[];
  readonly #keep: number;
  #tail: Buffer = Buffer.alloc(0);
  hits = 0;

  constructor(tokens: readonly string[] | undefined) {
    this.#needles = (tokens ?? []).filter((t) => t.length >= 4).map((t) => Buffer.from(t));
    this.#keep = Math.max(0, ...this.#needles.map((n) => n.length - 1));
  }

  /** The bytes that can be passed on; the last (longest token length - 1) wait for the next chunk. */
  push(chunk: Buffer): Buffer {
    if (this.#needles.length === 0) return chunk;
    const all = this.#tail.length > 0 ? Buffer.concat([this.#tail, chunk]) : Buffer.from(chunk);
    this.#mask(all);
    const keep = Math.min(all.length, this.#keep);
    this.#tail = Buffer.from(all.subarray(all.length - keep));
    return all.subarray(0, all.length - keep);
  }

  end(): Buffer {
    const rest = this.#tail;
    this.#tail = Buffer.alloc(0);
    return rest;
  }

  #mask(buf: Buffer): void {
    for (const needle of this.#needles) {
      for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + needle.length)) {
        buf.fill('x', at, at + needle.length);
        this.hits++;
      }
    }
  }
}
