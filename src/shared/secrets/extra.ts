// A user's own rules (redact -rules FILE) on top of the built-in ones: more secret names, and
// value patterns. They widen what the built-in rules cut; they never narrow it.
import { setFlagsFromString } from 'node:v8';
import { normalizeName } from './names.ts';
import type { Span } from './span.ts';

// A user's regex runs on every string of a hostile bundle: one like (a+)+$ backtracks for hours on
// a line of a's. With these V8 flags a regex that backtracks past V8's budget is re-run on its
// linear-time engine, and one that engine cannot run is refused when the rules are read. The
// linear engine takes only the g, m, s and y flags: no d (group positions are recovered from the
// match) and no i (ignoreCase is folded into the pattern). Set on the first user pattern only:
// a run without -rules keeps V8 as it is.
let linearFallback = false;
function allowLinearFallback(): void {
  if (linearFallback) return;
  setFlagsFromString('--enable-experimental-regexp-engine');
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  linearFallback = true;
}

export interface ExtraPattern {
  /** The name the report gives it ("user-pattern:customer-id"). */
  rule: string;
  /** Compiled by compileUserPattern (g flag); group 1, when the pattern has one, is the secret, else the whole match. */
  re: RegExp;
}

export interface ExtraRules {
  /** Secret names in upper snake case (normalizeName), each with its rule name. */
  names: ReadonlyMap<string, string>;
  patterns: readonly ExtraPattern[];
}

const isLetter = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);
const swap = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());

/** The escape at `source[i]` ("\\"), whole: \xHH, \uHHHH, \u{…}, \p{…}, \k<…>, \cX or one character. */
function escapeAt(source: string, i: number): string {
  const next = source[i + 1] ?? '';
  const braced = /^[uUpPk]$/.test(next) && /[{<]/.test(source[i + 2] ?? '') ? source.indexOf(source[i + 2] === '<' ? '>' : '}', i) : -1;
  if (braced > 0) return source.slice(i, braced + 1);
  if (next === 'x') return source.slice(i, i + 4);
  if (next === 'u') return source.slice(i, i + 6);
  if (next === 'c') return source.slice(i, i + 3);
  return source.slice(i, i + 2);
}

/** `source` matching ASCII letters in either case, without the i flag (which the linear engine lacks). */
export function foldAsciiCase(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '\\') {
      const e = escapeAt(source, i);
      out += e;
      i += e.length;
    } else if (!inClass && source.startsWith('(?<', i) && source[i + 3] !== '=' && source[i + 3] !== '!') {
      const end = source.indexOf('>', i);
      const name = end > 0 ? source.slice(i, end + 1) : source.slice(i);
      out += name; // a group's name is not a letter to match
      i += name.length;
    } else if (c === '[' && !inClass) {
      inClass = true;
      out += c;
      i++;
    } else if (c === ']' && inClass) {
      inClass = false;
      out += c;
      i++;
    } else if (inClass && isLetter(c) && source[i + 1] === '-' && isLetter(source[i + 2]) && (c === c.toLowerCase()) === (source[i + 2] === source[i + 2]!.toLowerCase())) {
      out += `${c}-${source[i + 2]}${swap(c)}-${swap(source[i + 2]!)}`;
      i += 3;
    } else if (isLetter(c)) {
      out += inClass ? c + swap(c) : `[${c}${swap(c)}]`;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * A user's pattern compiled to run in bounded time, or an Error naming why it cannot (a syntax
 * error; a back-reference, lookaround or count over 16, which the linear engine refuses).
 */
export function compileUserPattern(source: string, ignoreCase: boolean): RegExp | Error {
  allowLinearFallback();
  try {
    new RegExp(source, 'g');
  } catch (err) {
    return err as Error;
  }
  const folded = ignoreCase ? foldAsciiCase(source) : source;
  try {
    new RegExp(folded, 'l');
  } catch {
    return new Error('cannot run in bounded time: back-references, lookarounds and counts over 16 are refused ([0-9]{16}[0-9]{16}, not [0-9]{32})');
  }
  return new RegExp(folded, 'g');
}

/** The user rule that makes `name` secret, or undefined. */
export function extraNameRule(name: string, extra: ExtraRules | undefined): string | undefined {
  if (!extra || extra.names.size === 0 || name === '' || name.length > 200) return undefined;
  return extra.names.get(normalizeName(name));
}

/**
 * Where the user's patterns match in `text`. Empty matches are skipped (and cannot loop). Group 1
 * is found in its match by its text; when that text is there twice, the whole match is cut.
 */
export function extraPatternSpans(text: string, extra: ExtraRules | undefined, out: Span[]): void {
  for (const p of extra?.patterns ?? []) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      if (m[0] === '') {
        p.re.lastIndex++;
        continue;
      }
      const group = m[1];
      if (group === '') continue;
      const at = group === undefined ? -1 : m[0].indexOf(group);
      const exact = at >= 0 && at === m[0].lastIndexOf(group!);
      const start = m.index + (exact ? at : 0);
      out.push({ start, end: start + (exact ? group!.length : m[0].length), rule: p.rule });
    }
  }
}
