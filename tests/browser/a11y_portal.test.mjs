// axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page of the researcher portal, in Japanese on a
// phone and in English on a desktop: set password (and its errors, and a used link), sign-in (and
// its errors), the dashboard with a trial and drafts, a new draft's first step with its error
// summary, its review with problems, "start from a file" (and its error), every one of the ten
// steps filled with a published trial's values, and the review of a change with its field diff
// and version history. The session is made as a person would: the one-time link from
// rinsho-admin, a password, a sign-in. Then an organisation admin's pages, in an organisation of
// their own: people (just the admin, the invitation's errors, an invitation with its one-time
// link), API tokens (none, the issue form's error, a token just issued, the list after a revoke),
// the invited editor's set-password page and the 403 an editor gets on both pages.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AXE_TAGS, DESKTOP, PHONE, axe, launch, newPage } from './lib/browser.mjs';
import { assertNoProblems } from './lib/pages.mjs';
import { PASSWORD, STEPS, linkPath, loads, sampleRecord, setPassword, signIn, withLang } from './lib/portal.mjs';
import { shared, startRegistry } from './lib/registry.mjs';

const RUNS = [
  ['phone', PHONE, 'ja', 'ja@example.jp'],
  ['desktop', DESKTOP, 'en', 'en@example.jp'],
];

let registry;
let browser;
let trialId;
const summary = [];

