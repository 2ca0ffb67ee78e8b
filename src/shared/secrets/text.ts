// Free text (a log line, an error message, a template, one JSON string): find the secrets, or cut
// them out. Detection and redaction are one scan, so what the collector leaves, the analyzer
// finds nothing in.
import { contextSpans } from './contexts.ts';
import { extraPatternSpans, type ExtraRules } from './extra.ts';
import { REDACTED } from './markers.ts';
import { opensPemBlock, pemSpans } from './pem.ts';
import { hasPercentEscapes, percentDecode } from './percent.ts';
import { mergeSpans, type Span } from './span.ts';
import { valueSpans } from './values.ts';

export interface RuleHit {
  rule: string;
}

export interface SecretHit extends RuleHit {
  /** A hint to recognise the value by ("hvs…"), never enough to use it. */
  masked: string;
  /** The name the text gave the value (`auth=...`), when a context rule found it. */
  name?: string;
}

export interface TextRedactOptions {
  /** Known secrets (the tokens the collector sends, their base64 forms): removed verbatim wherever they appear. */
  tokens?: readonly string[];
  /** The user's own rules (redact -rules), on top of the built-in ones. */
  extra?: ExtraRules;
}

function rawSpans(text: string, out: Span[], extra: ExtraRules | undefined): void {
  valueSpans(text, out);
  pemSpans(text, out);
  contextSpans(text, out, extra);
  extraPatternSpans(text, extra, out);
}

/** Where the secrets are in `text`, URL-encoded ones included; merged and sorted. */
export function secretSpans(text: string, extra?: ExtraRules): Span[] {
  // a user's pattern may match a shorter value than any built-in rule
  if (text.length < 8 && !extra?.patterns.length) return [];
  const spans: Span[] = [];
  rawSpans(text, spans, extra);
  if (hasPercentEscapes(text)) {
    const decoded = percentDecode(text);
    const found: Span[] = [];
    rawSpans(decoded.text, found, extra);
      for (const s of found) spans.push({ ...s, start: decoded.rawAt[s.start]!, end: decoded.rawAt[s.end]! });
  }
  return mergeSpans(spans);
}

/** "hvs…" for long values, "…" for short ones. */
export function mask(value: string): string {
  const v = value.trim();
  return v.length >= 12 ? `${v.slice(0, 3)}…` : '…';
}

export function findSecretsInText(text: string): SecretHit[] {
  return secretSpans(text).map((s) => ({ rule: s.rule, masked: mask(text.slice(s.start, s.end)), ...(s.name ? { name: s.name } : {}) }));
}

/** Replaces `spans` (sorted, disjoint) by the marker. */
export function cutSpans(text: string, spans: readonly Span[]): string {
  let out = '';
  let from = 0;
  for (const s of spans) {
    out += text.slice(from, s.start) + REDACTED;
    from = s.end;
  }
  return out + text.slice(from);
}

/** Removes every occurrence of the known secrets (the tokens in use); rule "acl-token". Ones under 4 characters are ignored: they would cut ordinary words. */
export function removeVerbatim(text: string, tokens: readonly string[] | undefined, hits: RuleHit[]): string {
  let out = text;
  for (const token of tokens ?? []) {
    if (token.length < 4 || !out.includes(token)) continue;
    hits.push({ rule: 'acl-token' });
    out = out.split(token).join(REDACTED);
  }
  return out;
}

export function redactText(text: string, opts: TextRedactOptions = {}): { text: string; hits: RuleHit[] } {
  const hits: RuleHit[] = [];
  const clean = removeVerbatim(text, opts.tokens, hits);
  const spans = secretSpans(clean, opts.extra);
  for (const s of spans) hits.push({ rule: s.rule });
  return { text: spans.length === 0 ? clean : cutSpans(clean, spans), hits };
}

/**
 * The lines of one text, one at a time, as they stream past: as redactText, and the body of a
 * private key whose BEGIN line came earlier (a key logged over several lines) is cut up to its
 * END line, also when the key spans the chunks the text arrives in.
 */
export class LineRedactor {
  readonly #opts: TextRedactOptions;
  #inKey = false;

  constructor(opts: TextRedactOptions = {}) {
    this.#opts = opts;
  }

  /** The line redacted, and the rules that cut something in it. */
  line(text: string): { text: string; rules: string[] } {
    const rules: string[] = [];
    let line = text;
    if (this.#inKey) {
      const end = line.indexOf('-----END ');
      const close = end < 0 ? -1 : line.indexOf('-----', end + 9);
      rules.push('private-key');
      if (close < 0) return { text: REDACTED, rules };
      this.#inKey = false;
      line = REDACTED + line.slice(close + 5);
    }
    const r = redactText(line, this.#opts);
    for (const h of r.hits) rules.push(h.rule);
    if (opensPemBlock(line)) this.#inKey = true;
    return { text: r.text, rules };
  }
}

/** Lines of one text, redacted by one LineRedactor. */
export function redactLines(lines: readonly string[], opts: TextRedactOptions = {}): { lines: string[]; hits: { index: number; rule: string }[] } {
  const hits: { index: number; rule: string }[] = [];
  const redactor = new LineRedactor(opts);
  const out = lines.map((line, index) => {
    const r = redactor.line(line);
    for (const rule of r.rules) hits.push({ index, rule });
    return r.text;
  });
  return { lines: out, hits };
}
