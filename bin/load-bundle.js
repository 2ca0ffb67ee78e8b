// Compiles and runs the bundled CLI (dist/bundle/nomad-debug.cjs) as Node runs a CommonJS
// module, from V8's code cache when one is given and fits this Node and its flags: Node 20
// has no compile cache of its own, and compiling the CLI's code took ~0.1 s of each run.
// Shared by the launcher and the build (scripts/bundle.mjs), which must compile it the same way.
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** Returns the bundle's exports and its script (for createCachedData). */
export function loadBundle(file, source, cachedData) {
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script };
}
