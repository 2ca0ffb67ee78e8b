// hclog's two output formats, as Nomad agents write them (go-hclog intlogger.go):
// text  "<ts> [LEVEL] [dir/file.go:N:] module: message: k=v k2="v 2""
// JSON  {"@caller":..,"@level":..,"@message":..,"@module":..,"@timestamp":..,<fields>} (keys sorted)

export type SimLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type FieldValue = string | number | boolean;

export interface LogEntry {
  level: SimLogLevel;
  time: Date;
  module: string;
  message: string;
  fields: [string, FieldValue][];
  /** "dir/file.go:line", the last two path elements as hclog prints them in text. */
  location: string;
  /** Full caller path for JSON's @caller, e.g. "github.com/hashicorp/nomad/nomad/worker.go:412" (defaults to location). */
  caller?: string;
  /** Microseconds past time's millisecond (0-999), shown by the JSON format. */
  micros?: number;
  /** Written as text even when JSON is asked for (raft's snapshot store keeps its own text logger). */
  textOnly?: boolean;
}

const ORDER: Record<SimLogLevel, number> = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5 };
const BRACKET: Record<SimLogLevel, string> = { TRACE: '[TRACE]', DEBUG: '[DEBUG]', INFO: '[INFO] ', WARN: '[WARN] ', ERROR: '[ERROR]' };

export function levelAtLeast(l: SimLogLevel, min: SimLogLevel): boolean {
  return ORDER[l] >= ORDER[min];
}

/**
 * hclog.LevelFromString: trimmed, case-insensitive "trace" "debug" "info" "warn" "error".
 * hclog also knows "off" (Nomad then streams nothing); it has no SimLogLevel, so it is undefined here
 * like any unknown name ("err", "warning").
 */
export function parseLogLevel(s: string): SimLogLevel | undefined {
  switch (s.trim().toLowerCase()) {
    case 'trace': return 'TRACE';
    case 'debug': return 'DEBUG';
    case 'info': return 'INFO';
    case 'warn': return 'WARN';
    case 'error': return 'ERROR';
    default: return undefined;
  }
}

/** The last two elements of a path, as hclog's trimCallerPath. */
export function trimCallerPath(path: string): string {
  const last = path.lastIndexOf('/');
  if (last < 0) return path;
  const prev = path.lastIndexOf('/', last - 1);
  return prev < 0 ? path : path.slice(prev + 1);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go layout "2006-01-02T15:04:05.000Z0700" in UTC. */
export function textTimestamp(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

/** Go layout "2006-01-02T15:04:05.000000Z07:00" in UTC. */
export function jsonTimestamp(d: Date, micros = 0): string {
  const t = textTimestamp(d);
  return `${t.slice(0, -1)}${pad(Math.max(0, Math.min(999, Math.floor(micros))), 3)}Z`;
}

export function formatLine(e: LogEntry, opts: { json: boolean; includeLocation: boolean }): string {
  return opts.json && !e.textOnly ? formatJson(e, opts.includeLocation) : formatText(e, opts.includeLocation);
}

function formatText(e: LogEntry, includeLocation: boolean): string {
  let out = `${textTimestamp(e.time)} ${BRACKET[e.level]}`;
  if (includeLocation) out += ` ${e.location}:`;
  out += ' ';
  if (e.module) out += e.message ? `${e.module}: ${e.message}` : e.module;
  else out += e.message;
  if (e.fields.length === 0) return out;
  out += ':';
  for (const [key, value] of e.fields) {
    const raw = typeof value === 'string' && value === '';
    const val = raw ? '""' : String(value);
    if (val.includes('\n')) {
      // hclog prints multi-line values on their own "  | " lines.
      out += `\n  ${key}=\n` + val.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1).map((l) => `  | ${escapeForOutput(l, false)}\n`).join('') + '  ';
    } else if (!raw && needsQuoting(val)) {
      out += ` ${key}="${escapeForOutput(val, true)}"`;
    } else {
      out += ` ${key}=${val}`;
    }
  }
  return out;
}

/** hclog quotes a value unless every rune is in '-' (0x2D) .. '~' (0x7E). */
export function needsQuoting(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x2d || c > 0x7e) return true;
  }
  return false;
}

/** writeEscapedForOutput: escapes '"' (when quoting) and non-printable runes Go-style. */
function escapeForOutput(s: string, escapeQuotes: boolean): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (escapeQuotes && ch === '"') out += '\\"';
    else if (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0)) out += ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
}

function formatJson(e: LogEntry, includeLocation: boolean): string {
  const vals: Record<string, FieldValue> = {
    '@level': e.level.toLowerCase(),
    '@message': e.message,
    '@timestamp': jsonTimestamp(e.time, e.micros),
  };
  if (e.module) vals['@module'] = e.module;
  if (includeLocation) vals['@caller'] = e.caller ?? e.location;
  for (const [k, v] of e.fields) vals[k] = v;
  // encoding/json sorts map keys by bytes and escapes <, > and & for HTML.
  const keys = Object.keys(vals).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const body = keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(vals[k])}`).join(',');
  return `{${body}}`.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
