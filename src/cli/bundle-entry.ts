// What dist/bundle/nomad-debug.cjs exposes (scripts/bundle.mjs): the CLI, for the launcher.
export { main } from './main.ts';
