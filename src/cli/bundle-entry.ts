// What dist/bundle/nomad-debug.cjs exposes (scripts/bundle.mjs): the CLI for the launcher, and
// the analyze pipeline, which the build runs once on a sample so that V8's code cache holds
// the functions an analyze compiles (without the command's V8 tuning: a cache made under other
// V8 flags than the launcher's would be refused).
export { main } from './main.ts';
export { analyzeToFiles } from './commands/analyze.ts';
