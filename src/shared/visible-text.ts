// Text from a cluster or a bundle made safe to show: control characters (C0, DEL, C1), bidi
// overrides and zero-width characters become visible escapes (\x1b, \u202e), so a crafted name
// cannot clear a terminal, move its cursor, or reorder what a reader sees.

// C0 but tab, DEL, C1; bidi embeddings, overrides and isolates; zero-width and BOM; line and paragraph separators.
const HIDDEN = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]/g;

function escapeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

// The same, but line breaks and tabs stay: in HTML they are only white space.
const HIDDEN_IN_PAGE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]/g;
const HAS_HIDDEN_IN_PAGE = new RegExp(HIDDEN_IN_PAGE.source);

/** `text` with every hidden or terminal-controlling character shown as an escape. */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, escapeOne);
}

/** For a page: as visibleText, but line breaks and tabs are kept (multi-line text such as stacks reads as it was). */
export function visibleInPage(text: string): string {
  return HAS_HIDDEN_IN_PAGE.test(text) ? text.replace(HIDDEN_IN_PAGE, escapeOne) : text;
}
