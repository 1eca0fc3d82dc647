// WHO TRDS XML in the ICTRP layout: every sample trial's document, one by one and as the bulk
// file, must be well-formed (fast-xml-parser's validator), use only ICTRP's element names (and
// rinsho's "_ja" siblings), give an actual completion date only for trials that have ended, and
// split contact names into first and last name as ICTRP readers expect.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ENDED, exportEach, get, report, sampleRecords, shared, startRegistry } from './lib/harness.mjs';

const records = sampleRecords();
const registry = shared(() => startRegistry());
after(async () => registry.started() && (await registry()).stop());

// ICTRP's export layout (the elements of <Trial> in its XML downloads).
const ICTRP = new Set(['TrialID', 'Last_Refreshed_on', 'Public_title', 'Scientific_title', 'Primary_sponsor',
  'Date_registration3', 'Date_registration', 'Source_Register', 'Secondary_ID', 'Recruitment_Status', 'Inclusion_agemin',
  'Inclusion_agemax', 'Inclusion_gender', 'Date_enrollement', 'Target_size', 'Study_type', 'Study_design', 'Phase',
  'Countries', 'Contact_Firstname', 'Contact_Lastname', 'Contact_Address', 'Contact_Email', 'Contact_Tel',
  'Contact_Affiliation', 'Inclusion_Criteria', 'Exclusion_Criteria', 'Condition', 'Intervention', 'Primary_outcome',
  'Secondary_outcome', 'Source_Support', 'Secondary_Sponsor', 'Ethics_review_status', 'Ethics_review_approval_date',
  'Ethics_review_contact_name', 'results_date_completed', 'results_yes_no', 'results_summary', 'results_url_link', 'results_date_posted', 'results_IPD_plan',
  'results_IPD_description']);
const REQUIRED = ['TrialID', 'Public_title', 'Scientific_title', 'Primary_sponsor', 'Date_registration', 'Source_Register',
  'Recruitment_Status', 'Study_type', 'Phase', 'Countries', 'Contact_Lastname', 'Condition'];
const OFFICE = /\b(office|desk|cent(er|re)|secretariat|enquiries|inquiries|department|team|group|unit|clinic|information|support|contact|study|trial|research|development|hospital|university)\b/i;

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Trial' });

function dayFirst(iso) {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function problemsOf(trial, record) {
  const out = [];
  for (const name of Object.keys(trial)) if (!ICTRP.has(name.replace(/_ja$/, ''))) out.push(`<${name}> is not an ICTRP element`);
  for (const name of REQUIRED) if (!trial[name]) out.push(`<${name}> is missing`);
  const completion = record.dates?.completion;
  if (ENDED.has(record.recruitment_status) && completion) {
    if (trial.results_date_completed !== dayFirst(completion)) out.push(`results_date_completed ${trial.results_date_completed} for ${completion}`);
  } else if (trial.results_date_completed) {
    out.push(`${record.recruitment_status} trial gives results_date_completed ${trial.results_date_completed} (a planned date read as actual)`);
  }
  const people = [record.contacts.public, record.contacts.scientific].filter(Boolean);
  const firsts = String(trial.Contact_Firstname ?? '').split(';');
  const lasts = String(trial.Contact_Lastname ?? '').split(';');
  people.forEach((p, i) => {
    const name = p.name?.en ?? p.name?.ja;
    if (!name) return;
    const personal = !/[^\x00-\x7f]/.test(name) && !name.includes(',') && !OFFICE.test(name) && name.trim().split(/\s+/).length >= 2;
    if (personal) {
      const words = name.trim().split(/\s+/);
      if (lasts[i] !== words.at(-1) || firsts[i] !== words.slice(0, -1).join(' '))
        out.push(`contact ${i + 1} "${name}" is Firstname "${firsts[i] ?? ''}" Lastname "${lasts[i] ?? ''}"`);
    } else if (lasts[i] !== name) {
      out.push(`contact ${i + 1} "${name}" became Lastname "${lasts[i] ?? ''}"`);
    }
  });
  return out;
}

function trialsOf(xml, problems, where) {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    problems.push(`${where}: not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
    return [];
  }
  const doc = parser.parse(xml);
  const root = doc.Trials_downloaded_from_ICTRP;
  if (!root) problems.push(`${where}: root is not <Trials_downloaded_from_ICTRP>`);
  return root?.Trial ?? [];
}

describe('WHO TRDS XML (ICTRP layout)', () => {
  it(`GET /api/v1/trials/{id}?format=trds-xml is a well-formed ICTRP document for each of ${records.length} trials`, async () => {
    const { baseUrl } = await registry();
    const problems = [];
    for (const { record, status, type, body } of await exportEach(baseUrl, records, 'trds-xml')) {
      if (status !== 200) { problems.push(`${record.id}: HTTP ${status}`); continue; }
      if (!type.startsWith('application/xml')) problems.push(`${record.id}: Content-Type ${type}`);
      const trials = trialsOf(body, problems, record.id);
      if (trials.length !== 1) { problems.push(`${record.id}: ${trials.length} <Trial> elements`); continue; }
      if (trials[0].TrialID !== `JPRN-${record.id}`) problems.push(`${record.id}: TrialID ${trials[0].TrialID}`);
      for (const p of problemsOf(trials[0], record)) problems.push(`${record.id}: ${p}`);
    }
    assert.equal(problems.length, 0, report(problems));
  });

  it('GET /api/v1/export?format=trds-xml is one well-formed document with every trial', async () => {
    const { baseUrl } = await registry();
    const res = await get(baseUrl, '/api/v1/export?format=trds-xml');
    assert.equal(res.status, 200);
    const problems = [];
    const trials = trialsOf(res.body, problems, 'export');
    assert.equal(trials.length, records.length);
    const byId = new Map(records.map((r) => [`JPRN-${r.id}`, r]));
    for (const t of trials) for (const p of problemsOf(t, byId.get(t.TrialID))) problems.push(`${t.TrialID}: ${p}`);
    assert.equal(problems.length, 0, report(problems));
  });

  it('the checks are not blind: they reject what the old exporter wrote', () => {
    const record = records.find((r) => r.recruitment_status === 'recruiting' && r.contacts.scientific?.name?.en && r.dates?.completion);
    const old = `<?xml version="1.0"?><Trials_downloaded_from_ICTRP><Trial><TrialID>JPRN-${record.id}</TrialID>` +
      `<Contact_Lastname>${record.contacts.public.name?.en ?? '-'};${record.contacts.scientific.name.en}</Contact_Lastname>` +
      `<results_date_completed>${dayFirst(record.dates.completion)}</results_date_completed></Trial></Trials_downloaded_from_ICTRP>`;
    const problems = [];
    const found = problemsOf(trialsOf(old, problems, 'old')[0], record).join('\n');
    assert.ok(found.includes('a planned date read as actual'), found);
    assert.ok(found.includes(`"${record.contacts.scientific.name.en}" is Firstname ""`), found);
    assert.notEqual(XMLValidator.validate('<Trial><A></Trial>'), true);
  });
});
