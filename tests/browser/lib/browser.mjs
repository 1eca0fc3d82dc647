// Chromium from Debian through playwright-core: no browser downloads. A missing Chromium is a
// failure, never a skip, so CI cannot pass without running the browser tests.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ARTIFACTS = process.env.RINSHO_ARTIFACTS || path.resolve('artifacts');

export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'ja-JP',
  timezoneId: 'Asia/Tokyo',
};
export const DESKTOP = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
  locale: 'ja-JP',
  timezoneId: 'Asia/Tokyo',
};
// 200% zoom on the phone: half as many CSS pixels across (390 / 2), as a zoomed page lays out.
export const PHONE_ZOOM_200 = { ...PHONE, viewport: { width: 195, height: 422 }, deviceScaleFactor: 2 };

export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/setup --browser (Debian's chromium package)`);
  }
}

// Playwright's launch() already runs Chromium on a fresh temporary --user-data-dir.
export async function launch() {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

// A page that records what must never happen on rinsho: a dialog (script injection), an uncaught
// error, a console error (CSP violations are reported there), a failed same-origin request.
export function guard(page) {
  const problems = [];
  page.on('dialog', async (d) => {
    problems.push(`dialog ${d.type()}: ${d.message()} on ${page.url()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message} on ${page.url()}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A 404 or 400 page's own status is logged as a failed load; the tests assert those statuses.
    // Chromium asks for /favicon.ico on documents without an icon link (sitemap.xml, robots.txt).
    const from = m.location()?.url || '';
    if (/^Failed to load resource/.test(m.text()) && (from === page.url() || new URL(from, page.url()).pathname === '/favicon.ico')) return;
    problems.push(`console error: ${m.text()} (${from}) on ${page.url()}`);
  });
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText || '';
    // Navigations that replace an in-flight fetch abort it; that is not a page fault.
    if (!/ERR_ABORTED/.test(reason)) problems.push(`request failed: ${r.url()} ${reason}`);
  });
  page.problems = problems;
  return page;
}

export async function newPage(browser, device, options = {}) {
  const context = await browser.newContext({ ...device, ...options });
  const page = guard(await context.newPage());
  page.setDefaultTimeout(15000);
  return page;
}

export async function screenshot(page, name, fullPage = false) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

// axe-core in the page; returns violations as short readable lines (rule, impact, targets).
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`,
  );
}
