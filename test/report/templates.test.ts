// The build's precompiled templates render exactly what compiling them at run time does, and
// are not used once templates/ no longer matches them.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../src/analyze/run.ts';
import { compileReport, loadPrecompiled, precompiledModule, readSources, templatesHash } from '../../src/report/templates.ts';
import { buildViewModel } from '../../src/report/view-model.ts';
import { diffBundles } from '../../src/report/bundle-diff.ts';
import { buildDiffView } from '../../src/report/diff-view.ts';
import { tempDir } from '../model/bundle-helpers.ts';
import { degraded, hostileNames } from './fixtures.ts';

function writePrecompiled(dir: string, text = precompiledModule()): URL {
  const file = `${dir}/templates.precompiled.cjs`;
  writeFileSync(file, text);
  return pathToFileURL(file);
}

test('precompiled templates render the same report as templates compiled at run time', () => {
  const t = tempDir();
  try {
    const file = writePrecompiled(t.dir);
    let used = false;
    const pre = compileReport(readSources(), (hash) => {
      const got = loadPrecompiled(hash, file);
      used = got !== undefined;
      return got;
    });
    const fresh = compileReport(readSources(), () => undefined);
    assert.ok(used, 'the precompiled file matched the sources');
    for (const b of [degraded(), hostileNames()]) {
      const view = buildViewModel(b, analyze(b), { generatedAt: '2026-11-22T11:00:00Z' });
      assert.equal(pre.render(view), fresh.render(view));
    }
    const side = (name: string, b: ReturnType<typeof degraded>) => ({ file: name, bundle: b, result: analyze(b) });
    const diff = buildDiffView(diffBundles(side('a', degraded()), side('b', hostileNames())), { generatedAt: '2026-11-22T11:00:00Z' });
    assert.equal(pre.renderDiff(diff), fresh.renderDiff(diff), 'the diff page too');
  } finally {
    t.cleanup();
  }
});

test('a precompiled file from other templates, a broken one or none at all is not used', () => {
  const t = tempDir();
  try {
    const current = templatesHash(readSources());
    const stale = writePrecompiled(t.dir, precompiledModule().replace(current, 'f'.repeat(64)));
    assert.equal(loadPrecompiled(current, stale), undefined);
    assert.equal(loadPrecompiled(current, new URL('does-not-exist.cjs', pathToFileURL(`${t.dir}/`))), undefined);
    const broken = pathToFileURL(`${t.dir}/broken.cjs`);
    writeFileSync(broken, 'module.exports = {');
    assert.equal(loadPrecompiled(current, broken), undefined);
  } finally {
    t.cleanup();
  }
});
