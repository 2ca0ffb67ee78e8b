#!/usr/bin/env node
// Launcher only: run the built CLI (dist/bundle/, made by `npm run build`, which `npm ci` runs).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './load-bundle.js';

const file = fileURLToPath(new URL('../dist/bundle/nomad-debug.cjs', import.meta.url));
let source;
try {
  source = readFileSync(file, 'utf8');
} catch (err) {
  if (err?.code !== 'ENOENT') throw err;
  process.stderr.write('nomad-debug is not built yet: run `npm run build` (npm ci and npm install do it)\n');
  process.exit(1);
}
let cache;
try {
  cache = readFileSync(`${file}.cache`);
} catch {
  cache = undefined; // no cache (or unreadable): compiled from source, only slower
}
const { main } = loadBundle(file, source, cache).exports;
process.exitCode = await main(process.argv.slice(2));
