// axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page type, at the phone and desktop
// viewports, in Japanese and English, with the collapsed parts opened as a reader would.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AXE_TAGS, DESKTOP, PHONE, axe, launch, newPage } from './lib/browser.mjs';
import { assertNoProblems } from './lib/pages.mjs';
import { shared, startRegistry } from './lib/registry.mjs';

const PAGES = [
  ['top', '/', 200],
  ['results', `/search?q=${encodeURIComponent('がん')}`, 200],
  ['zero results', '/search?q=zzzzqqqqxxxx&status=recruiting', 200],
  ['trial', '/trials/jRCT2031240001', 200],
  // The questionnaire answered: the verdict and its quotes show.
  ['trial, pre-screen answered', '/trials/jRCT2031240001?ps=1&age=60&sex=female&hv=no&ecog=3', 200],
  ['results, my situation', `/search?q=${encodeURIComponent('がん')}&me_age=60&me_sex=female&me_pref=13`, 200],
  ['glossary', '/glossary', 200],
  ['about', '/about', 200],
  ['stats', '/stats', 200],
  ['saved (empty)', '/saved', 200],
  ['saved', '/saved?ids=jRCT2031240001,jRCT1032190004,jRCT1032190046', 200],
  ['compare', '/compare?ids=jRCT2031240001,jRCT1032190004&near=35.6895%2C139.6917', 200],
  ['print', '/saved/print?ids=jRCT2031240001,jRCT1032190004', 200],
  ['404', '/no-such-page', 404],
];
const RUNS = [
  ['phone', PHONE, 'ja'],
  ['desktop', DESKTOP, 'ja'],
  ['phone', PHONE, 'en'],
];

let registry;
let browser;
const summary = [];

const ready = shared(async () => {
  registry = await startRegistry();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await registry?.stop();
  console.log(`axe-core ${AXE_TAGS.join(',')}: ${summary.join('; ')}`);
});

describe('axe-core: zero violations', () => {
  for (const [device, options, lang] of RUNS) {
    it(`${device}, ${lang}: ${PAGES.map(([name]) => name).join(', ')}`, async () => {
      await ready();
      // axe is injected as a script tag, which the pages' CSP (rightly) forbids; bypass it for axe only.
      const page = await newPage(browser, options, { bypassCSP: true });
      const failures = [];
      for (const [name, route, status] of PAGES) {
        const url = registry.baseUrl + route + (lang === 'en' ? (route.includes('?') ? '&' : '?') + 'lang=en' : '');
        const res = await page.goto(url);
        assert.equal(res.status(), status, `${url}`);
        if (name === 'zero results') assert.equal(await page.locator('.no-results').count(), 1, 'not a zero-results page');
        const closed = await axe(page);
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        const opened = await axe(page);
        const violations = [...new Set([...closed, ...opened])];
        summary.push(`${device}/${lang}/${name} ${violations.length}`);
        for (const v of violations) failures.push(`${name} (${route}): ${v}`);
      }
      assertNoProblems(page);
      await page.context().close();
      assert.deepEqual(failures, [], `axe violations (${device}, ${lang}):\n${failures.join('\n')}`);
    });
  }
});
