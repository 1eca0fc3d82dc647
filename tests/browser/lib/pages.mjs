// What a reader sees on rinsho's pages, read through the DOM the frontend renders
// (frontend/templates/*.mustache): result counts, hits, distances, trial sections.
import assert from 'node:assert/strict';

// "1,234 件の研究が見つかりました" / "1,234 studies found" -> 1234; "1 study found" -> 1.
export async function resultCount(page) {
  const text = await page.locator('.result-count strong').first().textContent();
  const m = text.match(/\d[\d,]*/);
  assert.ok(m, `no number in the result count "${text}"`);
  return Number(m[0].replace(/,/g, ''));
}

export async function hits(page) {
  return page.locator('ol.hits > li.hit').evaluateAll((items) =>
    items.map((li) => ({
      title: li.querySelector('.hit-title')?.textContent.trim() ?? '',
      href: li.querySelector('.hit-title a')?.getAttribute('href') ?? '',
      status: [...(li.querySelector('.hit-meta .status')?.classList ?? [])].find((c) => c.startsWith('status-'))?.slice(7) ?? '',
      conditions: li.querySelector('.hit-conditions')?.textContent.trim() ?? '',
      text: li.textContent.replace(/\s+/g, ' ').trim(),
      distance: li.querySelector('.hit-site strong')?.textContent.trim() ?? '',
    })),
  );
}

// "約 12 km" / "about 1.5 km" -> 12 / 1.5
export function km(text) {
  const m = text.match(/(\d+(?:\.\d+)?)\s*km/);
  assert.ok(m, `no distance in "${text}"`);
  return Number(m[1]);
}

export function searchParams(page) {
  return new URL(page.url()).searchParams;
}

// Trial page sections, in the order a patient reads them (frontend/templates/trial.mustache ids).
export const TRIAL_SECTIONS = [
  ['sec-what', 'plain summary'],
  ['sec-who', 'who can join'],
  ['sec-where', 'where'],
  ['sec-involves', 'what taking part involves'],
  ['sec-join', 'how to join'],
  ['sec-status', 'status and dates'],
  ['sec-details', 'details'],
];

export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], `the page reported problems:\n${page.problems.join('\n')}`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
