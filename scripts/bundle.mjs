// Build step after tsc and the template precompile: bundles the built CLI into
// dist/bundle/nomad-debug.cjs, which bin/nomad-debug.js runs, and the parse worker into
// dist/bundle/parse-worker.js; then runs one analyze of a sample through the bundle and saves
// V8's code cache for it (nomad-debug.cjs.cache). Node 20 loads each ES module on its own
// (resolve, read, compile; the CLI is ~180 with its packages) and has no compile cache: the
// bundle made a 500-client analyze ~0.1 s sooner, and the code cache ~0.1 s more.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { loadBundle } from '../bin/load-bundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'dist/bundle');
const cli = path.join(out, 'nomad-debug.cjs');
const sample = path.join(root, 'samples/degraded.tar.gz');

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
await writeCodeCache();

/**
 * Compiles the bundle as the launcher does, runs the parser and one analyze so that V8
 * compiles what a run needs, and saves the code cache. Without the sample (an installed
 * package), or if it fails, there is no cache: the launcher compiles from source.
 */
async function writeCodeCache() {
  const source = readFileSync(cli, 'utf8');
  const { exports, script } = loadBundle(cli, source, undefined);
  const work = mkdtempSync(path.join(os.tmpdir(), 'nomad-debug-build-'));
  try {
    const quiet = { write: () => true, on: () => quiet };
    // the parser and the analyze command up to its first check (no bundle named: a usage error)
    await exports.main(['analyze'], { stdout: quiet, stderr: quiet, cwd: work });
    await exports.analyzeToFiles(sample, path.join(work, 'report.html'), path.join(work, 'findings.json'));
    writeFileSync(`${cli}.cache`, script.createCachedData());
  } catch (err) {
    process.stderr.write(`note: no code cache for the bundle (${err.message.split('\n')[0]}); it runs, compiled at start\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
