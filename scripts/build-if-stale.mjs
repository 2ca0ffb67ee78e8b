// Builds only when something the build reads is newer than its output: `npm ci` builds once
// (prepare), and `npm run demo` right after it starts at once instead of building again; after
// an edit in src/ or templates/ the next demo, bench or samples run rebuilds.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT = 'dist/bundle/nomad-debug.cjs';
const INPUTS = ['src', 'templates', 'bin', 'scripts/bundle.mjs', 'scripts/precompile-templates.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newest(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((name) => newest(path.join(p, name))));
}

const built = statSync(path.join(root, OUTPUT), { throwIfNoEntry: false })?.mtimeMs ?? 0;
const changed = Math.max(...INPUTS.map((p) => newest(path.join(root, p))));
if (changed > built) {
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
