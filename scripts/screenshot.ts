// Takes a PNG screenshot of an HTML file in Debian's headless Chromium (no browser download).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CHROMIUM_PATH && existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      /* not on PATH */
    }
  }
  return undefined;
}

export async function screenshot(htmlFile: string, pngFile: string, height = 1400): Promise<boolean> {
  const executablePath = findChromium();
  if (!executablePath) return false;
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await (await browser.newContext({ offline: true, viewport: { width: 1280, height } })).newPage();
    await page.goto('file://' + htmlFile);
    await page.screenshot({ path: pngFile });
    return true;
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [html, png] = process.argv.slice(2);
  if (!html || !png) throw new Error('usage: screenshot.ts REPORT.html OUT.png');
  await screenshot(html, png);
}
