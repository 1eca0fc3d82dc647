// axe-core on every page of the researcher portal's trial form, in Japanese and English, at the
// phone and desktop viewports: password, sign-in, dashboard, each of the ten steps (empty, and
// step 1 again with its error summary), the review page and "start from a file". The session is
// made as a person would: the one-time link from rinsho-admin, a password, a sign-in.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AXE_TAGS, DESKTOP, PHONE, axe, launch, newPage } from './lib/browser.mjs';
import { assertNoProblems } from './lib/pages.mjs';
import { shared, startRegistry } from './lib/registry.mjs';

const PASSWORD = 'correct horse battery 臨床';
const RUNS = [
  ['phone', PHONE, 'ja', 'ja@example.jp'],
  ['desktop', DESKTOP, 'ja', 'desktop@example.jp'],
  ['phone', PHONE, 'en', 'en@example.jp'],
];

let registry;
let browser;
const summary = [];

const ready = shared(async () => {
  registry = await startRegistry({ people: RUNS.map((run) => run[3]) });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await registry?.stop();
  console.log(`axe-core portal ${AXE_TAGS.join(',')}: ${summary.join('; ')}`);
});

describe('axe-core: zero violations on the portal', () => {
  for (const [device, options, lang, email] of RUNS) {
    it(`${device}, ${lang}: password, sign-in, dashboard, ten steps, errors, review, import`, async () => {
      await ready();
      const page = await newPage(browser, options, { bypassCSP: true });
      const q = lang === 'en' ? '?lang=en' : '';
      const failures = [];
      const check = async (name) => {
        const violations = await axe(page);
        summary.push(`${device}/${lang}/${name} ${violations.length}`);
        for (const v of violations) failures.push(`${name} (${page.url()}): ${v}`);
      };

      await page.goto(`${registry.baseUrl}/portal/password?token=${registry.links[email]}${lang === 'en' ? '&lang=en' : ''}`);
      await check('set password');
      await page.fill('#password', PASSWORD);
      await page.fill('#confirm', PASSWORD);
      await Promise.all([page.waitForURL(/sign-in/), page.click('button[type=submit]')]);
      await check('sign in');
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL(/\/portal(\?|$)/), page.click('form[action*="sign-in"] button[type=submit]')]);
      await check('dashboard');

      await Promise.all([page.waitForURL(/\/step\/1/), page.click('form[action^="/portal/drafts"] button')]);
      const draft = page.url().replace(/\/step\/1.*$/, '');
      await check('step 1');
      // "Save and continue" on an empty first step: the summary takes the reader to the fields.
      await Promise.all([page.waitForLoadState('load'), page.click('button[value=next]')]);
      assert.equal(await page.locator('#error-summary[role=alert]').count(), 1, 'no error summary');
      await check('step 1 with errors');
      for (let n = 2; n <= 10; n += 1) {
        const res = await page.goto(`${draft}/step/${n}${q}`);
        assert.equal(res.status(), 200);
        await check(`step ${n}`);
      }
      assert.equal((await page.goto(`${draft}/review${q}`)).status(), 200);
      await check('review');
      assert.equal((await page.goto(`${registry.baseUrl}/portal/drafts/import${q}`)).status(), 200);
      await check('import');

      assertNoProblems(page);
      await page.context().close();
      assert.deepEqual(failures, [], `axe violations (${device}, ${lang}):\n${failures.join('\n')}`);
    });
  }
});
