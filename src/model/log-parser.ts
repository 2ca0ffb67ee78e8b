// Incremental parser for Nomad agent logs (monitor.log): hclog text lines and hclog JSON
// lines, mixed in one file (reference/nomad-real-data.md §7). Feed chunks with push(),
// then end() gives the LogSummary. Holds only the counts and the capped WARN/ERROR entries.
import { StringDecoder } from 'node:string_decoder';
import type { LogEntry, LogLevel, LogSummary } from './types.ts';

export const DEFAULT_ENTRY_CAP = 5000;
/** Longest line kept for parsing; the rest of a giant line is ignored (still counted in bytes). */
const MAX_LINE_CHARS = 64 * 1024;
/** Longest text kept in one entry's message or fields. */
const MAX_TEXT_CHARS = 4096;

export interface ParsedLine {
  level: LogLevel;
  time?: string;
  ts?: number;
  module: string;
  message: string;
  fields?: string;
}

const LEVELS: Record<string, LogLevel> = {
  TRACE: 'TRACE', DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR', ERR: 'ERROR', WARNING: 'WARN',
};

// Optional journald/syslog prefix (lazy), timestamp, 7-wide level bracket.
const TEXT_LINE =
  /^(?:.*?\s)??(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+\[(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|ERR)\]\s?\s?(.*)$/;
// Lines with a level but no timestamp, e.g. "[WARN] Monitor dropped 12 logs during monitor request".
const BARE_LEVEL_LINE = /^(?:.*?\s)??\[(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|ERR)\]\s+(.*)$/;
const LOCATION = /^(\S+\.go:\d+:)\s+/;
const MODULE = /^([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*): (.*)$/s;

/** Parses one log line (text or JSON); undefined for lines of neither form. */
export function parseLogLine(raw: string): ParsedLine | undefined {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const brace = line.indexOf('{');
  if (brace >= 0 && line.trimEnd().endsWith('}') && /^(?:.*?\s)?\{"@/.test(line)) {
    const parsed = parseJsonLine(line.slice(brace));
    if (parsed) return parsed;
  }
  const text = TEXT_LINE.exec(line);
  if (text) return parseTextRest(LEVELS[text[2]!]!, text[3]!, text[1]!);
  const bare = BARE_LEVEL_LINE.exec(line);
  if (bare) return parseTextRest(LEVELS[bare[1]!]!, bare[2]!, undefined);
  return undefined;
}

function parseTextRest(level: LogLevel, rest: string, time: string | undefined): ParsedLine {
  let body = rest;
  const loc = LOCATION.exec(body);
  if (loc) body = body.slice(loc[0].length);
  let module = '';
  const mod = MODULE.exec(body);
  if (mod) {
    module = mod[1]!;
    body = mod[2]!;
  }
  const { message, fields } = splitFields(body);
  const out: ParsedLine = { level, module, message: clip(message) };
  if (fields) out.fields = clip(fields);
  if (time !== undefined) {
    out.time = time;
    const ts = parseTimestamp(time);
    if (ts !== undefined) out.ts = ts;
  }
  return out;
}

/** "msg: a=1 b="x y"" → message "msg", fields "a=1 b=\"x y\"": the first ": " followed by a key=. */
function splitFields(body: string): { message: string; fields?: string } {
  let from = 0;
  for (;;) {
    const i = body.indexOf(': ', from);
    if (i < 0) return { message: body };
    const tail = body.slice(i + 2);
    // hclog values may be lists ("[a, b]") or quoted text, so only the first key is checked.
    if (/^[A-Za-z0-9_.\-@/]+=/.test(tail)) return { message: body.slice(0, i), fields: tail };
    from = i + 2;
  }
}

function parseJsonLine(text: string): ParsedLine | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  const levelText = typeof rec['@level'] === 'string' ? rec['@level'].toUpperCase() : '';
  const level = LEVELS[levelText];
  if (!level) return undefined;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!k.startsWith('@')) extra[k] = v;
  const out: ParsedLine = {
    level,
    module: typeof rec['@module'] === 'string' ? rec['@module'] : '',
    message: clip(typeof rec['@message'] === 'string' ? rec['@message'] : ''),
  };
  if (Object.keys(extra).length > 0) out.fields = clip(JSON.stringify(extra));
  if (typeof rec['@timestamp'] === 'string') {
    out.time = rec['@timestamp'];
    const ts = parseTimestamp(rec['@timestamp']);
    if (ts !== undefined) out.ts = ts;
  }
  return out;
}

/** hclog timestamps: "2023-02-17T06:31:28.513-0500", "...145421+01:00", "...Z". Milliseconds or undefined. */
export function parseTimestamp(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) return undefined;
  const frac = (m[3] ?? '').slice(0, 3).padEnd(3, '0');
  let zone = m[4] ?? 'Z';
  if (zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}.${frac}${zone}`);
  return Number.isFinite(ms) ? ms : undefined;
}

function clip(text: string): string {
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}…` : text;
}

