// What keeps readers safe and pages light: registrant text is shown as text (never run as script)
// on the results page, the trial page and the sitemap; every response carries the security
// headers; a results page of 20 hits transfers under 60 KB compressed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PHONE, launch, newPage, screenshot } from './lib/browser.mjs';
import { assertNoProblems, hits } from './lib/pages.mjs';
import { config, shared, startRegistry } from './lib/registry.mjs';

const TRIAL = 'jRCT2031240001';
const EVIL_ID = 'jRCT9990000001';
const EVIL_TITLE = '<script>alert(1)</script>';
const EVIL_CONDITION = '<img src=x onerror=alert(2)>';
const EVIL_SUMMARY = '</script><script>alert(3)</script> "quoted" & \'single\' <b>bold</b>';
const MARKER = 'xssprobe';

let registry;
let browser;
let base;

const ready = shared(async () => {
  registry = await startRegistry({ token: true });
  base = registry.baseUrl;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await registry?.stop();
});

// A plain GET with the headers we choose and the raw (still compressed) body.
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('registrant text is escaped', () => {
  // The probe trial, registered through the API on first use.
  const probe = shared(async () => {
    await ready();
    const record = JSON.parse(readFileSync(path.join(config.samples, `${TRIAL}.json`), 'utf8'));
    record.id = EVIL_ID;
    record.public_title = { ja: EVIL_TITLE, en: EVIL_TITLE };
    record.plain_summary = { ja: `${EVIL_SUMMARY} ${MARKER}`, en: `${EVIL_SUMMARY} ${MARKER}` };
    record.conditions = [{ ...record.conditions[0], name: { ja: EVIL_CONDITION, en: EVIL_CONDITION } }];
    record.keywords = [MARKER];
    const res = await fetch(`${base}/api/v1/trials`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${registry.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(record),
    });
    assert.equal(res.status, 201, `registering the probe trial: ${await res.text()}`);
  });
  const test = (name, fn) => it(name, async () => {
    await probe();
    await fn();
  });

  async function assertInert(page) {
    const injected = await page.evaluate(() => ({
      scripts: [...document.scripts].filter((s) => s.type !== 'application/ld+json').map((s) => s.src || s.textContent.slice(0, 60)),
      images: document.querySelectorAll('img[src="x"], img[onerror]').length,
      bold: document.querySelectorAll('main b').length,
    }));
    for (const s of injected.scripts) assert.match(s, /\/static\//, `a script that is not ours: ${s}`);
    assert.equal(injected.images, 0, 'an injected <img> became an element');
    assert.equal(injected.bold, 0, 'an injected <b> became an element');
  }

  for (const lang of ['ja', 'en']) {
    test(`results page (${lang}) shows the title and condition as text`, async () => {
      const page = await newPage(browser, PHONE);
      await page.goto(`${base}/search?q=${MARKER}${lang === 'en' ? '&lang=en' : ''}`);
      const found = await hits(page);
      const hit = found.find((h) => h.href.startsWith(`/trials/${EVIL_ID}`));
      assert.ok(hit, `the probe trial is not among the results: ${found.map((h) => h.href)}`);
      assert.equal(hit.title, EVIL_TITLE);
      assert.ok(hit.conditions.includes(EVIL_CONDITION), `condition shown as "${hit.conditions}"`);
      await assertInert(page);
      await screenshot(page, `escaping-results-${lang}`);
      assertNoProblems(page);
      await page.context().close();
    });

    test(`trial page (${lang}) shows the title, summary and condition as text; JSON-LD still parses`, async () => {
      const page = await newPage(browser, PHONE);
      await page.goto(`${base}/trials/${EVIL_ID}${lang === 'en' ? '?lang=en' : ''}`);
      assert.equal((await page.locator('h1').textContent()).trim(), EVIL_TITLE);
      assert.ok((await page.title()).includes(EVIL_TITLE), `document title "${await page.title()}"`);
      assert.ok((await page.locator('#sec-what .summary').textContent()).includes(EVIL_SUMMARY));
      assert.ok((await page.locator('#sec-who').textContent()).includes(EVIL_CONDITION));
      const ld = await page.locator('script[type="application/ld+json"]').allTextContents();
      assert.ok(ld.length > 0, 'the trial page has no JSON-LD');
      for (const text of ld) {
        const data = JSON.parse(text);
        assert.ok(JSON.stringify(data).includes(EVIL_TITLE), 'JSON-LD lost the title');
      }
      await assertInert(page);
      await screenshot(page, `escaping-trial-${lang}`, true);
      assertNoProblems(page);
      await page.context().close();
    });
  }

  test('sitemap lists the probe trial and stays well-formed XML', async () => {
    const page = await newPage(browser, PHONE);
    const res = await page.goto(`${base}/sitemap.xml`);
    const xml = await res.text();
    assert.match(res.headers()['content-type'], /xml/);
    assert.ok(xml.includes(`/trials/${EVIL_ID}`), 'the probe trial is not in the sitemap');
    assert.ok(!/<script|<img|onerror/i.test(xml), 'registrant markup leaked into the sitemap');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, urls: doc.getElementsByTagName('loc').length };
    }, xml);
    assert.equal(parsed.error, null, `sitemap.xml does not parse: ${parsed.error}`);
    assert.ok(parsed.urls > 300, `only ${parsed.urls} URLs in the sitemap`);
    assertNoProblems(page);
    await page.context().close();
  });

  test('a query with markup is echoed as text on the results page', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(`${base}/search?q=${encodeURIComponent(EVIL_TITLE + '"><img src=x onerror=alert(4)>')}`);
    assert.equal(await page.locator('#q').inputValue(), EVIL_TITLE + '"><img src=x onerror=alert(4)>');
    assert.ok((await page.locator('h1').textContent()).includes(EVIL_TITLE));
    await assertInert(page);
    assertNoProblems(page);
    await page.context().close();
  });
});

