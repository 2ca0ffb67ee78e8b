// The degraded report in real headless Chromium (Debian's chromium through playwright-core):
// no console errors, no CSP violations, no requests but the file itself, working filter,
// collapse and flame zoom, and fully readable with JavaScript off.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, type TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyze } from '../../src/analyze/run.ts';
import { renderReport } from '../../src/report/render.ts';
import { diffBundles } from '../../src/report/bundle-diff.ts';
import { renderDiffPage } from '../../src/report/diff-view.ts';
import type { Bundle } from '../../src/model/types.ts';
import { bigCluster, degraded, hostileNames, HOSTILE_IMG, HOSTILE_SCRIPT } from './fixtures.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function writeReport(dir: string, b: Bundle = degraded()): string {
  const file = path.join(dir, 'report.html');
  writeFileSync(file, renderReport(b, analyze(b), { generatedAt: '2026-11-22T11:00:00Z' }));
  return file;
}

/** The diff page of two in-memory bundles, as `nomad-debug diff -out` writes it. */
function writeDiff(dir: string, before: Bundle, after: Bundle): string {
  const file = path.join(dir, 'diff.html');
  const side = (name: string, b: Bundle) => ({ file: `${name}.tar.gz`, bundle: b, result: analyze(b) });
  writeFileSync(file, renderDiffPage(diffBundles(side('before', before), side('after', after)), { generatedAt: '2026-11-22T11:00:00Z' }));
  return file;
}

/** The degraded bundle after a repair: the failed server is back, the ineligible node too. */
function repaired(): Bundle {
  const b = degraded();
  for (const m of b.cluster.members!.value.Members) if (m.Status === 'failed') m.Status = 'alive';
  for (const n of b.cluster.nodes!.value) n.SchedulingEligibility = 'eligible';
  return b;
}

/** Runs `fn` with a browser and a temp folder, or skips the test where chromium is absent. */
async function withBrowser(t: TestContext, fn: (browser: Browser, dir: string) => Promise<void>): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    t.skip('chromium not installed');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'nomad-debug-report-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    await fn(browser, dir);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Watch {
  requests: string[];
  errors: string[];
}

async function open(browser: Browser, file: string, javaScriptEnabled = true): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext({ offline: true, javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watch: Watch = { requests: [], errors: [] };
  page.on('request', (r) => watch.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') watch.errors.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => watch.errors.push(`pageerror: ${e.message}`));
  // Init scripts run outside the page's CSP, so they can record its violations.
  await page.addInitScript({
    content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, watch };
}

/**
 * Opens a page made from hostile names with alert() and dialogs recorded, runs `act`, and holds
 * that nothing ran, nothing was injected, and the hostile values show as text.
 */
async function openHostile(browser: Browser, file: string, act: (page: Page) => Promise<void> = async () => {}): Promise<Page> {
  const page = await (await browser.newContext({ offline: true })).newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript({ content: 'window.__ran = []; window.alert = (m) => window.__ran.push(String(m));' });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await act(page);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await page.evaluate('window.__ran'), [], 'no injected script or handler ran');
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no injected element');
  const text = await page.locator('body').innerText();
  assert.ok(text.includes(HOSTILE_SCRIPT) && text.includes(HOSTILE_IMG), 'the values are shown, as text');
  return page;
}

test('the degraded report works in headless Chromium', (t) =>
  withBrowser(t, async (browser, dir) => {
    const file = writeReport(dir);
    const { page, watch } = await open(browser, file);

    assert.ok(await page.locator('#findings').isVisible(), 'findings section visible');
    assert.ok(await page.locator('#findings .filters').isVisible(), 'the script showed the filter bar');

    await page.click('#findings button[data-filter="critical"]');
    assert.ok(await page.locator('#findings .fgroup[data-severity="critical"]').isVisible());
    assert.equal(await page.locator('#findings .fgroup[data-severity="warning"]').isVisible(), false);
    assert.equal(await page.locator('#findings .fgroup[data-severity="info"]').isVisible(), false);
    await page.click('#findings button[data-filter="info"]');
    assert.ok(await page.locator('#findings .fgroup[data-severity="info"] .finding').first().isVisible(), 'info opens when picked');
    await page.click('#findings button[data-filter="all"]');
    assert.ok(await page.locator('#findings .fgroup[data-severity="warning"]').isVisible());

    // Flame zoom: clicking a frame hides the frames beside it and widens it to the full width.
    const flame = page.locator('svg.flame').first();
    const target = flame.locator('g.fr[data-x="0.04"]').first();
    await target.locator('rect').click();
    assert.equal(await target.locator('rect').getAttribute('width'), '1199.5');
    assert.ok((await flame.locator('g.fr[style*="display: none"]').count()) > 0);
    await flame.locator('g.fr').first().locator('rect').click();
    assert.equal(await flame.locator('g.fr[style*="display: none"]').count(), 0, 'the root resets the zoom');

    await page.click('#servers > h2 .toggle');
    assert.equal(await page.locator('#servers .sec-body').isVisible(), false, 'section collapsed');
    await page.click('#servers > h2 .toggle');

    const shot = path.join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 10_000);

    const csp = (await page.evaluate('window.__csp')) as string[];
    assert.deepEqual(csp, [], 'CSP violations');
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.requests.filter((u) => !u.startsWith('file:')), [], 'only the file itself is loaded');
  }));

