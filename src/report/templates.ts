// The report's templates and assets (the diff page shares them), read from templates/ once
// per process. The build precompiles the templates (templates.precompiled.cjs beside the
// built module, see scripts/precompile-templates.mjs), which saves the 0.1 s handlebars takes
// to parse them; without that file, or when templates/ changed since, they are compiled here.
// Either way they run in an isolated handlebars environment. The only file I/O of src/report.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

const TEMPLATES = new URL('../../templates/', import.meta.url);
const PRECOMPILED = new URL('./templates.precompiled.cjs', import.meta.url);
/** Strict: a view-model field the template expects but the builder forgot throws in tests. */
const COMPILE_OPTIONS = { strict: true } as const;

export interface CompiledReport {
  render(view: unknown): string;
  /** The `diff` page: same assets, CSP and partials. */
  renderDiff(view: unknown): string;
}

interface Sources {
  main: string;
  /** diff.hbs: the page of `nomad-debug diff`. */
  diff: string;
  /** [name, text], sorted by name. */
  partials: [string, string][];
  css: string;
  js: string;
}

/** What the build writes: handlebars template specs, keyed to the sources they came from. */
interface Precompiled {
  hash: string;
  main: TemplateSpecification;
  diff: TemplateSpecification;
  partials: Record<string, TemplateSpecification>;
}

let cached: CompiledReport | undefined;

export function reportTemplate(): CompiledReport {
  cached ??= compileReport(readSources(), loadPrecompiled);
  return cached;
}

/** The JavaScript of templates.precompiled.cjs for the current templates/ (run by the build). */
export function precompiledModule(): string {
  const sources = readSources();
  const spec = (text: string) => Handlebars.precompile(text, COMPILE_OPTIONS) as string;
  const partials = sources.partials.map(([name, text]) => `    ${JSON.stringify(name)}: ${spec(text)}`);
  return [
    '// Generated from templates/ by scripts/precompile-templates.mjs at build time: do not edit.',
    'module.exports = {',
    `  hash: ${JSON.stringify(templatesHash(sources))},`,
    `  main: ${spec(sources.main)},`,
    `  diff: ${spec(sources.diff)},`,
    '  partials: {',
    partials.join(',\n'),
    '  },',
    '};',
    '',
  ].join('\n');
}

/** Builds the renderer from precompiled specs when `precompiled` has them for these sources. */
export function compileReport(sources: Sources, precompiled: (hash: string) => Precompiled | undefined): CompiledReport {
  const hb = Handlebars.create();
  const ready = precompiled(templatesHash(sources));
  for (const [name, text] of sources.partials) {
    const spec = ready?.partials[name];
    hb.registerPartial(name, spec ? hb.template(spec) : text);
  }
  // The CSP allows exactly our own inline script, by hash, and nothing else.
  const scriptHash = `sha256-${createHash('sha256').update(sources.js, 'utf8').digest('base64')}`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src '${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const page = (spec: TemplateSpecification | undefined, text: string) => (spec ? hb.template(spec) : hb.compile(text, COMPILE_OPTIONS));
  const template = page(ready?.main, sources.main);
  const diff = page(ready?.diff, sources.diff);
  const assets = { css: new hb.SafeString(sources.css), js: new hb.SafeString(sources.js), csp };
  return {
    render: (view) => template({ view, assets }, { allowProtoPropertiesByDefault: false }),
    renderDiff: (view) => diff({ view, assets }, { allowProtoPropertiesByDefault: false }),
  };
}

export function readSources(): Sources {
  const read = (rel: string) => readFileSync(new URL(rel, TEMPLATES), 'utf8');
  const names = readdirSync(new URL('partials/', TEMPLATES)).filter((n) => n.endsWith('.hbs')).sort();
  return {
    main: read('report.hbs'),
    diff: read('diff.hbs'),
    partials: names.map((n) => [n.slice(0, -'.hbs'.length), read(`partials/${n}`)]),
    css: read('assets/report.css'),
    js: read('assets/report.js'),
  };
}

export function templatesHash(sources: Sources): string {
  const h = createHash('sha256').update(sources.main).update('\0diff\0').update(sources.diff);
  for (const [name, text] of sources.partials) h.update(`\0${name}\0${text}`);
  return h.digest('hex');
}

/** The build's specs, if they are there and match these sources (edited templates are compiled anew). */
export function loadPrecompiled(hash: string, file: URL = PRECOMPILED): Precompiled | undefined {
  let mod: Precompiled;
  try {
    mod = createRequire(import.meta.url)(fileURLToPath(file)) as Precompiled;
  } catch {
    return undefined;
  }
  return mod.hash === hash ? mod : undefined;
}