describe('security headers', () => {
  it('every page, file and error carries them; HTML has a CSP without inline script', async () => {
    await ready();
    const top = await get(`${base}/`);
    const assets = [...top.body.toString().matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    assert.ok(assets.length >= 3, `static files on the top page: ${assets}`);
    const routes = [
      ['/', 200, true],
      [`/search?q=${encodeURIComponent('肺がん')}`, 200, true],
      ['/search?q=zzzzqqqqxxxx', 200, true],
      [`/trials/${TRIAL}`, 200, true],
      [`/trials/${TRIAL}?lang=en`, 200, true],
      ['/glossary', 200, true],
      ['/about', 200, true],
      ['/no-such-page', 404, true],
      ['/trials/jRCT0000000000', 404, true],
      ['/search?age=-5', 400, true],
      ['/sitemap.xml', 200, false],
      ['/robots.txt', 200, false],
      ['/api/v1/trials?q=HER2', 200, false],
      ...[...new Set(assets)].map((a) => [a, 200, false]),
    ];
    const problems = [];
    for (const [route, status, html] of routes) {
      const res = await get(base + route);
      const h = res.headers;
      if (res.status !== status) problems.push(`${route}: status ${res.status}, expected ${status}`);
      if (h['x-content-type-options'] !== 'nosniff') problems.push(`${route}: X-Content-Type-Options ${h['x-content-type-options']}`);
      if (!h['referrer-policy']) problems.push(`${route}: no Referrer-Policy`);
      if (!html) continue;
      if (!/^text\/html/.test(h['content-type'] || '')) problems.push(`${route}: Content-Type ${h['content-type']}`);
      const csp = h['content-security-policy'];
      if (!csp) {
        problems.push(`${route}: no Content-Security-Policy`);
        continue;
      }
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
      const scripts = directives['script-src'] || directives['default-src'];
      if (!scripts) problems.push(`${route}: CSP restricts no scripts: ${csp}`);
      else if (scripts.some((v) => /unsafe-inline|unsafe-eval|^\*$|^data:$|^https?:$/.test(v))) problems.push(`${route}: script-src ${scripts.join(' ')}`);
      if (!directives['object-src']?.includes("'none'")) problems.push(`${route}: object-src is not 'none'`);
      if (!directives['frame-ancestors'] && !h['x-frame-options']) problems.push(`${route}: can be framed`);
    }
    assert.deepEqual(problems, []);
  });
});

describe('page weight', () => {
  const LIMIT = 60 * 1024;
  it('a results page of 20 hits transfers under 60 KB compressed (gzip and what Chromium negotiates)', async () => {
    await ready();
    const route = `/search?q=${encodeURIComponent('がん')}`;
    // As Chromium loads it: document, CSS, JS, icon, every byte on the wire including headers.
    const page = await newPage(browser, PHONE);
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(base + route, { waitUntil: 'networkidle' });
    assert.equal((await hits(page)).length, 20, 'the page does not show 20 hits');
    let browserBytes = 0;
    const lines = [];
    for (const r of responses) {
      const sizes = await r.request().sizes();
      const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
      browserBytes += bytes;
      lines.push(`${new URL(r.url()).pathname} ${r.headers()['content-encoding'] || 'identity'} ${bytes} B`);
    }
    assertNoProblems(page);
    await page.context().close();
    // The same files with gzip only, as the brief's budget is stated.
    let gzipBytes = 0;
    const doc = await get(base + route, { 'Accept-Encoding': 'gzip' });
    assert.equal(doc.headers['content-encoding'], 'gzip', 'the results page is not compressed');
    gzipBytes += doc.body.length;
    const html = (await get(base + route)).body.toString();
    for (const [, asset] of html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)) {
      const res = await get(base + asset.replace(/&amp;/g, '&'), { 'Accept-Encoding': 'gzip' });
      gzipBytes += res.body.length;
      lines.push(`gzip ${asset} ${res.headers['content-encoding'] || 'identity'} ${res.body.length} B`);
    }
    console.log(`results page (20 hits): ${browserBytes} B as Chromium loaded it, ${gzipBytes} B of gzip bodies`);
    console.log(`html ${Buffer.byteLength(html)} B uncompressed, ${doc.body.length} B gzip`);
    for (const l of lines) console.log(`  ${l}`);
    assert.ok(browserBytes < LIMIT, `${browserBytes} B transferred by Chromium`);
    assert.ok(gzipBytes < LIMIT, `${gzipBytes} B with gzip`);
  });
});
