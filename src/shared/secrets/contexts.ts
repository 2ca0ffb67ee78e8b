// Secrets named by their context in free text: `name=value`, `name: value`, `"name":"value"`
// (also backslash-escaped, as JSON inside a log line), `--flag=value`, `--flag value`, and HTTP
// header lines (`X-Vault-Token: ...`). The name decides, with the same rule as for JSON keys.
import { extraNameRule, type ExtraRules } from './extra.ts';
import { isHarmlessValue } from './harmless.ts';
import { isRedactedValue } from './markers.ts';
import { secretNameRule } from './names.ts';
import type { Span } from './span.ts';

// Group 1: optional opening quote of the name (", ', \"); 2: name; 3: separator;
// 4: double-quoted value, 5: single-quoted value, 6: bare value.
const KEY_VALUE =
  /(?<![A-Za-z0-9_.])(\\?["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})\1(\s{0,4}[=:]\s{0,4})(?:\\?"((?:[^"\\\n]|\\[^"\n]){1,1024})|'([^'\n]{1,1024})|([^\s"',;&<>(){}[\]\\=:]{1,1024}))/gd;

/** A bare value stops at "=" and ":" so that `a=b=c` costs one pass; a secret one runs on to the next delimiter. */
const BARE_REST = /[^\s"',;&<>(){}[\]\\]{0,1024}/y;

// Group 1: flag name; 2: value (not another flag).
const FLAG_VALUE = /(?<![\w.-])--?([A-Za-z][A-Za-z0-9_.-]{0,80})[ \t]{1,4}["']?([^\s"'<>-][^\s"'<>]{0,1023})/gd;

// Go's header maps and JSON header lists: `X-Nomad-Token:[value]`, `"X-Nomad-Token":["value"]`.
// Group 1: name; 2: the first value in the list.
const LIST_VALUE = /(?<![A-Za-z0-9_.])\\?"?([A-Za-z_][A-Za-z0-9_.-]{0,80})\\?"?\s{0,4}:\s{0,4}\[\s{0,4}(?:\\?")?([^\s"\]\\,]{1,1024})/gd;

/** Auth schemes whose credential is the next word: `Authorization: Token abc`. */
const SCHEME_WORD = /^(?:token|digest|negotiate|apikey|key)$/i;

/** Cheap first test: a separator, or a dash that may start a flag. */
const ANY_CONTEXT = /[=:]|(?:^|\s)-/;

/** Values the context rules leave alone: markers, switches, paths, and auth schemes (the value rules take the credential after them). */
function skipValue(value: string): boolean {
  return isRedactedValue(value) || isHarmlessValue(value) || /^(?:bearer|basic)$/i.test(value);
}

/** HTTP header names ("X-Vault-Token"): what follows their colon is the header's value, never prose. */
const HEADER_NAME = /^[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)+$/;

/** After "name: " (a colon and a blank) a bare word is prose ("token: permission denied"), not a credential. */
function isProse(name: string, value: string, sep: string): boolean {
  return sep.includes(':') && /\s/.test(sep) && /^[A-Za-z]+[.,]?$/.test(value) && !HEADER_NAME.test(name) && !/authorization$/i.test(name);
}

/** The rule a secret name gives its value: the built-in one (`builtIn`), or the user's name rule; undefined when the name is not secret. */
function nameRule(name: string, builtIn: string, extra: ExtraRules | undefined): string | undefined {
  return secretNameRule(name, 'key') ? builtIn : extraNameRule(name, extra);
}

export function contextSpans(text: string, out: Span[], extra?: ExtraRules): void {
  if (!ANY_CONTEXT.test(text)) return;
  KEY_VALUE.lastIndex = 0;
  for (let m = KEY_VALUE.exec(text); m; m = KEY_VALUE.exec(text)) {
    const name = m[2]!;
    // Source locations ("acl_token.go:123:") are not names. Not a secret: scan the value
    // again, it may hold a pair of its own ("args=--token=x").
    const rule = /\.go$/i.test(name) ? undefined : nameRule(name, 'key-value', extra);
    if (!rule) {
      KEY_VALUE.lastIndex = m.indices![3]![1];
      continue;
    }
    const group = m[4] !== undefined ? 4 : m[5] !== undefined ? 5 : 6;
    let [start, end] = m.indices![group]!;
    if (group === 6) {
      BARE_REST.lastIndex = end;
      if (BARE_REST.test(text)) end = BARE_REST.lastIndex;
    }
    // `Authorization: Token abc`: the scheme word, then the credential
    if (group === 6 && SCHEME_WORD.test(text.slice(start, end)) && text[end] === ' ') {
      BARE_REST.lastIndex = end + 1;
      if (BARE_REST.test(text) && BARE_REST.lastIndex > end + 1) end = BARE_REST.lastIndex;
    }
    const value = text.slice(start, end);
    if (skipValue(value) || (group === 6 && isProse(name, value, m[3]!))) {
      KEY_VALUE.lastIndex = m.indices![3]![1];
      continue;
    }
    out.push({ start, end, rule, name });
    KEY_VALUE.lastIndex = end;
  }
  LIST_VALUE.lastIndex = 0;
  for (let m = LIST_VALUE.exec(text); m; m = LIST_VALUE.exec(text)) {
    const name = m[1]!;
    const rule = nameRule(name, 'key-value', extra);
    if (!rule || skipValue(m[2]!)) continue;
    const [start, end] = m.indices![2]!;
    out.push({ start, end, rule, name });
  }
  FLAG_VALUE.lastIndex = 0;
  for (let m = FLAG_VALUE.exec(text); m; m = FLAG_VALUE.exec(text)) {
    const value = m[2]!;
    const name = m[1]!;
    const rule = nameRule(name, 'flag-value', extra);
    if (!rule || skipValue(value)) continue;
    const [start, end] = m.indices![2]!;
    out.push({ start, end, rule, name });
  }
}
