// What patients do on rinsho, in Chromium at a phone viewport (390×844, touch, 3× pixels) and on a
// desktop (1280×800): search, filter, "near me", read a trial, switch language, browse without
// JavaScript, use only the keyboard, zoom to 200%, save trials, compare them and print them. Screenshots go to tests/browser/artifacts/.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ARTIFACTS, DESKTOP, PHONE, PHONE_ZOOM_200, launch, newPage, screenshot } from './lib/browser.mjs';
import { TRIAL_SECTIONS, assertNoProblems, hits, km, resultCount, searchParams } from './lib/pages.mjs';
import { shared, startRegistry } from './lib/registry.mjs';

const TRIAL = 'jRCT2031240001'; // recruiting, non-small cell lung cancer, many sites
const TOKYO = { latitude: 35.68, longitude: 139.76 };
const DEVICES = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
];

let registry;
let browser;
let base;

const ready = shared(async () => {
  registry = await startRegistry();
  base = registry.baseUrl;
  browser = await launch();
  console.log(`rinsho-server at ${base}; screenshots in ${ARTIFACTS}`);
});
after(async () => {
  await browser?.close();
  await registry?.stop();
});
// Every test starts with the shared registry and browser up.
const test = (name, fn) => it(name, async () => {
  await ready();
  await fn();
});

async function closePage(page) {
  await page.context().close();
}

// Types into the top page's search box and submits it the way the device does.
async function searchFromTop(page, query, device) {
  await page.goto(base + '/');
  const box = page.locator('#q');
  await box.click();
  await box.pressSequentially(query);
  await Promise.all([
    page.waitForURL(/\/search\?/),
    device === 'phone' ? box.press('Enter') : page.locator('form[role=search] button[type=submit]').first().click(),
  ]);
}

describe('search from the top page', () => {
  for (const [name, device] of DEVICES) {
    test(`${name}: 肺がん finds lung-cancer trials`, async () => {
      const page = await newPage(browser, device);
      await searchFromTop(page, '肺がん', name);
      assert.equal(searchParams(page).get('q'), '肺がん');
      assert.equal(await page.locator('#q').inputValue(), '肺がん', 'the box keeps what was typed');
      const found = await hits(page);
      assert.ok(found.length >= 4, `only ${found.length} hits for 肺がん`);
      assert.ok((await resultCount(page)) >= found.length, 'the count covers the hits shown');
      for (const hit of found.slice(0, 4))
        assert.match(hit.conditions, /肺癌|肺がん|lung cancer/i, `hit "${hit.title}" is not about lung cancer`);
      assert.match(await page.title(), /肺がん/);
      await screenshot(page, `${name}-search-lung-cancer`);
      assertNoProblems(page);
      await closePage(page);
    });

    test(`${name}: full-width ＨＥＲ２ finds HER2 trials`, async () => {
      const page = await newPage(browser, device);
      await searchFromTop(page, 'ＨＥＲ２', name);
      assert.equal(searchParams(page).get('q'), 'ＨＥＲ２');
      const found = await hits(page);
      assert.ok(found.length >= 3, `only ${found.length} hits for ＨＥＲ２`);
      for (const hit of found.slice(0, 3))
        assert.match(`${hit.title} ${hit.conditions}`, /HER2|ＨＥＲ２/i, `hit "${hit.title}" does not mention HER2`);
      await screenshot(page, `${name}-search-her2`);
      assertNoProblems(page);
      await closePage(page);
    });
  }
});

