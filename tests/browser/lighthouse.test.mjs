// Lighthouse (mobile emulation, simulated throttling) on the top, results, trial, saved and compare
// pages. Accessibility and SEO must be 100; /saved and /compare are noindex on purpose (a reader's
// own list), so there SEO may miss exactly the "is-crawlable" audit and nothing else. Performance and best practices target 95; a page below that
// is audited again (best of 3 runs), and only a best run below RINSHO_LIGHTHOUSE_SOFT (default 90)
// fails the test, as shared CI machines are noisy.
// RINSHO_LIGHTHOUSE_RECORD=path/to/RESULTS.md writes the scores into its "Lighthouse" section.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ARTIFACTS } from './lib/browser.mjs';
import { audit, startChromium } from './lib/lighthouse.mjs';
import { shared, startRegistry } from './lib/registry.mjs';

const SOFT = Number(process.env.RINSHO_LIGHTHOUSE_SOFT || 90);
const TARGET = { performance: 95, 'best-practices': 95 };
const RUNS = 3;
const PAGES = [
  ['top', '/'],
  ['results', '/search?q=%E8%82%BA%E3%81%8C%E3%82%93'], // 肺がん
  ['trial', '/trials/jRCT2031240001'],
  ['saved', '/saved?ids=jRCT2031240001,jRCT1032190004,jRCT1032190046', { noindex: true }],
  ['compare', '/compare?ids=jRCT2031240001,jRCT1032190004&near=35.6895%2C139.6917', { noindex: true }],
];

let registry;
let chrome;
const rows = [];

const ready = shared(async () => {
  registry = await startRegistry();
  chrome = await startChromium();
});

describe('lighthouse', () => {
  after(async () => {
    await chrome?.kill();
    await registry?.stop();
    if (rows.length) report();
  });

  for (const [name, route, { noindex = false } = {}] of PAGES) {
    const seo = noindex ? 'SEO 100 but for its noindex' : 'SEO 100';
    it(`${name} page (${route}): accessibility 100, ${seo}, performance and best practices ≥ ${SOFT}`, async () => {
      await ready();
      const url = registry.baseUrl + route;
      // Accessibility and SEO do not vary between runs; performance does, with the machine's load
      // (simulated throttling scales the CPU time it observes). Up to 3 runs; the best one counts.
      let r = null;
      const tries = [];
      for (let run = 0; run < RUNS; ++run) {
        const next = await audit(url, chrome.port);
        tries.push(next.scores.performance);
        if (!r || next.scores.performance > r.scores.performance) r = next;
        if (Object.entries(TARGET).every(([category, target]) => r.scores[category] >= target)) break;
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(path.join(ARTIFACTS, `lighthouse-${name}.html`), r.report);
      rows.push({ name, route, tries, ...r });
      console.log(`lighthouse ${name}: ${JSON.stringify(r.scores)} ${JSON.stringify(r.metrics)} (performance per run: ${tries.join(', ')})`);
      for (const [category, audits] of Object.entries(r.failing))
        if (audits.length) console.log(`  ${category} below 100: ${audits.join('; ')}`);
      assert.equal(r.scores.accessibility, 100, `accessibility on ${route}: ${r.failing.accessibility.join('; ')}`);
      if (noindex) {
        const others = r.failing.seo.filter((a) => !a.startsWith('is-crawlable '));
        assert.deepEqual(others, [], `SEO on ${route} beyond its noindex: ${others.join('; ')}`);
        assert.ok(r.failing.seo.length === 1, `${route} should be noindex (is-crawlable failing)`);
      } else {
        assert.equal(r.scores.seo, 100, `SEO on ${route}: ${r.failing.seo.join('; ')}`);
      }
      for (const [category, target] of Object.entries(TARGET)) {
        if (r.scores[category] < target)
          console.log(`WARNING ${category} ${r.scores[category]} on ${route} is below the target ${target}`);
        assert.ok(r.scores[category] >= SOFT, `${category} ${r.scores[category]} on ${route}: ${r.failing[category].join('; ')}`);
      }
    });
  }
});

function report() {
  const lines = [
    '## Lighthouse',
    '',
    `Lighthouse ${rows[0].version}, mobile emulation with simulated throttling (the defaults), Chromium`,
    `from Debian (${rows[0].userAgent?.match(/Chrome\/[\d.]+/)?.[0] ?? 'unknown'}), sample records, on ${new Date().toISOString().slice(0, 10)}.`,
    'Command: `cd build && RINSHO_LIGHTHOUSE_RECORD=$PWD/../bench/RESULTS.md ctest -R lighthouse -V`',
    '(this section is written by tests/browser/lighthouse.test.mjs); HTML reports in tests/browser/artifacts/.',
    'Targets: performance ≥ 95, accessibility 100, best practices ≥ 95, SEO 100. A page below a target is',
    'audited again, up to 3 runs; the table shows the best run and the performance score of each run.',
    '',
    '| Page | URL | Performance (runs) | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | \`${r.route}\` | ${r.scores.performance} (${r.tries.join(', ')}) | ${r.scores.accessibility} | ${r.scores['best-practices']} | ${r.scores.seo} | ${r.metrics.fcp} | ${r.metrics.lcp} | ${r.metrics.tbt} | ${r.metrics.cls} |`,
    ),
    '',
  ];
  const section = lines.join('\n');
  writeFileSync(path.join(ARTIFACTS, 'lighthouse.md'), section);
  console.log(`lighthouse reports and summary in ${ARTIFACTS}`);
  const target = process.env.RINSHO_LIGHTHOUSE_RECORD;
  if (!target) return;
  let text = existsSync(target) ? readFileSync(target, 'utf8') : '# Benchmark results\n';
  const start = text.indexOf('\n## Lighthouse\n');
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 1);
    text = text.slice(0, start + 1) + section + (next >= 0 ? text.slice(next) : '');
  } else {
    text = text.replace(/\n*$/, '\n\n') + section;
  }
  writeFileSync(target, text);
  console.log(`lighthouse scores recorded in ${target}`);
}