// A trial of the portal's organisation with two versions, written through the API with a token of
// that organisation (rinsho-admin issue-token), so that edits have a diff and a history.
async function publishedTrial() {
  const token = registry.admin('issue-token', registry.portalOrg, 'a11y').trim().split('\n').pop();
  const record = sampleRecord('jRCT2031240001');
  delete record.id;
  const send = async (method, path, body, headers = {}) => {
    const res = await fetch(registry.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  const created = await send('POST', '/api/v1/trials', record);
  record.target_enrollment = 620;
  await send('PUT', `/api/v1/trials/${created.id}`, { ...record, id: created.id }, { 'If-Match': created.etag });
  return created.id;
}

const ready = shared(async () => {
  registry = await startRegistry({ people: RUNS.map((run) => run[3]) });
  browser = await launch();
  trialId = await publishedTrial();
});
after(async () => {
  await browser?.close();
  await registry?.stop();
  console.log(`axe-core portal ${AXE_TAGS.join(',')}: ${summary.join('; ')}`);
});

// axe on the page as it is now, recorded under `name`; errorSummary first asserts that the page
// shows its error summary.
function checkers(page, device, lang, failures) {
  const check = async (name) => {
    assert.equal(await page.locator('html').getAttribute('lang'), lang, `${name}: page language`);
    const violations = await axe(page);
    summary.push(`${device}/${lang}/${name} ${violations.length}`);
    for (const v of violations) failures.push(`${name} (${page.url()}): ${v}`);
  };
  const errorSummary = async (name) => {
    assert.equal(await page.locator('#error-summary[role=alert] li').count() > 0, true, `${name}: no error summary`);
    await check(name);
  };
  return { check, errorSummary };
}

describe('axe-core: zero violations on the portal', () => {
  for (const [device, options, lang, email] of RUNS) {
    it(`${device}, ${lang}: password, sign-in, dashboard, errors, import, ten filled steps, review with diff and history`, async () => {
      await ready();
      const base = registry.baseUrl;
      const page = await newPage(browser, options, { bypassCSP: true });
      const failures = [];
      const { check, errorSummary } = checkers(page, device, lang, failures);

      // Set password: the form, its errors (confirmation differs), then the real one.
      await page.goto(withLang(`${base}/portal/password?token=${registry.links[email]}`, lang));
      await check('set password');
      await page.fill('#password', PASSWORD);
      await page.fill('#confirm', `${PASSWORD}!`);
      await loads(page, () => page.click('form button[type=submit]'));
      await errorSummary('set password, errors');
      await page.fill('#password', PASSWORD);
      await page.fill('#confirm', PASSWORD);
      await loads(page, () => page.click('form button[type=submit]'));
      await check('sign in (password set)');
      // The link is used now: the page that says so.
      await page.goto(withLang(`${base}/portal/password?token=${registry.links[email]}`, lang));
      await check('set password, used link');

      // Sign in: a wrong password first.
      await page.goto(withLang(`${base}/portal/sign-in`, lang));
      await page.fill('#email', email);
      await page.fill('#password', 'not the password at all');
      await loads(page, () => page.click('form[action*="sign-in"] button[type=submit]'));
      await errorSummary('sign in, errors');
      await page.fill('#password', PASSWORD);
      await loads(page, () => page.click('form[action*="sign-in"] button[type=submit]'));
      assert.match(page.url(), /\/portal(\?|$)/);

      // A new draft: step 1 sent empty, and its review listing what is missing.
      await loads(page, () => page.click('form[action^="/portal/drafts"] button'));
      const draft = page.url().replace(/\/step\/1.*$/, '');
      await loads(page, () => page.click('button[value=next]'));
      await errorSummary('step 1, errors');
      await page.goto(withLang(`${draft}/review`, lang));
      await errorSummary('review, errors');

      // Start from a file: the page, and text that is not a trial.
      await page.goto(withLang(`${base}/portal/drafts/import`, lang));
      await check('import');
      await page.fill('#file', '{"not": "a trial"');
      await loads(page, () => page.click('form button[type=submit]'));
      await errorSummary('import, errors');

      // The dashboard with the organisation's trial and this person's draft.
      await page.goto(withLang(`${base}/portal`, lang));
      await check('dashboard');

      // Edit the published trial: every step holds its values (lists with their rows).
      await loads(page, () => page.click(`form[action^="/portal/trials/${trialId}/edit"] button`));
      const edit = page.url().replace(/\/step\/1.*$/, '');
      await page.fill('[name="/target_enrollment"]', '640');
      await loads(page, () => page.click('button[value=stay]'));
      await check('step 1, saved');
      for (let n = 2; n <= STEPS; n += 1) {
        assert.equal((await page.goto(withLang(`${edit}/step/${n}`, lang))).status(), 200);
        await check(`step ${n}`);
      }
      await page.goto(withLang(`${edit}/review`, lang));
      assert.equal(await page.locator('#diff-h ~ .table-scroll tbody tr').count(), 1, 'the review shows the change');
      assert.equal(await page.locator('#history-h ~ .table-scroll tbody tr').count(), 2, 'the review shows both versions');
      await check('review, diff and history');

      assertNoProblems(page);
      await page.context().close();
      assert.deepEqual(failures, [], `axe violations (${device}, ${lang}):\n${failures.join('\n')}`);
    });
  }
  for (const [device, options, lang] of RUNS) {
    it(`${device}, ${lang}: people and API tokens (admin), the invitation, an editor's 403`, async () => {
      await ready();
      const base = registry.baseUrl;
      const page = await newPage(browser, options, { bypassCSP: true });
      const failures = [];
      const { check, errorSummary } = checkers(page, device, lang, failures);

      // An organisation of its own, so that its people and tokens pages start empty.
      const org = registry.admin('create-org', `Admin pages ${lang}`).trim().split('\n').pop();
      const adminEmail = `admin-${lang}@example.jp`;
      const editorEmail = `invited-${lang}@example.jp`;
      const adminLink = linkPath(registry.admin('create-user', org, adminEmail, '--role', 'admin'));
      await setPassword(page, base, adminLink, lang);
      await signIn(page, adminEmail);
      await check('dashboard (admin)');

      // People: only the admin; an invitation without an address; an invitation with its link.
      await page.goto(withLang(`${base}/portal/people`, lang));
      assert.equal(await page.locator('#people-h ~ .table-scroll tbody tr').count(), 1, 'only the admin is listed');
      await check('people');
      await loads(page, () => page.click('form[action^="/portal/people"] button[type=submit]'));
      await errorSummary('people, errors');
      await page.fill('#email', editorEmail);
      await page.selectOption('#role', 'editor');
      await loads(page, () => page.click('form[action^="/portal/people"] button[type=submit]'));
      const invite = await page.inputValue('#invite-link');
      await check('people, invitation shown');

      // API tokens: none; a name left out; one just issued; the list after revoking it.
      await page.goto(withLang(`${base}/portal/tokens`, lang));
      assert.equal(await page.locator('#tokens-h ~ .table-scroll').count(), 0, 'a new organisation has no tokens');
      await check('tokens');
      await loads(page, () => page.click('form[action^="/portal/tokens"]:not([action*="revoke"]) button[type=submit]'));
      await errorSummary('tokens, errors');
      await page.fill('#label', 'a11y 連携');
      await loads(page, () => page.click('form[action^="/portal/tokens"]:not([action*="revoke"]) button[type=submit]'));
      assert.match(await page.inputValue('#new-token'), /^rin_/, 'the token is shown');
      await check('tokens, token just issued');
      await loads(page, () => page.click('form[action*="/revoke"] button[type=submit]'));
      assert.match(page.url(), /done=revoked/);
      await check('tokens, revoked');

      // The invited editor: the link's page, then the admin pages refused.
      await page.goto(withLang(`${base}/portal`, lang));
      await loads(page, () => page.click('form[action^="/portal/sign-out"] button'));
      await page.goto(withLang(base + linkPath(invite), lang));
      await check('set password (invited)');
      await setPassword(page, base, linkPath(invite), lang);
      await signIn(page, editorEmail);
      for (const [path, name] of [['/portal/people', 'people'], ['/portal/tokens', 'tokens']]) {
        assert.equal((await page.goto(withLang(base + path, lang))).status(), 403, `an editor opens ${path}`);
        await check(`${name}, editor (403)`);
      }

      assertNoProblems(page);
      await page.context().close();
      assert.deepEqual(failures, [], `axe violations (${device}, ${lang}):\n${failures.join('\n')}`);
    });
  }
});
