// Holds the dependency rules of DESIGN §3 (the model may also read Nomad's API shapes in
// nomad/api.ts): which src/ folder may import which, and which
// folder alone may use each library.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '../src');

/** By folder, or one file of a folder (Nomad's API shapes, which the model decodes bundles into). */
const MAY_IMPORT: Record<string, string[]> = {
  cli: ['shared', 'nomad', 'collect', 'archive', 'model', 'analyze', 'report', 'sim'],
  collect: ['nomad', 'archive', 'shared'],
  nomad: ['shared'],
  archive: ['shared'],
  model: ['archive', 'shared', 'nomad/api.ts'],
  analyze: ['model', 'shared'],
  report: ['analyze', 'model', 'shared'],
  sim: ['shared'],
  shared: [],
};

const LIBRARY_OWNERS: Record<string, string[]> = {
  undici: ['nomad'],
  'tar-stream': ['archive'],
  handlebars: ['report'],
  'pprof-format': ['model', 'sim'],
  yargs: ['cli'],
};

/** Modules that make code impure; analyze must be a pure function of the bundle. */
const IMPURE = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'fs', 'net', 'http'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
}

const area = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;

test('src folders import only what DESIGN §3 allows', () => {
  const broken: string[] = [];
  for (const file of files(SRC)) {
    const from = area(file);
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const to = area(target);
      const allowed = MAY_IMPORT[from] ?? [];
      if (to !== from && !allowed.includes(to) && !allowed.includes(path.relative(SRC, target).split(path.sep).join('/'))) broken.push(`${path.relative(SRC, file)} → ${spec}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('each library is used only by the folder that owns it', () => {
  const broken: string[] = [];
  for (const file of files(SRC)) {
    for (const spec of imports(file)) {
      const lib = Object.keys(LIBRARY_OWNERS).find((l) => spec === l || spec.startsWith(l + '/'));
      if (lib && !LIBRARY_OWNERS[lib]!.includes(area(file))) broken.push(`${path.relative(SRC, file)} uses ${lib}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('analyze is pure: no fs, network or clock', () => {
  const broken: string[] = [];
  for (const file of files(path.join(SRC, 'analyze'))) {
    for (const spec of imports(file)) if (IMPURE.includes(spec)) broken.push(`${path.relative(SRC, file)} imports ${spec}`);
    if (/\bDate\.now\(|new Date\(\)/.test(readFileSync(file, 'utf8'))) broken.push(`${path.relative(SRC, file)} reads the clock`);
  }
  assert.deepEqual(broken, []);
});

test('only src/cli prints or exits', () => {
  const broken: string[] = [];
  for (const file of files(SRC)) {
    if (area(file) === 'cli') continue;
    const text = readFileSync(file, 'utf8');
    if (/\bconsole\.(log|error|warn|info)\(|process\.exit\(|process\.(stdout|stderr)\.write\(/.test(text)) broken.push(path.relative(SRC, file));
  }
  assert.deepEqual(broken, []);
});