describe('filters', () => {
  for (const [name, device] of DEVICES) {
    test(`${name}: ticking a filter narrows the results and its chip removes it`, async () => {
      const page = await newPage(browser, device);
      await page.goto(`${base}/search?q=${encodeURIComponent('がん')}`);
      const all = await resultCount(page);
      const filters = page.locator('details[data-filters]');
      if (!(await filters.evaluate((d) => d.open))) await filters.locator(':scope > summary').click();
      const box = page.locator('input[name=status][value=recruiting]');
      const facetCount = Number((await page.locator(`label[for="${await box.getAttribute('id')}"] .n`).textContent()).replace(/,/g, ''));
      assert.ok(facetCount > 0 && facetCount < all, `recruiting facet count ${facetCount} of ${all}`);
      await box.check();
      await page.waitForURL((url) => url.searchParams.getAll('status').includes('recruiting'));
      await page.locator('.result-count strong').filter({ hasText: facetCount.toLocaleString('en-US') }).waitFor();
      assert.equal(await resultCount(page), facetCount, 'the count equals the count the filter promised');
      assert.equal(searchParams(page).get('q'), 'がん', 'the query is kept');
      for (const hit of await hits(page)) assert.equal(hit.status, 'recruiting', `${hit.title} is not recruiting`);
      const chip = page.locator('.active-filters a.chip-remove');
      assert.equal(await chip.count(), 1);
      await screenshot(page, `${name}-filter-recruiting`);
      await Promise.all([page.waitForURL((url) => !url.searchParams.has('status')), chip.click()]);
      assert.equal(searchParams(page).get('q'), 'がん');
      assert.equal(await resultCount(page), all, 'removing the chip brings every result back');
      assert.equal(await page.locator('.active-filters').count(), 0);
      assertNoProblems(page);
      await closePage(page);
    });
  }
});

describe('near me', () => {
  test('phone: "use my location" on the top page lists recruiting trials nearest first', async () => {
    const page = await newPage(browser, PHONE);
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation(TOKYO);
    await page.goto(base + '/');
    const button = page.locator('.near-form [data-geolocate]');
    await button.waitFor({ state: 'visible' });
    await Promise.all([page.waitForURL(/\/search\?/), button.click()]);
    const params = searchParams(page);
    assert.equal(params.get('sort'), 'nearest');
    assert.equal(params.get('near'), '35.6800,139.7600');
    const distances = (await hits(page)).map((h) => km(h.distance));
    assert.ok(distances.length >= 5, `only ${distances.length} hits with a nearest site`);
    assert.deepEqual(distances, [...distances].sort((a, b) => a - b), `distances not ascending: ${distances}`);
    assert.ok(distances[0] < 10, `the nearest site to Tokyo station is ${distances[0]} km away`);
    await screenshot(page, 'phone-near-me');
    assertNoProblems(page);
    await closePage(page);
  });

  test('desktop: location, then "nearest" sort on a results page', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation(TOKYO);
    await page.goto(`${base}/search?q=${encodeURIComponent('がん')}`);
    await page.locator('details[data-filters] [data-geolocate]').click();
    await page.waitForURL((url) => url.searchParams.get('near') === '35.6800,139.7600');
    await page.locator('#f-sort option[value=nearest]').waitFor({ state: 'attached' });
    await page.selectOption('#f-sort', 'nearest');
    await page.waitForURL((url) => url.searchParams.get('sort') === 'nearest');
    await page.locator('.hit-site').first().waitFor();
    const distances = (await hits(page)).map((h) => km(h.distance));
    assert.ok(distances.length >= 5);
    assert.deepEqual(distances, [...distances].sort((a, b) => a - b), `distances not ascending: ${distances}`);
    await screenshot(page, 'desktop-nearest');
    assertNoProblems(page);
    await closePage(page);
  });
});

