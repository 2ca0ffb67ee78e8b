// URL-encoded text (query strings, form bodies in logs): decoded with a map back to the raw
// offsets, so a secret found in the decoded text is cut out of the raw text, escapes and all.

const ESCAPE = /%[0-9A-Fa-f]{2}/;

export function hasPercentEscapes(text: string): boolean {
  return ESCAPE.test(text);
}

export interface Decoded {
  text: string;
  /** rawAt[i] is where decoded character i starts in the raw text; rawAt[text.length] is the raw length. */
  rawAt: Uint32Array;
}

const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/** Characters turned into a string at once (String.fromCharCode takes its arguments on the stack). */
const CHUNK = 8192;

/**
 * Decodes %XX escapes of ASCII characters; anything else is kept as it is. Typed arrays, not a
 * string built a character at a time and an array of numbers: a 60 MB string of escapes took the
 * collector past 1.4 GB.
 */
export function percentDecode(raw: string): Decoded {
  const codes = new Uint16Array(raw.length);
  const rawAt = new Uint32Array(raw.length + 1);
  let n = 0;
  for (let i = 0; i < raw.length; ) {
    rawAt[n] = i;
    if (raw.charCodeAt(i) === 37 && i + 2 < raw.length) {
      const hi = hex(raw.charCodeAt(i + 1));
      const lo = hex(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0 && hi < 8) {
        codes[n++] = hi * 16 + lo;
        i += 3;
        continue;
      }
    }
    codes[n++] = raw.charCodeAt(i);
    i += 1;
  }
  rawAt[n] = raw.length;
  const parts: string[] = [];
  for (let at = 0; at < n; at += CHUNK) parts.push(String.fromCharCode(...codes.subarray(at, Math.min(n, at + CHUNK))));
  return { text: parts.join(''), rawAt: rawAt.subarray(0, n + 1) };
}
