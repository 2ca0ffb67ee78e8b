// Secret-looking values: known token formats, found anywhere in a string. Every pattern starts
// with a look-behind, so it is only tried where a run of token characters begins, and every
// repetition is bounded: scanning is linear in the text, hostile input included.
import { isRedactedValue } from './markers.ts';
import type { Span } from './span.ts';

interface ValueRule {
  rule: string;
  re: RegExp;
  /** Extra test on the matched secret, for shapes that ordinary words can take. */
  accept?: (secret: string, match: string) => boolean;
}

const START = '(?<![\\w.-])';
const rx = (body: string, flags = 'gd') => new RegExp(START + body, flags);

const VALUE_RULES: ValueRule[] = [
  { rule: 'vault-token', re: rx('(hv[sbr]\\.[A-Za-z0-9_-]{20,1024})') },
  { rule: 'vault-token', re: rx('(s\\.[A-Za-z0-9]{24})(?![\\w.-])') },
  { rule: 'github-token', re: rx('(gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})') },
  { rule: 'aws-access-key-id', re: rx('((?:AKIA|ASIA|AROA|AIDA|AGPA|ANPA)[0-9A-Z]{16})(?![0-9A-Za-z])') },
  { rule: 'slack-token', re: rx('(xox[abposr]-[A-Za-z0-9-]{10,255})') },
  { rule: 'stripe-key', re: rx('((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,255})') },
  { rule: 'gitlab-token', re: rx('(glpat-[A-Za-z0-9_-]{20,255})') },
  { rule: 'jwt', re: rx('(eyJ[A-Za-z0-9_-]{5,4096}\\.eyJ[A-Za-z0-9_-]{5,4096}\\.[A-Za-z0-9_-]{0,4096})') },
  // scheme://user:password@host: the password only, so support still sees user and host.
  {
    rule: 'url-credentials',
    re: /(?<![\w+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s/:@"'<>\\]{0,256}:([^\s/@"'<>\\]{1,256})@/gd,
  },
  // "Bearer x" as a header writes it; lower-case "bearer tokens" in prose must have a digit or dot to count.
  { rule: 'bearer-token', re: rx('[Bb]earer\\s{1,4}([A-Za-z0-9._~+/-]{8,4096}={0,2})'), accept: (s, m) => m.startsWith('B') || /[\d.]/.test(s) },
  { rule: 'basic-auth', re: rx('[Bb]asic\\s{1,4}([A-Za-z0-9+/]{6,4096}={0,2})(?![\\w+/=])'), accept: isBasicCredential },
];

/** "Basic authentication" is prose; "Basic dXNlcjpwdw==" decodes to user:password. */
function isBasicCredential(b64: string): boolean {
  const decoded = Buffer.from(b64, 'base64').toString('latin1');
  return decoded.includes(':') && /^[\x20-\x7e]+$/.test(decoded);
}

/** Cheap first test: can any value rule match at all? Most strings fail it at once. */
const ANY_VALUE = /hv[sbr]\.|s\.[A-Za-z0-9]{24}|gh[pousr]_|github_pat_|A(?:KIA|SIA|ROA|IDA|GPA|NPA)|xox|_live_|_test_|glpat-|eyJ|:\/\/|earer|asic/;

export function valueSpans(text: string, out: Span[]): void {
  if (!ANY_VALUE.test(text)) return;
  for (const r of VALUE_RULES) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
      const secret = m[1]!;
      const [start, end] = m.indices![1]!;
      if (isRedactedValue(secret) || (r.accept && !r.accept(secret, m[0]))) continue;
      out.push({ start, end, rule: r.rule });
    }
  }
}

/** The token-format rule `value` matches anywhere in it, or undefined. */
export function secretValueRule(value: string): string | undefined {
  const spans: Span[] = [];
  valueSpans(value, spans);
  return spans[0]?.rule;
}
