// What a researcher does in the portal (issue 13), in Chromium on a phone (390×844) and on a
// desktop, with and without JavaScript: an operator creates the account with rinsho-admin (or, on
// the phone runs, an organisation admin invites the person from the portal), the person opens the
// one-time link, sets a password, signs in, registers a complete trial through
// the ten steps, publishes it, finds it in public search and on its public page, edits it, sees
// the field-by-field diff, publishes version 2 and sees the version history with who changed what.
// Then keyboard only: sign-in and a form step, where an empty required field is announced (the
// error summary takes the focus) and each error's link takes the focus to its field.
// Screenshots go to tests/browser/artifacts/ (portal-*.png).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DESKTOP, PHONE, launch, newPage, screenshot } from './lib/browser.mjs';
import { assertNoProblems, hits } from './lib/pages.mjs';
import {
  PASSWORD, createUser, fillAllSteps, linkPath, loads, publishedId, sampleRecord, setPassword, signIn, withLang,
} from './lib/portal.mjs';
import { shared, startRegistry } from './lib/registry.mjs';

let registry;
let browser;
let base;

const ready = shared(async () => {
  registry = await startRegistry({ portal: true });
  base = registry.baseUrl;
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

// The sample trial jRCT2031240001 (3 sites, 2 interventions, 2 contacts, 3 outcomes) under a
// title of its own, so that public search finds this registration and not the sample.
function trialFor(code) {
  const record = sampleRecord('jRCT2031240001');
  delete record.id;
  record.public_title = {
    ja: `ポータル登録試験 ${code}: 新しい飲み薬と標準治療を比べる肺がんの試験`,
    en: `Portal registration ${code}: a new oral drug against standard treatment in lung cancer`,
  };
  return record;
}

// The account, two ways in. invite false: as an operator makes it (rinsho-admin create-user prints
// the one-time link). invite true: an organisation admin (rinsho-admin create-user ORG EMAIL --role
// admin) sets a password, signs in, opens "people" from the dashboard, invites this person as an
// editor, reads the one-time link the portal shows once and signs out; this person then opens that
// link and sets a password. The rest of the flow is the same either way.
async function account(page, email, lang, { invite = false, shot = async () => {} } = {}) {
  if (!invite) {
    const link = createUser(registry, email);
    await setPassword(page, base, link, lang);
    return link;
  }
  const adminEmail = email.replace('@', '-admin@');
  await setPassword(page, base, createUser(registry, adminEmail, 'admin'), lang);
  await signIn(page, adminEmail);
  await loads(page, () => page.click('a[href^="/portal/people"]'));
  assert.match(page.url(), /\/portal\/people(\?|$)/, 'the dashboard links to the people page');
  assert.equal(await page.locator('#invite-link').count(), 0, 'no link before an invitation');
  await page.fill('#email', email);
  await page.selectOption('#role', 'editor');
  await loads(page, () => page.click('form[action^="/portal/people"] button[type=submit]'));
  assert.equal(await page.locator('#error-summary').count(), 0, 'the invitation was refused');
  const shown = await page.inputValue('#invite-link');
  assert.match(shown, /\/portal\/password\?token=/, `the page shows no one-time link: "${shown}"`);
  assert.match(await page.locator('#invite-link-intro').textContent(), new RegExp(email.replace(/[.]/g, '\\.')), 'the link is said to be for the invitee');
  const listed = await page.locator('#people-h ~ .table-scroll tbody tr', { has: page.locator(`td:text-is("${email}")`) }).count();
  assert.equal(listed, 1, `${email} is not listed among the people`);
  await shot('invited');
  // Shown once: the page opened again has no link.
  await page.goto(withLang(`${base}/portal/people`, lang));
  assert.equal(await page.locator('#invite-link').count(), 0, 'the one-time link is shown again');
  await page.goto(withLang(`${base}/portal`, lang));
  await loads(page, () => page.click('form[action^="/portal/sign-out"] button'));
  assert.match(page.url(), /\/portal\/sign-in\?.*done=signed-out/, 'signed out');
  const link = linkPath(shown);
  await setPassword(page, base, link, lang);
  return link;
}

async function diffRows(page) {
  return page.locator('#diff-h ~ .table-scroll tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      field: tr.querySelector('th').textContent.trim(),
      before: tr.querySelector('del').textContent.trim(),
      after: tr.querySelector('ins').textContent.trim(),
    })),
  );
}

