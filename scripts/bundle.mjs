// Build step after tsc and the template precompile: bundles the built CLI into
// dist/bundle/nomad-debug.cjs, which bin/nomad-debug.js runs, and the parse worker into
// dist/bundle/parse-worker.js. Node 20 loads each ES module on its own (resolve, read, compile;
// the CLI is ~180 with its packages): the bundle made a 500-client analyze ~0.1 s sooner.
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'dist/bundle');
const cli = path.join(out, 'nomad-debug.cjs');

// Two folders below the package root, like dist/report/: templates/ and package.json are found
// the same way; the worker sits beside the CLI, as parse-pool.ts expects.
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
};

rmSync(out, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['dist/cli/bundle-entry.js'],
  outfile: cli,
  format: 'cjs',
  // CommonJS has no import.meta: its url is the bundle's own. (import.meta.resolve serves only
  // the TypeScript sources, never the bundle.)
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logOverride: { 'empty-import-meta': 'silent' },
});
await build({
  ...common,
  entryPoints: ['dist/model/parse-worker.js'],
  outfile: path.join(out, 'parse-worker.js'),
  format: 'esm',
  // The CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
});
copyFileSync(path.join(root, 'dist/report/templates.precompiled.cjs'), path.join(out, 'templates.precompiled.cjs'));
