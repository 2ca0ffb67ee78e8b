// A user's own rules (redact -rules FILE) on top of the built-in ones: more secret names, and
// value patterns. They widen what the built-in rules cut; they never narrow it.
import { normalizeName } from './names.ts';
import type { Span } from './span.ts';

export interface ExtraPattern {
  /** The name the report gives it ("user-pattern:customer-id"). */
  rule: string;
  /** Compiled with the g and d flags; group 1, when the pattern has one, is the secret, else the whole match. */
  re: RegExp;
}

export interface ExtraRules {
  /** Secret names in upper snake case (normalizeName), each with its rule name. */
  names: ReadonlyMap<string, string>;
  patterns: readonly ExtraPattern[];
}

/** The user rule that makes `name` secret, or undefined. */
export function extraNameRule(name: string, extra: ExtraRules | undefined): string | undefined {
  if (!extra || extra.names.size === 0 || name === '' || name.length > 200) return undefined;
  return extra.names.get(normalizeName(name));
}

/** Where the user's patterns match in `text`. Empty matches are skipped (and cannot loop). */
export function extraPatternSpans(text: string, extra: ExtraRules | undefined, out: Span[]): void {
  for (const p of extra?.patterns ?? []) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      if (m[0] === '') {
        p.re.lastIndex++;
        continue;
      }
      const at = m.indices?.[1] ?? m.indices![0]!;
      if (at[1] > at[0]) out.push({ start: at[0], end: at[1], rule: p.rule });
    }
  }
}
