// "Could I join?" on a phone (390×844): the trial page's questionnaire answered with JavaScript (the
// verdict is computed in the browser and no answer is sent anywhere) and without it (a GET form to the
// same page, judged by the server). Both must give the same verdict and quote the same criterion.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PHONE, launch, newPage, screenshot } from './lib/browser.mjs';
import { assertNoProblems } from './lib/pages.mjs';
import { shared, startRegistry } from './lib/registry.mjs';

// 20 and over, any sex; structured criteria from its free text, among them ECOG PS 0-1 (c3) and
// "pregnant or breastfeeding" (an exclusion).
const TRIAL = 'jRCT2031240001';
const ECOG_QUOTE = /選択基準: 身の回りのことが自分でできる方\(ECOG PS 0〜1\)/;

let registry;
let browser;
const ready = shared(async () => {
  registry = await startRegistry();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await registry?.stop();
});
const test = (name, fn) => it(name, async () => {
  await ready();
  await fn();
});

// Every question answered as someone who fits, then ECOG `ecog`.
async function answer(page, ecog) {
  await page.locator('#ps-age').fill('60');
  await page.selectOption('#ps-sex', 'female');
  await page.selectOption('#ps-hv', 'no');
  for (const select of await page.locator('form[data-prescreen] select[name^=c]').all()) {
    const label = await page.locator(`label[for="${await select.getAttribute('id')}"]`).textContent();
    // Inclusion criteria apply to this person, exclusion criteria do not.
    await select.selectOption(label.includes('除外基準') ? 'no' : 'yes');
  }
  await page.selectOption('#ps-ecog', String(ecog));
  await page.selectOption('#ps-preg', 'no');
}

async function verdict(page) {
  const shown = page.locator('[data-prescreen-verdict] [data-verdict]:visible');
  assert.equal(await shown.count(), 1, 'exactly one verdict shows');
  const quotes = await page.locator('.verdict-reasons li:visible').allTextContents();
  return { key: await shown.getAttribute('data-verdict'), text: await shown.textContent(), quotes };
}

describe('pre-screening on a phone', () => {
  test('with JavaScript: the verdict is computed in the browser and nothing is sent', async () => {
    const page = await newPage(browser, PHONE);
    const sent = [];
    page.on('request', (r) => { if (r.url().includes('age=') || r.url().includes('ps=')) sent.push(r.url()); });
    await page.goto(`${registry.baseUrl}/trials/${TRIAL}`);
    const url = page.url();
    assert.equal(await page.locator('[data-prescreen-verdict]').isVisible(), false, 'no verdict before answering');
    await page.locator('#ps-age').fill('60');
    await page.locator('form[data-prescreen] button[type=submit]').click();
    let v = await verdict(page);
    assert.equal(v.key, 'maybe', 'unanswered questions give maybe');
    assert.ok(v.quotes.length > 1);

    await answer(page, 1);
    await page.locator('form[data-prescreen] button[type=submit]').click();
    v = await verdict(page);
    assert.equal(v.key, 'likely');
    assert.match(v.text, /医師にご相談ください/);
    assert.ok(v.quotes.some((q) => ECOG_QUOTE.test(q)), v.quotes.join('\n'));
    await screenshot(page, 'phone-prescreen-likely');

    await page.selectOption('#ps-ecog', '3');
    await page.locator('form[data-prescreen] button[type=submit]').click();
    v = await verdict(page);
    assert.equal(v.key, 'unlikely');
    assert.deepEqual(v.quotes.filter((q) => ECOG_QUOTE.test(q)).length, 1);
    assert.equal(v.quotes.length, 1, `only the failed criterion is quoted: ${v.quotes.join(' / ')}`);
    assert.equal(page.url(), url, 'the page did not navigate');
    assert.deepEqual(sent, [], 'no request carried an answer');
    await screenshot(page, 'phone-prescreen-unlikely');
    assertNoProblems(page);
    await page.context().close();
  });

  test('without JavaScript: the same form is a GET to the page and the server gives the same verdict', async () => {
    const page = await newPage(browser, PHONE, { javaScriptEnabled: false });
    await page.goto(`${registry.baseUrl}/trials/${TRIAL}`);
    await answer(page, 3);
    await Promise.all([page.waitForURL(/ps=1/), page.locator('form[data-prescreen] button[type=submit]').click()]);
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('age'), '60');
    assert.equal(params.get('ecog'), '3');
    const v = await verdict(page);
    assert.equal(v.key, 'unlikely');
    assert.match(v.text, /医師にご相談ください/);
    assert.equal(v.quotes.length, 1);
    assert.match(v.quotes[0], ECOG_QUOTE);
    assert.equal(await page.locator('#ps-age').inputValue(), '60', 'the form keeps the answers');
    await screenshot(page, 'phone-nojs-prescreen-unlikely');

    await page.selectOption('#ps-ecog', '1');
    await Promise.all([page.waitForURL(/ecog=1/), page.locator('form[data-prescreen] button[type=submit]').click()]);
    const likely = await verdict(page);
    assert.equal(likely.key, 'likely');
    assert.ok(likely.quotes.some((q) => ECOG_QUOTE.test(q)));
    assertNoProblems(page);
    await page.context().close();
  });
});
