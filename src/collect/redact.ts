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

/** Walks a parsed JSON value and returns a redacted copy. */
export function redactJson(value: unknown, opts: RedactOptions): Redacted<unknown> {
  const redactions: FieldRedaction[] = [];
  const walk = (v: unknown, field: string, envMap: boolean, key: string | undefined): unknown => {
    if (typeof v === 'string') {
      if (v === '') return v;
      if (NOMAD_REDACTED.has(v)) {
        redactions.push({ field, rule: 'nomad' });
        return v;
      }
      if (!opts.enabled) return v;
      const nameRule = key === undefined ? undefined : envMap ? envNameRule(key) : secretFieldRule(key);
      if (nameRule) {
        redactions.push({ field, rule: nameRule });
        return REDACTED;
      }
      const { text, hits } = redactInString(v, opts.token);
      for (const h of hits) redactions.push({ field, rule: h.rule });
      return text;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, joinField(field, i), false, undefined));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      const childEnv = key !== undefined && isEnvContainer(key);
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        out[k] = walk(child, joinField(field, k), childEnv, k);
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, '', false, undefined), redactions };
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
