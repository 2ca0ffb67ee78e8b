// URL-encoded text (query strings, form bodies in logs): decoded with a map back to the raw
// offsets, so a secret found in the decoded text is cut out of the raw text, escapes and all.

const ESCAPE = /%[0-9A-Fa-f]{2}/;

export function hasPercentEscapes(text: string): boolean {
  return ESCAPE.test(text);
}

export interface Decoded {
  text: string;
  /** rawAt[i] is where decoded character i starts in the raw text; rawAt[text.length] is the raw length. */
  rawAt: number[];
}

const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/** Decodes %XX escapes of ASCII characters; anything else is kept as it is. */
export function percentDecode(raw: string): Decoded {
  let text = '';
  const rawAt: number[] = [];
  for (let i = 0; i < raw.length; ) {
    rawAt.push(i);
    if (raw.charCodeAt(i) === 37 && i + 2 < raw.length) {
      const hi = hex(raw.charCodeAt(i + 1));
      const lo = hex(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0 && hi < 8) {
        text += String.fromCharCode(hi * 16 + lo);
        i += 3;
        continue;
      }
    }
    text += raw[i];
    i += 1;
  }
  rawAt.push(raw.length);
  return { text, rawAt };
}