describe('trial page', () => {
  for (const [name, device] of DEVICES) {
    test(`${name}: sections in reading order, opened from the results`, async () => {
      const page = await newPage(browser, device);
      await page.goto(`${base}/search?q=${encodeURIComponent('非小細胞肺癌')}`);
      const link = page.locator(`.hit-title a[href^="/trials/${TRIAL}"]`);
      const title = (await link.textContent()).trim();
      await Promise.all([page.waitForURL(new RegExp(`/trials/${TRIAL}`)), link.click()]);
      assert.equal((await page.locator('h1').textContent()).trim(), title);
      const order = await page.evaluate(
        (ids) => ids.map((id) => {
          const el = document.getElementById(id);
          return el ? el.getBoundingClientRect().top + window.scrollY : null;
        }),
        TRIAL_SECTIONS.map(([id]) => id),
      );
      TRIAL_SECTIONS.forEach(([id, what], i) => assert.notEqual(order[i], null, `no ${what} section (#${id})`));
      for (let i = 1; i < order.length; ++i)
        assert.ok(order[i] > order[i - 1], `${TRIAL_SECTIONS[i][1]} comes before ${TRIAL_SECTIONS[i - 1][1]}`);
      // Each section has a visible heading, and the contents links lead to them.
      for (const [id] of TRIAL_SECTIONS) assert.ok(await page.locator(`#${id} h2`).first().isVisible(), `#${id} has no heading`);
      await page.locator('nav.toc a[href="#sec-join"]').click();
      await page.waitForURL(/#sec-join$/);
      assert.ok(await page.locator('#sec-join h2').isVisible());
      await screenshot(page, `${name}-trial`, name === 'desktop');
      assertNoProblems(page);
      await closePage(page);
    });
  }
});

describe('language', () => {
  test('phone: switching ja → en changes labels, lang and links, and back', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(base + '/');
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    const jaButton = (await page.locator('form[role=search] button[type=submit]').textContent()).trim();
    const jaHeading = (await page.locator('h1').textContent()).trim();
    await Promise.all([page.waitForURL(/lang=en/), page.locator('a.lang-switch').click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const enButton = (await page.locator('form[role=search] button[type=submit]').textContent()).trim();
    const enHeading = (await page.locator('h1').textContent()).trim();
    assert.notEqual(enButton, jaButton);
    assert.notEqual(enHeading, jaHeading);
    assert.match(enHeading, /^[\x20-\x7e’–—]+$/, `English heading has Japanese in it: ${enHeading}`);
    await screenshot(page, 'phone-top-en');
    // Searching in English keeps English, and so does the trial page it leads to.
    const box = page.locator('#q');
    await box.fill('lung cancer');
    await Promise.all([page.waitForURL(/\/search\?/), box.press('Enter')]);
    assert.equal(searchParams(page).get('lang'), 'en');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.locator('.result-count').textContent(), /stud(y|ies) found/);
    const first = page.locator('.hit-title a').first();
    await Promise.all([page.waitForURL(/\/trials\//), first.click()]);
    assert.equal(searchParams(page).get('lang'), 'en');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.locator('#sec-who h2').textContent(), /[A-Za-z]/);
    const enWho = (await page.locator('#sec-who h2').textContent()).trim();
    // And back to Japanese on the same trial.
    const path = new URL(page.url()).pathname;
    await Promise.all([page.waitForURL((url) => url.pathname === path && url.searchParams.get('lang') !== 'en'), page.locator('a.lang-switch').click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    assert.notEqual((await page.locator('#sec-who h2').textContent()).trim(), enWho);
    assertNoProblems(page);
    await closePage(page);
  });
});

describe('without JavaScript', () => {
  test('phone: search, filter and paging work with plain HTML forms and links', async () => {
    const page = await newPage(browser, PHONE, { javaScriptEnabled: false });
    await page.goto(base + '/');
    const box = page.locator('#q');
    await box.fill('がん');
    await Promise.all([page.waitForURL(/\/search\?/), box.press('Enter')]);
    const all = await resultCount(page);
    assert.ok(all > 20, `がん should need more than one page, found ${all}`);
    const first = await hits(page);
    assert.equal(first.length, 20);
    // Filter: open the filters, tick "recruiting", press the apply button.
    await page.locator('details[data-filters] > summary').click();
    await page.locator('input[name=status][value=recruiting]').check();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.getAll('status').includes('recruiting')),
      page.locator('.filter-actions button[type=submit]').click(),
    ]);
    const recruiting = await resultCount(page);
    assert.ok(recruiting > 0 && recruiting < all, `${recruiting} recruiting of ${all}`);
    assert.equal(searchParams(page).get('q'), 'がん');
    await screenshot(page, 'phone-nojs-filtered');
    // Clear it again with the chip, then page forward and back.
    await Promise.all([page.waitForURL((url) => !url.searchParams.has('status')), page.locator('.active-filters a.chip-remove').click()]);
    assert.equal(await resultCount(page), all);
    await Promise.all([page.waitForURL(/page=2/), page.locator('nav.paging a[rel=next]').click()]);
    assert.equal((await page.locator('nav.paging [aria-current=page]').textContent()).trim(), '2');
    assert.match(await page.locator('.result-count .range').textContent(), /21/);
    const second = await hits(page);
    assert.ok(second.length > 0);
    assert.equal(second.filter((h) => first.some((f) => f.href === h.href)).length, 0, 'page 2 repeats page 1');
    await Promise.all([page.waitForURL((url) => !url.searchParams.has('page')), page.locator('nav.paging a[rel=prev]').click()]);
    assert.deepEqual((await hits(page)).map((h) => h.href), first.map((h) => h.href));
    // Sorting has a submit button of its own without JavaScript.
    await page.selectOption('#f-sort', 'newest');
    await Promise.all([page.waitForURL(/sort=newest/), page.locator('.sort button[type=submit]').click()]);
    assert.equal(await resultCount(page), all);
    await screenshot(page, 'phone-nojs-sorted');
    assertNoProblems(page);
    await closePage(page);
  });
});

describe('saved trials', () => {
  test('phone: save two trials from the results, open /saved, compare them, open the print page', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(base + `/search?q=${encodeURIComponent('がん')}`);
    const buttons = page.locator('ol.hits [data-save]');
    assert.ok((await buttons.count()) >= 2, 'every hit has a save button');
    const first = buttons.nth(0), second = buttons.nth(1);
    const ids = [await first.getAttribute('data-save'), await second.getAttribute('data-save')];
    assert.equal(await first.getAttribute('aria-pressed'), 'false');
    assert.equal((await first.textContent()).trim(), '保存');
    await first.tap();
    // The keyboard works too: focus the second button and press Space.
    await second.focus();
    await page.keyboard.press('Space');
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    assert.equal(await second.getAttribute('aria-pressed'), 'true');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('rinsho.saved')));
    assert.deepEqual(stored, [ids[1], ids[0]], 'most recently saved first');
    // Pressing again removes; pressing once more saves it again.
    await first.tap();
    assert.equal(await first.getAttribute('aria-pressed'), 'false');
    await first.tap();
    await screenshot(page, 'phone-saved-buttons');

    // The header's link opens the list the browser keeps.
    await Promise.all([page.waitForURL(/\/saved\?ids=/), page.locator('a[data-saved-link]').first().click()]);
    assert.deepEqual(searchParams(page).get('ids').split(',').sort(), [...ids].sort());
    const listed = await page.locator('.saved-list .hit-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(listed.map((h) => h.replace('/trials/', '')).sort(), [...ids].sort());
    assert.equal(await page.locator('.saved-list [data-save][aria-pressed=true]').count(), 2);
    await screenshot(page, 'phone-saved', true);

    // Compare: both are ticked; the comparison stacks each attribute's values (no sideways scroll).
    await Promise.all([page.waitForURL(/\/compare\?/), page.locator('form.compare-form button[type=submit]').click()]);
    assert.deepEqual(searchParams(page).getAll('ids').sort(), [...ids].sort());
    const rows = await page.locator('.cmp-row h2').allTextContents();
    for (const label of ['募集状況', '段階 (相)', '最寄りの実施医療機関', '通院の回数 (目安)', '入院・宿泊', 'プラセボ (偽薬)', '費用', '負担軽減費', '自宅から参加できること', '年齢'])
      assert.ok(rows.includes(label), `no row for ${label}: ${rows.join(', ')}`);
    assert.equal(await page.locator('.cmp-row').first().locator('dd').count(), 2);
    // A place gives the nearest site and its distance.
    await page.selectOption('#cmp-near', { label: '東京都' });
    await Promise.all([page.waitForURL(/near=/), page.locator('form.compare-place button[type=submit]').click()]);
    const nearest = await page.locator('#cmp-nearest ~ dl dd').allTextContents();
    assert.equal(nearest.length, 2);
    for (const text of nearest) if (/km/.test(text)) assert.ok(km(text) >= 0);
    assert.ok(nearest.some((t) => /km/.test(t)), `no distance in ${nearest.join(' | ')}`);
    const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(width[0] <= width[1], `the comparison scrolls sideways (${width[0]} > ${width[1]})`);
    await screenshot(page, 'phone-compare', true);

    // Back to the list, then the printout: each trial with its QR code.
    await Promise.all([page.waitForURL(/\/saved\?/), page.locator('.compare a[href^="/saved"]').click()]);
    await Promise.all([page.waitForURL(/\/saved\/print\?/), page.locator('a[href^="/saved/print"]').click()]);
    assert.equal(await page.locator('.print-trial').count(), 2);
    assert.equal(await page.locator('.print-trial svg.qr[role=img]').count(), 2);
    for (const id of ids) assert.ok((await page.locator('.print-trial').allTextContents()).join(' ').includes(id));
    assert.equal(await page.locator('[data-print-page]').isVisible(), true);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false, 'the printout leaves the site header out');
    await screenshot(page, 'phone-print', true);
    assertNoProblems(page);
    await closePage(page);
  });

  test('phone without JavaScript: /saved explains bookmarking, and a bookmarked list still compares', async () => {
    const page = await newPage(browser, PHONE, { javaScriptEnabled: false });
    await page.goto(base + `/trials/${TRIAL}`);
    assert.equal(await page.locator('[data-save]').isVisible(), false, 'a save button that cannot work is hidden');
    await page.goto(base + '/saved');
    assert.match(await page.locator('main').textContent(), /ブックマーク/);
    await page.goto(base + `/saved?ids=${TRIAL},jRCT1032190004`);
    await Promise.all([page.waitForURL(/\/compare\?/), page.locator('form.compare-form button[type=submit]').click()]);
    assert.equal(await page.locator('.cmp-row').count(), 10);
    assertNoProblems(page);
    await closePage(page);
  });
});

