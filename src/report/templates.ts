// The report's templates and assets, read from templates/ once per process and compiled in
// an isolated handlebars environment. The only file I/O of src/report.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

const TEMPLATES = new URL('../../templates/', import.meta.url);

export interface CompiledReport {
  render(view: unknown): string;
}

let cached: CompiledReport | undefined;

export function reportTemplate(): CompiledReport {
  if (cached) return cached;
  const hb = Handlebars.create();
  const read = (rel: string) => readFileSync(new URL(rel, TEMPLATES), 'utf8');
  for (const name of readdirSync(new URL('partials/', TEMPLATES)).filter((n) => n.endsWith('.hbs')).sort()) {
    hb.registerPartial(name.slice(0, -'.hbs'.length), read(`partials/${name}`));
  }
  const css = read('assets/report.css');
  const js = read('assets/report.js');
  // The CSP allows exactly our own inline script, by hash, and nothing else.
  const scriptHash = `sha256-${createHash('sha256').update(js, 'utf8').digest('base64')}`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src '${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  // Strict: a view-model field the template expects but the builder forgot throws in tests.
  const template = hb.compile(read('report.hbs'), { strict: true });
  cached = {
    render: (view) =>
      template(
        { view, assets: { css: new hb.SafeString(css), js: new hb.SafeString(js), csp } },
        { allowProtoPropertiesByDefault: false },
      ),
  };
  return cached;
}
