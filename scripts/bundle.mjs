// Build step after tsc and the template precompile: bundles the built CLI (dist/cli/main.js)
// and the parse worker into dist/bundle/, which bin/nomad-debug.js runs. Node 20 loads each
// ES module on its own (resolve, read, compile): the CLI is ~180 of them with its packages,
// and a 500-client analyze ended ~0.1 s sooner bundled (paired median of 24). The commands
// stay separate chunks, loaded when run, as in dist/.
import { copyFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = new URL('../dist/bundle/', import.meta.url);

rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js', 'dist/model/parse-worker.js'],
  outdir: fileURLToPath(out),
  // main.js and parse-worker.js side by side, as parse-pool.ts expects; two folders below the
  // package root, like dist/report/, so templates/ and package.json are found the same way.
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The CommonJS packages (tar-stream, handlebars, undici) call require() for Node's modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
copyFileSync(new URL('../dist/report/templates.precompiled.cjs', import.meta.url), new URL('templates.precompiled.cjs', out));