describe('keyboard only', () => {
  // Presses Tab until the focused element matches, as a keyboard user would.
  async function tabTo(page, selector, limit = 200) {
    for (let i = 0; i < limit; ++i) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i + 1;
    }
    throw new Error(`${limit} Tabs never reached ${selector}`);
  }
  async function focusVisible(page) {
    return page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    });
  }

  test('desktop: Tab to the search box, type, Enter; Tab to a result, Enter opens it', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto(base + '/');
    const tabs = await tabTo(page, 'input[type=search]');
    assert.ok(tabs <= 8, `${tabs} Tabs to reach the search box`);
    assert.ok(await focusVisible(page), 'the focused search box shows no focus indicator');
    await page.keyboard.type('肺がん');
    await Promise.all([page.waitForURL(/\/search\?/), page.keyboard.press('Enter')]);
    assert.equal(searchParams(page).get('q'), '肺がん');
    await tabTo(page, '.hit-title a');
    assert.ok(await focusVisible(page), 'the focused result link shows no focus indicator');
    const title = (await page.evaluate(() => document.activeElement.textContent)).trim();
    await screenshot(page, 'desktop-keyboard-result-focused');
    await Promise.all([page.waitForURL(/\/trials\//), page.keyboard.press('Enter')]);
    assert.equal((await page.locator('h1').textContent()).trim(), title);
    assertNoProblems(page);
    await closePage(page);
  });

  test('desktop: the skip link is the first Tab stop and moves focus to the content', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto(`${base}/trials/${TRIAL}`);
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement.matches('a.skip-link')), 'first Tab stop is not the skip link');
    assert.ok(await page.locator('a.skip-link').isVisible(), 'the focused skip link is not visible');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assertNoProblems(page);
    await closePage(page);
  });
});