test('a long per-agent table: worst rows open, the rest collapsed, a filter box that finds rows in both', (t) =>
  withBrowser(t, async (browser, dir) => {
    const { page, watch } = await open(browser, writeReport(dir, bigCluster(60)));
    const clients = page.locator('#clients');
    const filter = clients.locator('.table-filter input');
    assert.ok(await filter.isVisible(), 'the script shows the filter box');
    assert.equal(await clients.locator('details.rest').getAttribute('open'), null, 'the rest starts collapsed');
    assert.equal(await clients.locator('details.rest tbody tr').first().isVisible(), false);
    // client-59 sorts into the collapsed rows: typing its name opens the list and leaves only its row
    await filter.fill('client-59');
    assert.notEqual(await clients.locator('details.rest').getAttribute('open'), null, 'typing opens the collapsed list');
    const visible = await clients.locator('tbody tr:visible').allTextContents();
    assert.equal(visible.length, 1, visible.join(' | '));
    assert.match(visible[0]!, /client-59/);
    await filter.fill('');
    assert.equal(await clients.locator('table').first().locator('tbody tr:visible').count(), 15);
    assert.deepEqual(watch.errors, []);
    assert.deepEqual((await page.evaluate('window.__csp')) as string[], [], 'CSP violations');
  }));

test('the report is readable with JavaScript off', (t) =>
  withBrowser(t, async (browser, dir) => {
    const { page, watch } = await open(browser, writeReport(dir), false);
    assert.ok(await page.locator('#findings .finding').first().isVisible());
    assert.equal(await page.locator('#findings .filters').isVisible(), false, 'no dead buttons without JS');
    assert.ok(await page.locator('#clients table').isVisible());
    assert.ok(await page.locator('svg.flame').first().isVisible());
    // the collapsed rows of a long table open without the script; its filter box stays hidden
    const big = await open(browser, writeReport(dir, bigCluster(60)), false);
    assert.equal(await big.page.locator('#clients .table-filter').isVisible(), false);
    await big.page.click('#clients details.rest > summary');
    assert.ok(await big.page.locator('#clients details.rest tbody tr').first().isVisible());
    assert.deepEqual(watch.errors, []);
  }));

test('script and onerror values from a hostile bundle show as text and never run', (t) =>
  withBrowser(t, async (browser, dir) => {
    const page = await openHostile(browser, writeReport(dir, hostileNames()), async (p) => {
      await p.click('#findings button[data-filter="all"]');
    });
  }));

test('the diff page works in headless Chromium, and reads with JavaScript off', (t) =>
  withBrowser(t, async (browser, dir) => {
    const file = writeDiff(dir, degraded(), repaired());
    const { page, watch } = await open(browser, file);
    assert.ok(await page.locator('#resolved .finding').first().isVisible(), 'the repair resolved findings');
    assert.match(await page.locator('#resolved').innerText(), /server-3\.global is failed/);
    assert.match(await page.locator('#facts tr.changed').first().innerText(), /alive/);
    await page.click('#facts > h2 .toggle');
    assert.equal(await page.locator('#facts .sec-body').isVisible(), false, 'section collapsed');
    const shot = path.join(dir, 'diff.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 10_000);
    assert.deepEqual((await page.evaluate('window.__csp')) as string[], [], 'CSP violations');
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.requests.filter((u) => !u.startsWith('file:')), [], 'only the file itself is loaded');

    const off = await open(browser, file, false);
    assert.ok(await off.page.locator('#resolved .finding').first().isVisible());
    assert.ok(await off.page.locator('#facts table').isVisible());
    assert.deepEqual(off.watch.errors, []);
  }));

test('hostile names in a diff show as text and never run', (t) =>
  withBrowser(t, async (browser, dir) => {
    const page = await openHostile(browser, writeDiff(dir, degraded(), hostileNames()));
    assert.equal(await page.locator('script').count(), 1, 'only our own script element');
    assert.ok((await page.locator('#new h4').allInnerTexts()).includes(`${HOSTILE_SCRIPT} is failed`), 'the new finding\'s title, as text');
  }));