/** Streaming log summariser: push() chunks in order, end() once. */
export class LogParser {
  readonly #file: string;
  readonly #cap: number;
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';
  #partialOverflow = false;
  #bytes = 0;
  #lines = 0;
  #unparsed = 0;
  #counts: Record<LogLevel, number> = { TRACE: 0, DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0 };
  #entries: LogEntry[] = [];
  #capped = false;
  #last: LogEntry | undefined;
  #streamError: string | undefined;
  #firstTs: number | undefined;
  #lastTs: number | undefined;

  constructor(file: string, entryCap: number = DEFAULT_ENTRY_CAP) {
    this.#file = file;
    this.#cap = entryCap;
  }

  push(chunk: Uint8Array | string): void {
    if (typeof chunk === 'string') {
      this.#bytes += Buffer.byteLength(chunk);
      this.#feed(chunk);
    } else {
      this.#bytes += chunk.length;
      this.#feed(this.#decoder.write(chunk as Buffer));
    }
  }

  end(): LogSummary {
    this.#feed(this.#decoder.end());
    if (this.#partial !== '' || this.#partialOverflow) this.#line(this.#partial);
    this.#partial = '';
    this.#partialOverflow = false;
    const summary: LogSummary = {
      file: this.#file,
      bytes: this.#bytes,
      lines: this.#lines,
      counts: this.#counts,
      unparsed: this.#unparsed,
      entries: this.#entries,
      capped: this.#capped,
    };
    if (this.#streamError !== undefined) summary.streamError = this.#streamError;
    if (this.#firstTs !== undefined) summary.firstTs = this.#firstTs;
    if (this.#lastTs !== undefined) summary.lastTs = this.#lastTs;
    return summary;
  }

  #feed(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = text.slice(start, nl);
      const line = this.#partial === '' ? piece : this.#partial + piece;
      this.#partial = '';
      this.#partialOverflow = false;
      this.#line(line);
      start = nl + 1;
    }
    const rest = text.slice(start);
    if (rest === '') return;
    // A giant line without newline: keep its beginning only, so memory stays bounded.
    if (this.#partial.length + rest.length > MAX_LINE_CHARS) {
      this.#partial = (this.#partial + rest).slice(0, MAX_LINE_CHARS);
      this.#partialOverflow = true;
    } else {
      this.#partial += rest;
    }
  }

  #line(raw: string): void {
    this.#lines++;
    const line = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
    if (line.startsWith('  | ') || line === '  |') {
      // hclog multi-line value: belongs to the previous entry.
      if (this.#last) this.#last.fields = clip(`${this.#last.fields ?? ''}\n${line.slice(4)}`);
      return;
    }
    const monitorError = /^monitor: (.*)$/.exec(line.trimEnd());
    if (monitorError) {
      this.#streamError = monitorError[1]!;
      this.#unparsed++;
      this.#last = undefined;
      return;
    }
    const parsed = parseLogLine(line);
    if (!parsed) {
      if (line.trim() !== '') this.#unparsed++;
      this.#last = undefined;
      return;
    }
    this.#counts[parsed.level]++;
    if (parsed.ts !== undefined) {
      if (this.#firstTs === undefined || parsed.ts < this.#firstTs) this.#firstTs = parsed.ts;
      if (this.#lastTs === undefined || parsed.ts > this.#lastTs) this.#lastTs = parsed.ts;
    }
    this.#last = undefined;
    if (parsed.level !== 'WARN' && parsed.level !== 'ERROR') return;
    if (this.#entries.length >= this.#cap) {
      this.#capped = true;
      return;
    }
    const entry: LogEntry = { line: this.#lines, ...parsed };
    this.#entries.push(entry);
    this.#last = entry;
  }
}

/** Parses a whole log text at once (tests, small files). */
export function parseLog(text: string, file: string, entryCap?: number): LogSummary {
  const parser = new LogParser(file, entryCap);
  parser.push(text);
  return parser.end();
}