describe('layout stability', () => {
  it('phone: the top, results and trial pages do not jump while they load (layout shift < 0.02)', async () => {
    await ready();
    const page = await newPage(browser, PHONE);
    const shifts = [];
    for (const route of ['/', `/search?q=${encodeURIComponent('肺がん')}`, `/trials/${TRIAL}`]) {
      await page.goto(base + route, { waitUntil: 'networkidle' });
      const cls = await page.evaluate(
        () =>
          new Promise((resolve) => {
            let sum = 0;
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value;
            }).observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => resolve(sum), 300);
          }),
      );
      shifts.push(`${route} ${cls.toFixed(3)}`);
      assert.ok(cls < 0.02, `${route}: cumulative layout shift ${cls.toFixed(3)}`);
    }
    console.log(`layout shift (phone): ${shifts.join(', ')}`);
    assertNoProblems(page);
    await closePage(page);
  });
});

describe('map of Japan', () => {
  // The count a prefecture's name gives ("長野県: 募集中 7件", "Tokyo: 2 studies"), as a number.
  const countIn = (label) => Number(label.match(/(\d[\d,]*)(?!.*\d)/)[1].replace(/,/g, ''));

  test('phone: tapping a prefecture lists the recruiting trials it counted; on the results, another one replaces it', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(base + '/');
    const nagano = page.locator('svg.map-svg a[href*="prefecture=20"]');
    assert.equal(await page.locator('svg.map-svg a').count(), 47, 'every prefecture is a link');
    const label = await nagano.getAttribute('aria-label');
    assert.match(label, /^長野県: 募集中 \d+件$/);
    await Promise.all([page.waitForURL(/prefecture=20/), nagano.tap()]);
    assert.equal(searchParams(page).get('status'), 'recruiting');
    assert.equal(await resultCount(page), countIn(label), 'the results are the trials the map counted');
    await screenshot(page, 'map-narrowed-phone');

    // On the results page the map is behind a summary; Hokkaido replaces Nagano, status stays.
    await page.locator('details.map-box > summary').tap();
    const hokkaido = page.locator('svg.map-svg a[href*="prefecture=01"]');
    const hokkaidoLabel = await hokkaido.getAttribute('aria-label');
    await Promise.all([page.waitForURL(/prefecture=01/), hokkaido.tap()]);
    assert.deepEqual(searchParams(page).getAll('prefecture'), ['01']);
    assert.equal(searchParams(page).get('status'), 'recruiting');
    assert.equal(await resultCount(page), countIn(hokkaidoLabel));
    assertNoProblems(page);
    await closePage(page);
  });

  test('phone, English: Okinawa is the whole inset frame, not only its specks of islands', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(base + '/?lang=en');
    const okinawa = page.locator('svg.map-svg a[href*="prefecture=47"]');
    assert.match(await okinawa.getAttribute('aria-label'), /^Okinawa: \d+ recruiting$/);
    const box = await okinawa.boundingBox();
    assert.ok(box.width > 60 && box.width <= 390, `the inset is big enough to tap (${box.width}px)`);
    await Promise.all([page.waitForURL(/prefecture=47/), okinawa.tap({ position: { x: 8, y: 8 } })]);
    assert.equal(searchParams(page).get('lang'), 'en');
    assertNoProblems(page);
    await closePage(page);
  });
});

