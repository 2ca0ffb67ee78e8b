// Small shape decoders for bundle files: each checks field types (not only the top level), keeps
// what fits, and says what did not, so the model is the one place bundle content is checked and
// the checks and the report can trust its types. Loops, not recursion, over what a file holds:
// a decoder descends only as deep as the shape it was written for.
import { parseDurationNs } from '../shared/duration.ts';

/** What did not fit, at a path inside the file ("Members[2].Name"). */
export interface Issue {
  at: string;
  problem: string;
}

/** The issues of one file: the first few kept, the rest counted (a bad array can hold millions). */
export class Issues {
  static readonly KEPT = 20;
  readonly list: Issue[] = [];
  count = 0;
  push(issue: Issue): void {
    if (++this.count <= Issues.KEPT) this.list.push(issue);
  }
}

/** Returns the value made to fit, or undefined when it cannot be used at all (and says why). */
export type Decoder<T> = (value: unknown, at: string, issues: Issues) => T | undefined;

/** "a string", "an array of 3", "null"…: what was found where something else was wanted. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  return `a ${typeof v}`;
}

function wrong<T>(issues: Issues, at: string, wanted: string, v: unknown): T | undefined {
  issues.push({ at, problem: `expected ${wanted}, found ${describe(v)}` });
  return undefined;
}

export const str: Decoder<string> = (v, at, issues) => (typeof v === 'string' ? v : wrong(issues, at, 'a string', v));

export const num: Decoder<number> = (v, at, issues) => (typeof v === 'number' && Number.isFinite(v) ? v : wrong(issues, at, 'a number', v));

export const bool: Decoder<boolean> = (v, at, issues) => (typeof v === 'boolean' ? v : wrong(issues, at, 'true or false', v));

/** A number, or a string Nomad writes for one (durations, stats): kept as it is. */
export const numOrStr: Decoder<number | string> = (v, at, issues) =>
  (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' ? v : wrong(issues, at, 'a number or a string', v);

/**
 * A Go time.Duration as nanoseconds. Nomad's api structs with a MarshalJSON write it as a duration
 * string ("12.5ms", api/operator_autopilot.go); plain structs, older captures and other tools
 * write integer nanoseconds. Both are read; anything else is an issue.
 */
export const goDurationNs: Decoder<number> = (v, at, issues) => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : wrong(issues, at, 'a duration', v);
  if (typeof v !== 'string') return wrong(issues, at, 'a duration (nanoseconds or a Go duration string)', v);
  try {
    return Number(parseDurationNs(v));
  } catch (err) {
    issues.push({ at, problem: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
};

/** Anything JSON: kept as it is, unchecked (readers of it must check what they use). */
export const anything: Decoder<unknown> = (v) => v;

export function nullable<T>(d: Decoder<T>): Decoder<T | null> {
  return (v, at, issues) => (v === null ? null : d(v, at, issues));
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An array whose items that do not fit are left out, each said once (up to a few). */
export function arrayOf<T>(item: Decoder<T>): Decoder<T[]> {
  return (v, at, issues) => {
    if (!Array.isArray(v)) return wrong(issues, at, 'an array', v);
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const d = item(v[i], `${at}[${i}]`, issues);
      if (d !== undefined) out.push(d);
    }
    return out;
  };
}

/** An object used as a map (environment, tags, meta): values that do not fit are left out. */
export function recordOf<T>(value: Decoder<T>): Decoder<Record<string, T>> {
  return (v, at, issues) => {
    if (!isPlainObject(v)) return wrong(issues, at, 'an object', v);
    const out: Record<string, T> = Object.create(null) as Record<string, T>;
    for (const k of Object.keys(v)) {
      const d = value(v[k], join(at, k), issues);
      if (d !== undefined) out[k] = d;
    }
    return out;
  };
}

export interface Field<T> {
  d: Decoder<T>;
  /** Without it (missing or not fitting) the whole object is left out. */
  required?: true;
}

type Shape = Record<string, Field<unknown>>;
type Decoded<S extends Shape> = { [K in keyof S]?: S[K] extends Field<infer T> ? T : never };

/**
 * An object with typed fields: a required field missing or of the wrong type leaves the object
 * out; an optional one of the wrong type is dropped. Fields the shape does not name are kept
 * as they are (typed unknown), so nothing a reader might show is lost.
 */
export function objectOf<S extends Shape>(shape: S, what = 'an object'): Decoder<Decoded<S> & Record<string, unknown>> {
  const keys = Object.keys(shape);
  return (v, at, issues) => {
    if (!isPlainObject(v)) return wrong(issues, at, what, v);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) if (!Object.hasOwn(shape, k)) setOwn(out, k, v[k]);
    for (const k of keys) {
      const field = shape[k]!;
      const raw = v[k];
      if (raw === undefined) {
        if (field.required) {
          issues.push({ at: join(at, k), problem: `missing: ${what} left out` });
          return undefined;
        }
        continue;
      }
      const d = field.d(raw, join(at, k), issues);
      if (d === undefined) {
        if (field.required) {
          issues.push({ at, problem: `${what} left out` });
          return undefined;
        }
        continue;
      }
      out[k] = d;
    }
    return out as Decoded<S> & Record<string, unknown>;
  };
}

export const req = <T>(d: Decoder<T>): Field<T> => ({ d, required: true });
export const opt = <T>(d: Decoder<T>): Field<T> => ({ d });

function join(at: string, key: string): string {
  const safe = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
  return at === '' ? safe : `${at}.${safe}`;
}

/** "__proto__" as an own data property, never the prototype. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** Issues said in one gap reason: the first few, then how many more. */
export function issuesText(issues: Issues, max = 5): string {
  const shown = issues.list.slice(0, max).map((i) => (i.at ? `${i.at}: ${i.problem}` : i.problem));
  return `${shown.join('; ')}${issues.count > max ? `; and ${issues.count - max} more` : ''}`;
}
