// What a researcher does in the portal (portal/templates/*.mustache), as a person would do it:
// open the one-time link rinsho-admin printed, set a password, sign in, fill the guided form's
// steps (input names are JSON Pointers into the record), review and publish. Works with and
// without JavaScript: every step is a plain form post.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { config } from './registry.mjs';

export const PASSWORD = 'correct horse battery 臨床';
export const STEPS = 10;

// Waits for the document that a click or key press loads (a form post, its 303 and the page after).
export async function loads(page, action) {
  const loaded = page.waitForEvent('load');
  try {
    await action();
  } catch (e) {
    loaded.catch(() => {});
    throw e;
  }
  await loaded;
}

// The path and query of rinsho-admin's one-time link (its last line), on the test server.
export function linkPath(link) {
  const url = new URL(link.trim().split('\n').pop());
  return url.pathname + url.search;
}

// rinsho-admin create-user ORG EMAIL on the running registry: the link to open.
export function createUser(registry, email, role = 'editor') {
  return linkPath(registry.admin('create-user', registry.portalOrg, email, '--role', role));
}

export function withLang(url, lang) {
  if (lang !== 'en') return url;
  return url + (url.includes('?') ? '&' : '?') + 'lang=en';
}

export async function setPassword(page, base, link, lang) {
  await page.goto(withLang(base + link, lang));
  await page.fill('#password', PASSWORD);
  await page.fill('#confirm', PASSWORD);
  await loads(page, () => page.click('form button[type=submit]'));
  assert.match(page.url(), /\/portal\/sign-in\?.*done=password-set/, 'setting the password leads to sign-in');
}

export async function signIn(page, email) {
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await loads(page, () => page.click('form[action*="sign-in"] button[type=submit]'));
  assert.match(page.url(), /\/portal(\?|$)/, `signing in as ${email} leads to the dashboard, not ${page.url()}`);
}

export function sampleRecord(id) {
  return JSON.parse(readFileSync(path.join(config.samples, `${id}.json`), 'utf8'));
}

function at(record, pointer) {
  let node = record;
  for (const t of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[t];
  }
  return node;
}

// The text a field of the form holds for a record value (the form's own conventions: one word a
// line for lists of words, true/false for yes/no, the prefecture's code).
function formText(value) {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value.join('\n') : undefined;
  if (typeof value === 'object') return undefined;
  return String(value);
}

async function stepInputs(page) {
  return page.locator('form[data-validate] [name^="/"]').evaluateAll((els) =>
    els.map((el) => ({ name: el.name, tag: el.tagName.toLowerCase(), value: el.value })),
  );
}

// Lists whose record holds more rows than the page shows (it shows those saved plus one blank).
function listsShort(inputs, record) {
  const shown = new Map();
  for (const { name } of inputs) {
    const m = name.match(/^(.*?)\/(\d+)(\/|$)/);
    if (m) shown.set(m[1], Math.max(shown.get(m[1]) ?? 0, Number(m[2]) + 1));
  }
  return [...shown].filter(([list, rows]) => (at(record, list)?.length ?? 0) > rows).map(([list]) => list);
}

// Fills every input of the current step that the record has a value for; a list with more rows
// than the page shows is saved ("save draft") to get the next blank row, as a person adds rows.
// Returns the number of values typed or chosen and of extra saves for rows.
export async function fillStep(page, record) {
  let typed = 0;
  let saves = 0;
  for (let round = 0; round < 10; round += 1) {
    const inputs = await stepInputs(page);
    for (const input of inputs) {
      const text = formText(at(record, input.name));
      if (text === undefined || text === input.value) continue;
      const field = page.locator(`[name="${input.name}"]`);
      if (input.tag === 'select') await field.selectOption(text);
      else await field.fill(text);
      typed += 1;
    }
    const short = listsShort(inputs, record);
    if (!short.length) return { typed, saves };
    saves += 1;
    await loads(page, () => page.click('button[value=stay]'));
    assert.equal(await page.locator('#error-summary').count(), 0, `saving a draft with more rows of ${short} showed errors`);
  }
  throw new Error('fillStep: the lists never got enough rows');
}

export async function stepNumber(page) {
  const m = page.url().match(/\/step\/(\d+)/);
  return m ? Number(m[1]) : 0;
}

// From step 1 of a draft through every step to the review page; "save and continue" on each.
// Returns the values typed and the pages sent (each step once, plus a save per added list row).
export async function fillAllSteps(page, record, onStep = async () => {}) {
  let typed = 0;
  let sent = 0;
  for (let n = 1; n <= STEPS; n += 1) {
    assert.equal(await stepNumber(page), n, `expected step ${n} at ${page.url()}`);
    const filled = await fillStep(page, record);
    typed += filled.typed;
    sent += filled.saves + 1;
    await onStep(n);
    await loads(page, () => page.click('button[value=next]'));
    const problems = await page.locator('#error-summary li').allTextContents();
    assert.deepEqual(problems, [], `step ${n} was refused`);
  }
  assert.match(page.url(), /\/review(\?|$)/, 'the last step leads to the review');
  return { typed, sent };
}

// The dashboard's notice after publishing names the trial's id.
export async function publishedId(page) {
  const notice = await page.locator('.notice[role=status]').textContent();
  const m = notice.match(/jRCT[0-9a-z]\d{9}/);
  assert.ok(m, `no trial id in the notice "${notice}"`);
  return m[0];
}