describe('200% zoom', () => {
  const PAGES = [
    ['top', '/'],
    ['results', `/search?q=${encodeURIComponent('肺がん')}`],
    ['results-en-nearest', '/search?q=cancer&near=35.6800,139.7600&sort=nearest&lang=en'],
    ['trial', `/trials/${TRIAL}`],
    ['glossary', '/glossary'],
    ['about', '/about'],
    ['404', '/no-such-page'],
    ['saved', `/saved?ids=${TRIAL},jRCT1032190004`],
    ['compare', `/compare?ids=${TRIAL},jRCT1032190004&near=35.6800,139.7600`],
    ['print', `/saved/print?ids=${TRIAL},jRCT1032190004`],
  ];
  test('phone at 200%: every page type fits the width and its text stays readable', async () => {
    const page = await newPage(browser, PHONE_ZOOM_200);
    for (const [name, route] of PAGES) {
      await page.goto(base + route);
      // Open what a reader would open, so the checks cover it too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const report = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const overflow = [];
        let smallest = Infinity;
        // Text hidden for sight but kept for screen readers (clipped to a 1px box) is not read on screen.
        const clipped = (el) => {
          for (let p = el; p && p !== document.body; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (s.clip !== 'auto' || s.clipPath !== 'none') return true;
            if (s.overflow === 'hidden' && p.getBoundingClientRect().width <= 1) return true;
          }
          return false;
        };
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent.trim()) continue;
          const el = node.parentElement;
          if (el.closest('.visually-hidden, .skip-link, [hidden], script, style, datalist, option')) continue;
          if (clipped(el)) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of range.getClientRects()) {
            if (r.width === 0) continue;
            if (r.right <= width + 1 && r.left >= -1) continue;
            // Text inside a box that scrolls on its own (a wide table) is reachable; anything else is cut off.
            let scrolls = false;
            for (let p = el; p && p !== document.body; p = p.parentElement) {
              const o = getComputedStyle(p).overflowX;
              if ((o === 'auto' || o === 'scroll') && p.getBoundingClientRect().right <= width + 1) scrolls = true;
            }
            if (!scrolls) overflow.push(`${el.tagName.toLowerCase()}.${el.className}: "${node.textContent.trim().slice(0, 30)}" ends at ${Math.round(r.right)}px`);
          }
          smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
        }
        // A search box too narrow to show what was typed is no use either: room for 6 characters.
        const box = document.querySelector('input[type=search]');
        let boxChars = Infinity;
        if (box) {
          const s = getComputedStyle(box);
          const inner = box.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
          boxChars = inner / parseFloat(s.fontSize);
        }
        return { width, scrollWidth: document.documentElement.scrollWidth, overflow, smallest, boxChars };
      });
      await screenshot(page, `zoom200-${name}`);
      assert.ok(report.scrollWidth <= report.width, `${name}: page scrolls sideways (${report.scrollWidth} > ${report.width} CSS px)`);
      assert.deepEqual(report.overflow.slice(0, 10), [], `${name}: text runs past the edge`);
      assert.ok(report.smallest >= 12, `${name}: text as small as ${report.smallest}px`);
      assert.ok(report.boxChars >= 6, `${name}: the search box shows only ${report.boxChars.toFixed(1)} characters`);
    }
    assertNoProblems(page);
    await closePage(page);
  });
});