async function historyRows(page) {
  return page.locator('#history-h ~ .table-scroll tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())),
  );
}

// The dashboard's row for a trial: [title and id, status, updated, version, TRDS, warnings].
async function dashboardRow(page, id) {
  const row = page.locator('tbody tr', { has: page.locator(`code:text-is("${id}")`) });
  assert.equal(await row.count(), 1, `the dashboard lists ${id} once`);
  return row.locator('td').allTextContents();
}

// Dashboard -> "Edit" on the trial -> a draft of it -> (a change) -> step 10 by its link -> review.
async function editToReview(page, id, js, change = null) {
  await loads(page, () => page.click(`form[action^="/portal/trials/${id}/edit"] button`));
  assert.match(page.url(), /\/step\/1(\?|$)/);
  if (change) {
    await change();
    // Without JavaScript a step link cannot send the form: save first, as the buttons say. With
    // it, following the link saves what was changed (portal_form.js), which the diff then shows.
    if (!js) await loads(page, () => page.click('button[value=stay]'));
  }
  await loads(page, () => page.locator('nav ol.steps li').nth(9).locator('a').click());
  assert.match(page.url(), /\/step\/10(\?|$)/);
  await loads(page, () => page.click('button[value=next]'));
  assert.match(page.url(), /\/review(\?|$)/);
}

// Step 1 sent empty: the summary lists the required fields, each linking to its field; following a
// link puts the focus in that field. Returns the hrefs.
async function checkErrorSummary(page, { js }) {
  await loads(page, () => page.click('button[value=next]'));
  const summary = page.locator('#error-summary');
  assert.equal(await summary.getAttribute('role'), 'alert', 'the summary is announced (role=alert)');
  if (js) {
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'the summary has the focus');
  }
  const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.length >= 6, `only ${links.length} errors for an empty first step`);
  for (const href of links) {
    assert.match(href, /^#f-/, `error link ${href} is not to a field`);
    const field = page.locator(href);
    assert.equal(await field.count(), 1, `${href}: no such field`);
    assert.equal(await field.getAttribute('aria-invalid'), 'true', `${href} is not marked invalid`);
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    assert.ok(described.split(' ').includes(`${href.slice(1)}-error`), `${href}: the message beside it is not its description`);
    await page.locator(`#error-summary a[href="${href}"]`).click();
    assert.equal(await page.evaluate(() => `#${document.activeElement?.id}`), href, `following ${href} does not focus the field`);
    assert.ok(await fieldInView(page, href.slice(1)), `following ${href} scrolls its label out of view`);
  }
  return links;
}

