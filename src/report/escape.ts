// Escaping for the strings we build ourselves (SVG, JSON in a script tag). Bundle content is
// untrusted: every piece of it that reaches the HTML goes through one of these, or through
// handlebars' own {{ }} escaping.
import { visibleInPage } from '../shared/visible-text.ts';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/**
 * Text and attribute values for HTML/SVG: the same set handlebars escapes, and control, bidi
 * and zero-width characters shown as escapes (a name must not reorder or hide what is read).
 */
export function escapeHtml(value: unknown): string {
  return visibleInPage(String(value ?? '')).replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * The view model with every string made visible (visibleInPage) before handlebars escapes it;
 * `markup` keys hold our own SVG, already escaped piece by piece. Iterative: a view can be deep.
 */
export function visibleView<T>(view: T, markup: ReadonlySet<string> = MARKUP_KEYS): T {
  const stack: unknown[] = [view];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const obj = node as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!Array.isArray(obj) && markup.has(key)) continue;
      const v = obj[key];
      if (typeof v === 'string') {
        const shown = visibleInPage(v);
        if (shown !== v) obj[key] = shown;
      } else if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  return view;
}

const MARKUP_KEYS: ReadonlySet<string> = new Set(['svg']);

/**
 * JSON for `<script type="application/json">`: HTML-escaping would corrupt quotes, so only the
 * characters that could end the script element or break JS parsing are escaped.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Shortens long untrusted text for display; the full text stays available where needed. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