describe('/stats on a phone', () => {
  test('the access chart is visible, fits the screen and is labelled', async () => {
    const page = await newPage(browser, PHONE);
    // A few visits first, so the chart has a day with people's accesses on it.
    for (const path of ['/', '/search?q=' + encodeURIComponent('肺がん'), `/trials/${TRIAL}`]) await page.goto(base + path);
    const res = await page.goto(base + '/stats');
    assert.equal(res.status(), 200);
    const chart = page.locator('svg[role=img]').first();
    assert.ok(await chart.isVisible(), 'the chart is visible');
    const box = await chart.boundingBox();
    assert.ok(box.width > 200 && box.width <= 390, `the chart fits the phone width (${box.width}px)`);
    assert.ok(box.height > 80, `the chart has room to read (${box.height}px)`);
    const labelledBy = (await chart.getAttribute('aria-labelledby')).split(/\s+/);
    for (const id of labelledBy) {
      const text = (await page.locator(`[id="${id}"]`).textContent()).trim();
      assert.ok(text.length > 5, `#${id} labels the chart: "${text}"`);
    }
    assert.match(await page.locator('h1').first().textContent(), /\S/);
    assert.match(await page.content(), /1,200,000|120万/, 'the target is shown');
    await screenshot(page, 'stats-phone', true);
    assertNoProblems(page);
    await closePage(page);
  });
});
