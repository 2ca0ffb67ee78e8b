// Redaction before anything touches disk: JSON documents (walked field by field) and log text
// (line by line). Pure: returns the cleaned value and where/which rule, never the secret.
import { REDACTED, envNameRule, isEnvContainer, redactInString, redactLogLine, secretFieldRule } from './redact-rules.ts';

export interface RedactOptions {
  enabled: boolean;
  /** The ACL token we send: removed verbatim wherever it shows up. */
  token?: string;
}

export interface FieldRedaction {
  field: string;
  rule: string;
}

export interface Redacted<T> {
  value: T;
  redactions: FieldRedaction[];
}

const NOMAD_REDACTED = new Set(['<redacted>', '[redacted]', '[REDACTED]']);

function joinField(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Sets an own data property, also for "__proto__" (which plain assignment would treat as the prototype). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Redacts a parsed JSON value in place and returns it. The value must be the caller's own (fresh
 * from JSON.parse, say): copying every document of a 500-node cluster made most of the
 * collector's garbage. Field paths are only spelled out for the fields that are redacted.
 */
export function redactJson(value: unknown, opts: RedactOptions): Redacted<unknown> {
  const redactions: FieldRedaction[] = [];
  const keys: (string | number)[] = [];
  const field = (): string => keys.reduce<string>((p, k) => joinField(p, k), '');
  const redactString = (v: string, envMap: boolean, key: string | undefined): string => {
    if (v === '') return v;
    if (NOMAD_REDACTED.has(v)) {
      redactions.push({ field: field(), rule: 'nomad' });
      return v;
    }
    if (!opts.enabled) return v;
    const nameRule = key === undefined ? undefined : envMap ? envNameRule(key) : secretFieldRule(key);
    if (nameRule) {
      redactions.push({ field: field(), rule: nameRule });
      return REDACTED;
    }
    const { text, hits } = redactInString(v, opts.token);
    if (hits.length > 0) {
      const at = field();
      for (const h of hits) redactions.push({ field: at, rule: h.rule });
    }
    return text;
  };
  const walk = (v: unknown, envMap: boolean, key: string | undefined): unknown => {
    if (typeof v === 'string') return redactString(v, envMap, key);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        keys.push(i);
        const child: unknown = v[i];
        const next = walk(child, false, undefined);
        if (next !== child) v[i] = next;
        keys.pop();
      }
      return v;
    }
    if (v !== null && typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      const childEnv = key !== undefined && isEnvContainer(key);
      for (const k in obj) {
        if (!Object.hasOwn(obj, k)) continue;
        keys.push(k);
        const child = obj[k];
        const next = walk(child, childEnv, k);
        if (next !== child) setOwn(obj, k, next);
        keys.pop();
      }
      return v;
    }
    return v;
  };
  return { value: walk(value, false, undefined), redactions };
}

/**
 * Redacts log text. `firstLine` numbers the lines (1-based) across chunks of one stream.
 * Text must hold whole lines (the caller splits the stream).
 */
export function redactLogLines(lines: string[], firstLine: number, opts: RedactOptions): Redacted<string[]> {
  const redactions: FieldRedaction[] = [];
  const out = lines.map((line, i) => {
    if (!opts.enabled) return line;
    const { text, hits } = redactLogLine(line, opts.token);
    for (const h of hits) redactions.push({ field: `line ${firstLine + i}`, rule: h.rule });
    return text;
  });
  return { value: out, redactions };
}

/** For raw text that is not a log (errors, unknown bodies): the token and string rules. */
export function redactPlainText(text: string, opts: RedactOptions): Redacted<string> {
  if (!opts.enabled) return { value: text, redactions: [] };
  const { text: out, hits } = redactInString(text, opts.token);
  return { value: out, redactions: hits.map((h) => ({ field: 'text', rule: h.rule })) };
}

/** Binary payloads (pprof): only the ACL token can be recognised; replace it byte for byte. */
export function redactTokenInBytes(data: Buffer, opts: RedactOptions): Redacted<Buffer> {
  const token = opts.token;
  if (!opts.enabled || !token || token.length < 4) return { value: data, redactions: [] };
  const needle = Buffer.from(token);
  if (data.indexOf(needle) < 0) return { value: data, redactions: [] };
  const mask = Buffer.alloc(needle.length, 'x');
  const copy = Buffer.from(data);
  for (let at = copy.indexOf(needle); at >= 0; at = copy.indexOf(needle, at + needle.length)) mask.copy(copy, at);
  return { value: copy, redactions: [{ field: 'bytes', rule: 'acl-token' }] };
}
