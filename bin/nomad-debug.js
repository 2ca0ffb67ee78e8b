#!/usr/bin/env node
// Launcher only: run the built CLI (dist/bundle/, made by `npm run build`, which `npm ci` runs).
let main;
try {
  ({ main } = await import('../dist/bundle/main.js'));
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/bundle/main.js')) throw err;
  process.stderr.write('nomad-debug is not built yet: run `npm run build` (npm ci and npm install do it)\n');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
