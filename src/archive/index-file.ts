// index.json and index.html as Nomad writes them (command/operator_debug.go writeManifest):
// a JSON array of bundle-relative paths and a newline; and an HTML page titled with the bundle's
// time stamp, one link per file whose text is its path. Nomad fills the page with html/template,
// so names are escaped as it escapes them: the href URL-normalised, every text HTML-escaped.

export function indexJson(files: readonly string[]): string {
  return `${JSON.stringify(files)}\n`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '+': '&#43;' };

function escapeText(s: string): string {
  return s.replace(/[&<>"'+]/g, (c) => HTML_ESCAPES[c]!).replace(/\0/g, '\uFFFD');
}

/** Characters html/template's URL normaliser leaves as they are; the rest is percent-encoded (UTF-8). */
const URL_SAFE = /[A-Za-z0-9\-._~!#$&'()*+,/:;=?@[\]%]/;

function normalizeUrl(s: string): string {
  let out = '';
  for (const ch of s) out += URL_SAFE.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return out;
}

export function indexHtml(timestamp: string, files: readonly string[]): string {
  const title = escapeText(timestamp);
  let out = `<html><head><title>${title}</title></head>\n<body><h1>${title}</h1>\n<ul>`;
  for (const f of files) out += `<li><a href="${escapeText(normalizeUrl(f))}">${escapeText(f)}</a></li>\n`;
  return `${out}</ul></body></html>\n`;
}