// The whole flow for one person. code: a word in the title that only this registration has.
async function register(device, { name, code, lang, js, invite = false }) {
  const page = await newPage(browser, device, { javaScriptEnabled: js });
  const email = `${name}@example.jp`;
  const shot = (what, full = false) => screenshot(page, `portal-${name}-${what}`, full);

  await account(page, email, lang, { invite, shot });
  await shot('signin');
  await signIn(page, email);
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  await shot('dashboard');
  // An editor has no people or tokens pages: no links to them, and a 403 if opened anyway.
  assert.equal(await page.locator('a[href^="/portal/people"], a[href^="/portal/tokens"]').count(), 0, 'an editor is offered the admin pages');
  if (invite) {
    assert.equal((await page.goto(withLang(`${base}/portal/people`, lang))).status(), 403, 'an editor opens the people page');
    await page.goto(withLang(`${base}/portal`, lang));
  }

  await loads(page, () => page.click('form[action^="/portal/drafts"] button'));
  if (!js || name === 'phone') {
    await checkErrorSummary(page, { js });
    await shot('step1-errors');
  }
  const record = trialFor(code);
  const { typed, sent } = await fillAllSteps(page, record, async (n) => {
    if (n === 1 || n === 5) await shot(`step${n}`);
  });
  // bench/RESULTS.md ("Registering a trial in the researcher portal") counts these for this trial.
  assert.equal(typed, 147, 'values typed for the sample trial (bench/portal_fields.py counts 147)');
  console.log(`${name}: ${typed} values typed, ${sent} step pages sent`);

  // Review: no problems, the publish button; publishing leads to the dashboard naming the trial.
  assert.equal(await page.locator('#error-summary').count(), 0, 'the review lists problems');
  await shot('review', true);
  await loads(page, () => page.click('form[action*="/publish"] button'));
  const id = await publishedId(page);
  const row = await dashboardRow(page, id);
  assert.match(row[0], new RegExp(code));
  assert.equal(row[3], '1', 'first version');
  await shot('published');

  // Public search by its title finds it first; its page shows what was typed.
  const title = record.public_title[lang];
  await page.goto(withLang(`${base}/search?q=${encodeURIComponent(title)}`, lang));
  const found = await hits(page);
  assert.ok(found.length >= 1, `searching "${title}" found nothing`);
  assert.match(found[0].href, new RegExp(`/trials/${id}`), `the first hit for its title is ${found[0].href}`);
  await shot('search');
  await loads(page, () => page.locator('ol.hits .hit-title a').first().click());
  assert.equal((await page.locator('h1').textContent()).trim(), title);
  const text = await page.locator('main').textContent();
  for (const site of record.sites) assert.ok(text.includes(site.name[lang]), `the page does not list ${site.name[lang]}`);
  await shot('public');

  // Edit: a new target enrolment; the review shows just that change and the history so far.
  await page.goto(withLang(`${base}/portal`, lang));
  await editToReview(page, id, js, () => page.fill('[name="/target_enrollment"]', '650'));
  const diff = await diffRows(page);
  assert.equal(diff.length, 1, `one change expected: ${JSON.stringify(diff)}`);
  assert.deepEqual([diff[0].before, diff[0].after], ['600', '650']);
  assert.deepEqual((await historyRows(page)).map((r) => [r[0], r[2]]), [['1', email]]);
  await shot('diff', true);
  await loads(page, () => page.click('form[action*="/publish"] button'));
  assert.equal(await publishedId(page), id);
  assert.equal((await dashboardRow(page, id))[3], '2', 'the dashboard shows version 2');

  // Version history: on the public page, and in the portal with who changed what.
  // The public page was opened a minute ago and pages may be cached for 60 s (Cache-Control:
  // public, max-age=60): a reload asks the server again, as a person who just published would.
  await page.goto(withLang(`${base}/trials/${id}`, lang));
  await page.reload();
  const publicHistory = await page.locator('#d-history tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('td').textContent.trim()));
  assert.deepEqual(publicHistory.sort(), ['1', '2']);
  assert.match(await page.locator('main').textContent(), /650/);
  await page.goto(withLang(`${base}/portal`, lang));
  await editToReview(page, id, js);
  const history = await historyRows(page);
  assert.deepEqual(history.map((r) => [r[0], r[2]]), [['2', email], ['1', email]], 'newest first, with who');
  assert.equal(history[1][3], lang === 'en' ? 'First version' : '初版', 'version 1 is the first version, not a list of every field');
  for (const row of history) assert.match(row[1], /^\d{4}-\d\d-\d\d \d\d:\d\d$/, 'a readable time');
  assert.ok(diff[0].field && history[0][3].includes(diff[0].field), `version 2's changes "${history[0][3]}" do not name ${diff[0].field}`);
  assert.equal(await page.locator('#diff-h ~ .table-scroll').count(), 0, 'an unchanged draft shows no diff');
  await shot('history', true);
  await loads(page, () => page.click('form[action*="/discard"] button'));
  assert.match(page.url(), /done=discarded/);

  assertNoProblems(page);
  await page.context().close();
}

describe('researcher portal: account, register, publish, search, edit, diff, history', () => {
  test('phone (390×844), Japanese, JavaScript on, invited by an admin', () => register(PHONE, { name: 'phone', code: 'RZ-101', lang: 'ja', js: true, invite: true }));
  test('desktop, English, JavaScript on, account from rinsho-admin', () => register(DESKTOP, { name: 'desktop', code: 'RZ-202', lang: 'en', js: true }));
  test('phone, Japanese, JavaScript disabled, invited by an admin', () => register(PHONE, { name: 'nojs', code: 'RZ-303', lang: 'ja', js: false, invite: true }));
});

// --- keyboard only -----------------------------------------------------------------------------

// Presses Tab until the focus is on `selector` (at most `max` times) and returns how many it took,
// so a control that Tab never reaches fails the test.
async function tabTo(page, selector, max = 80) {
  for (let i = 1; i <= max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`Tab never reached ${selector} in ${max} presses`);
}

const focusedName = (page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? '');

// The top of the field's label and of its message beside it are on screen after a jump to it.
async function fieldInView(page, id) {
  return page.evaluate((fieldId) => {
    const field = document.getElementById(fieldId);
    const label = document.querySelector(`label[for="${fieldId}"]`);
    const top = Math.min(label.getBoundingClientRect().top, field.getBoundingClientRect().top);
    return top >= 0 && field.getBoundingClientRect().bottom <= window.innerHeight;
  }, id);
}

describe('researcher portal by keyboard only', () => {
  test('desktop: sign in and a form step with Tab, Enter and Space; an error is announced and leads to its field', async () => {
    const page = await newPage(browser, DESKTOP);
    const email = 'keyboard@example.jp';
    const link = createUser(registry, email);
    await page.goto(base + link);
    await tabTo(page, '#password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await loads(page, () => page.keyboard.press('Enter'));
    assert.match(page.url(), /\/portal\/sign-in\?/);

    // Sign in: Tab to the email box, type, Tab, type, Enter.
    await tabTo(page, '#email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password', 'Tab goes from the email to the password');
    await page.keyboard.type(PASSWORD);
    await loads(page, () => page.keyboard.press('Enter'));
    assert.match(page.url(), /\/portal(\?|$)/, 'signed in');

    // "Register a new trial" by Space on the button.
    await tabTo(page, 'form[action^="/portal/drafts"] button');
    await loads(page, () => page.keyboard.press('Space'));
    assert.match(page.url(), /\/step\/1(\?|$)/);

    // Send the empty step: the summary takes the focus and is an alert; its first link is the next
    // Tab stop; Enter on it puts the focus in that field, with its label and message on screen.
    await tabTo(page, 'button[value=next]', 200);
    await loads(page, () => page.keyboard.press('Enter'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary', 'the error summary has the focus');
    assert.equal(await page.locator('#error-summary').getAttribute('role'), 'alert');
    await screenshot(page, 'portal-keyboard-step1-errors');
    const hrefs = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), hrefs[0], 'Tab from the summary reaches its first error');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => `#${document.activeElement.id}`), hrefs[0], 'Enter on the error focuses its field');
    assert.ok(await fieldInView(page, hrefs[0].slice(1)), `${hrefs[0]}: its label is scrolled out of view`);
    await screenshot(page, 'portal-keyboard-error-followed');

    // Fill the step by keyboard from that first field: type into text boxes, arrow keys in lists.
    const record = trialFor('RZ-404');
    const at = (pointer) => pointer.split('/').slice(1).reduce((node, key) => node?.[key], record);
    let typed = 0;
    for (let guard = 0; guard < 120; guard += 1) {
      const name = await focusedName(page);
      if (name === 'go') break;  // the buttons: everything before them is done
      const want = at(name);
      if (name.startsWith('/') && (typeof want === 'string' || typeof want === 'number') && !name.startsWith('/dates/')) {
        const tag = await page.evaluate(() => document.activeElement.tagName);
        if (tag === 'SELECT') {
          const options = await page.evaluate(() => [...document.activeElement.options].map((o) => o.value));
          const target = options.indexOf(String(want));
          assert.ok(target > 0, `${name} offers no ${want}`);
          for (let i = 0; i < target; i += 1) await page.keyboard.press('ArrowDown');
        } else {
          await page.keyboard.type(String(want));
        }
        typed += 1;
      }
      await page.keyboard.press('Tab');
    }
    assert.ok(typed >= 15, `only ${typed} fields typed by keyboard`);
    assert.equal(await page.evaluate(() => document.activeElement.value), 'next', 'Tab after the last field reaches "save and continue"');
    await loads(page, () => page.keyboard.press('Enter'));
    assert.match(page.url(), /\/step\/2(\?|$)/, 'the step was accepted');
    const back = await page.request.get(page.url().replace(/\/step\/2.*/, '/step/1'));
    const html = await back.text();
    assert.ok(html.includes(record.public_title.ja.replace(/:/g, ':')) || html.includes('RZ-404'), 'the typed title was saved');
    await screenshot(page, 'portal-keyboard-step2');
    assertNoProblems(page);
    await page.context().close();
  });
});
