#!/usr/bin/env node
// Launcher only: run the built CLI (dist/bundle/, made by `npm run build`, which `npm ci` runs).
import { createRequire } from 'node:module';

let main;
try {
  ({ main } = createRequire(import.meta.url)('../dist/bundle/nomad-debug.cjs'));
} catch (err) {
  if (err?.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('nomad-debug.cjs')) throw err;
  process.stderr.write('nomad-debug is not built yet: run `npm run build` (npm ci and npm install do it)\n');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
