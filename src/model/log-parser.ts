// Incremental parser for Nomad agent logs (monitor.log): hclog text lines and hclog JSON
// lines, mixed in one file (reference/nomad-real-data.md §7). Feed chunks with push(),
// then end() gives the LogSummary. Holds only the counts and the capped WARN/ERROR entries.
import { StringDecoder } from 'node:string_decoder';
import type { LeadershipEvent, LogEntry, LogLevel, LogSummary } from './types.ts';

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
  /** A text line with a timestamp whose value was not computed (not asked for, or not valid). */
  timed?: true;
}

const LEVELS: Record<string, LogLevel> = {
  TRACE: 'TRACE', DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR', ERR: 'ERROR', WARNING: 'WARN',
};

// Timestamp and 7-wide level bracket at the start (the common case, kept cheap), or after a
// journald/syslog prefix.
const TS = String.raw`(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)`;
const LEVEL = String.raw`\[(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|ERR)\]`;
const TEXT_HEAD_PREFIXED = new RegExp(String.raw`^.*?\s${TS}\s+${LEVEL}\s?\s?`);
// Lines with a level but no timestamp, e.g. "[WARN] Monitor dropped 12 logs during monitor request".
const BARE_LEVEL_LINE = /^(?:.*?\s)??\[(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|ERR)\]\s+(.*)$/;
const LOCATION = /^(\S+\.go:\d+:)\s+/;
const MODULE = /^([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*): (.*)$/s;

/**
 * Parses one log line (text or JSON); undefined for lines of neither form. With `detail`
 * false for a level, only level and time are read (module and message left empty): most
 * lines are INFO/DEBUG and only counted.
 */
export function parseLogLine(
  raw: string,
  detail: (level: LogLevel) => boolean = () => true,
  needTs = true,
): ParsedLine | undefined {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const c0 = line.charCodeAt(0);
  // JSON lines start with "{", or carry a journald prefix (never starting with a digit).
  if (c0 === 123 /* { */ || (!(c0 >= 48 && c0 <= 57) && line.includes('{"@'))) {
    const brace = line.indexOf('{');
    if (line.trimEnd().endsWith('}') && /^(?:.*?\s)?\{"@/.test(line)) {
      const parsed = parseJsonLine(line.slice(brace));
      if (parsed) return parsed;
    }
  }
  const head = scanHead(line);
  if (head) {
    if (!detail(head.level)) {
      const out: ParsedLine = { level: head.level, module: '', message: '' };
      const ts = needTs ? scanTimestamp(line, head.timeStart) : undefined;
      if (ts !== undefined) out.ts = ts;
      else out.timed = true;
      return out;
    }
    return parseTextRest(head.level, line.slice(head.restStart), line.slice(head.timeStart, head.timeEnd));
  }
  const bare = BARE_LEVEL_LINE.exec(line);
  if (bare) return parseTextRest(LEVELS[bare[1]!]!, bare[2]!, undefined);
  return undefined;
}

interface Head {
  level: LogLevel;
  timeStart: number;
  timeEnd: number;
  restStart: number;
}

/** "<timestamp> [LEVEL]  " at the start (scanned by hand: it runs per line), or after a journald prefix. */
function scanHead(line: string): Head | undefined {
  const c0 = line.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    // Shape check only ("2023-02-17T06:31:28..."): the value is computed when needed.
    if (line.charCodeAt(4) !== 45 || line.charCodeAt(7) !== 45 || line.charCodeAt(13) !== 58 || line.charCodeAt(16) !== 58) return undefined;
    let timeEnd = 19;
    for (let c = line.charCodeAt(timeEnd); c === 46 || c === 43 || c === 45 || c === 58 || c === 90 || (c >= 48 && c <= 57); c = line.charCodeAt(++timeEnd));
    let i = timeEnd;
    while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    if (i === timeEnd || line.charCodeAt(i) !== 91 /* [ */) return undefined;
    const close = line.indexOf(']', i);
    if (close < 0 || close - i > 8) return undefined;
    const level = LEVELS[line.slice(i + 1, close)];
    if (!level) return undefined;
    let rest = close + 1;
    if (line.charCodeAt(rest) === 32) rest++;
    if (line.charCodeAt(rest) === 32) rest++;
    return { level, timeStart: 0, timeEnd, restStart: rest };
  }
  const m = TEXT_HEAD_PREFIXED.exec(line);
  if (!m) return undefined;
  const timeStart = line.lastIndexOf(m[1]!, m[0].length);
  return {
    level: LEVELS[m[2]!]!,
    timeStart,
    timeEnd: timeStart + m[1]!.length,
    restStart: m[0].length,
  };
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
    else out.timed = true;
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

/** The extra keys as JSON; a value nested too deep to write back (JSON.stringify recurses) is shown as the line itself. */
function fieldsText(extra: Record<string, unknown>, line: string): string {
  try {
    return JSON.stringify(extra);
  } catch {
    return line;
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
  if (Object.keys(extra).length > 0) out.fields = clip(fieldsText(extra, text));
  if (typeof rec['@timestamp'] === 'string') {
    out.time = rec['@timestamp'];
    const ts = parseTimestamp(rec['@timestamp']);
    if (ts !== undefined) out.ts = ts;
  }
  return out;
}

/** hclog timestamps: "2023-02-17T06:31:28.513-0500", "...145421+01:00", "...Z". Milliseconds or undefined. */
export function parseTimestamp(text: string): number | undefined {
  return scanTimestamp(text, 0, true);
}

/**
 * Reads a timestamp at `i` without regexes (it runs once per log line): epoch ms, or
 * undefined; with `whole`, undefined too unless the timestamp ends the text.
 */
function scanTimestamp(s: string, i: number, whole = false): number | undefined {
  const year = num(s, i, 4);
  if (year < 0 || s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) return undefined;
  const month = num(s, i + 5, 2);
  const day = num(s, i + 8, 2);
  const sep = s.charCodeAt(i + 10);
  if ((sep !== 84 /* T */ && sep !== 32) || s.charCodeAt(i + 13) !== 58 || s.charCodeAt(i + 16) !== 58) return undefined;
  const hour = num(s, i + 11, 2);
  const minute = num(s, i + 14, 2);
  const second = num(s, i + 17, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return undefined;
  }
  let j = i + 19;
  let ms = 0;
  if (s.charCodeAt(j) === 46 /* . */) {
    j++;
    let digits = 0;
    for (let c = s.charCodeAt(j) - 48; c >= 0 && c <= 9; c = s.charCodeAt(j) - 48) {
      if (digits < 3) ms = ms * 10 + c;
      digits++;
      j++;
    }
    if (digits === 0) return undefined;
    for (let d = digits; d < 3; d++) ms *= 10;
  }
  let offsetMin = 0;
  const z = s.charCodeAt(j);
  if (z === 90 /* Z */) j++;
  else if (z === 43 || z === 45) {
    const oh = num(s, j + 1, 2);
    const colon = s.charCodeAt(j + 3) === 58 ? 1 : 0;
    const om = num(s, j + 3 + colon, 2);
    if (oh < 0 || om < 0) return undefined;
    offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
    j += 5 + colon;
  }
  if (whole && j !== s.length) return undefined;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMin) * 60_000 + second * 1000 + ms;
}

function num(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** A copy not tied to the big chunk string it was sliced from (V8 sliced strings keep the parent alive). */
function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
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
  #leadership: LeadershipEvent[] = [];
  #capped = false;
  #last: LogEntry | undefined;
  #streamError: string | undefined;
  #firstTs: number | undefined;
  #lastTs: number | undefined;
  /** The last timestamped line when its time was not computed yet (done once, in end()). */
  #lastTimedLine: string | undefined;
  /** Module names repeat on every line: one copy of each (at most MAX_MODULES, then start over). */
  readonly #modules = new Map<string, string>();

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
    if (this.#lastTimedLine !== undefined) {
      const ts = parseLogLine(this.#lastTimedLine, () => false, true)?.ts;
      if (ts !== undefined) this.#lastTs = ts;
      this.#lastTimedLine = undefined;
    }
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
    if (this.#leadership.length > 0) summary.leadership = this.#leadership;
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
    if (line.startsWith('monitor: ')) {
      this.#streamError = line.slice('monitor: '.length).trimEnd();
      this.#unparsed++;
      this.#last = undefined;
      return;
    }
    const parsed = parseLogLine(line, wantsDetail, this.#firstTs === undefined);
    if (!parsed) {
      if (line.trim() !== '') this.#unparsed++;
      this.#last = undefined;
      return;
    }
    this.#counts[parsed.level]++;
    // First and last timestamps in file order (logs are written in time order).
    if (parsed.ts !== undefined) {
      this.#firstTs ??= parsed.ts;
      this.#lastTs = parsed.ts;
      this.#lastTimedLine = undefined;
    } else if (parsed.timed) {
      this.#lastTimedLine = line;
    }
    this.#last = undefined;
    if (parsed.level === 'INFO') {
      this.#leadershipLine(line, parsed.ts);
      return;
    }
    if (parsed.level !== 'WARN' && parsed.level !== 'ERROR') return;
    if (this.#entries.length >= this.#cap) {
      this.#capped = true;
      return;
    }
    const entry: LogEntry = { line: this.#lines, level: parsed.level, module: this.#intern(parsed.module), message: detach(parsed.message) };
    if (parsed.time !== undefined) entry.time = detach(parsed.time);
    if (parsed.ts !== undefined) entry.ts = parsed.ts;
    if (parsed.fields !== undefined) entry.fields = detach(parsed.fields);
    this.#entries.push(entry);
    this.#last = entry;
  }

  #intern(name: string): string {
    let v = this.#modules.get(name);
    if (v === undefined) {
      if (this.#modules.size > MAX_MODULES) this.#modules.clear();
      v = detach(name);
      this.#modules.set(v, v);
    }
    return v;
  }

  /** nomad/leader.go monitorLeadership's INFO lines; a substring test first keeps INFO lines cheap. */
  #leadershipLine(line: string, ts: number | undefined): void {
    if (!line.includes('cluster leadership ') || this.#leadership.length >= MAX_LEADERSHIP_EVENTS) return;
    const event = /cluster leadership (acquired|lost)/.exec(line)?.[1] as LeadershipEvent['event'] | undefined;
    if (!event) return;
    const e: LeadershipEvent = { line: this.#lines, event };
    const at = ts ?? parseLogLine(line, () => false, true)?.ts; // INFO lines skip their time unless asked
    if (at !== undefined) e.ts = at;
    this.#leadership.push(e);
  }
}

const wantsDetail = (level: LogLevel) => level === 'WARN' || level === 'ERROR';

const MAX_MODULES = 10_000;

/** Leadership changes kept per log: enough to count churn, bounded whatever the file holds. */
export const MAX_LEADERSHIP_EVENTS = 1000;

/** Parses a whole log text at once (tests, small files). */
export function parseLog(text: string, file: string, entryCap?: number): LogSummary {
  const parser = new LogParser(file, entryCap);
  parser.push(text);
  return parser.end();
}
