// ClinicalTrials.gov API v2 shape: every sample trial's study, one by one and as the bulk page,
// against schemas/ctgov-study.schema.json (written from CT.gov's published study data structure,
// see README.md) and the cross-references between arm groups and interventions.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { exportEach, get, report, require, sampleRecords, shared, startRegistry } from './lib/harness.mjs';

const Ajv = require('ajv').default;
const records = sampleRecords();
const registry = shared(() => startRegistry());
after(async () => registry.started() && (await registry()).stop());

// Strict about keywords (a typo in the schema fails), not about the if/then fragments naming no type.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
const validate = ajv.compile(require('../schemas/ctgov-study.schema.json'));  // require() resolves from lib/

function problemsOf(study, record) {
  const out = validate(study) ? [] : validate.errors.map((e) => `schema: ${e.instancePath || '/'} ${e.message}`);
  const ps = study.protocolSection;
  const groups = ps.armsInterventionsModule?.armGroups ?? [];
  const labels = new Set(groups.map((g) => g.label));
  const names = new Set((ps.armsInterventionsModule?.interventions ?? []).map((i) => i.name));
  for (const i of ps.armsInterventionsModule?.interventions ?? [])
    for (const l of i.armGroupLabels ?? []) if (!labels.has(l)) out.push(`intervention ${i.name} names no arm group "${l}"`);
  for (const g of groups)
    for (const n of g.interventionNames ?? []) if (!names.has(n.replace(/^[A-Za-z ]+: /, ''))) out.push(`arm ${g.label} names no intervention "${n}"`);
  if (record.design?.arms && groups.length !== record.design.arms) out.push(`${groups.length} arm groups for ${record.design.arms} arms`);
  if (ps.designModule.studyType !== record.study_type.toUpperCase()) out.push(`studyType ${ps.designModule.studyType}`);
  return out;
}

describe('ClinicalTrials.gov v2 study', () => {
  it(`GET /api/v1/trials/{id}?format=ctgov-json is a valid v2 study for each of ${records.length} trials`, async () => {
    const { baseUrl } = await registry();
    const problems = [];
    for (const { record, status, type, body } of await exportEach(baseUrl, records, 'ctgov-json')) {
      if (status !== 200) { problems.push(`${record.id}: HTTP ${status}`); continue; }
      if (type !== 'application/json') problems.push(`${record.id}: Content-Type ${type}`);
      for (const p of problemsOf(JSON.parse(body), record)) problems.push(`${record.id}: ${p}`);
    }
    assert.equal(problems.length, 0, report(problems));
  });

  it('GET /api/v1/export?format=ctgov-json is one v2 page holding every trial', async () => {
    const { baseUrl } = await registry();
    const res = await get(baseUrl, '/api/v1/export?format=ctgov-json');
    assert.equal(res.status, 200);
    assert.equal(res.type, 'application/json');
    const page = JSON.parse(res.body);
    assert.deepEqual(Object.keys(page), ['studies']);
    assert.equal(page.studies.length, records.length);
    const byId = new Map(records.map((r) => [r.id, r]));
    const problems = [];
    for (const s of page.studies) {
      const id = s.protocolSection.identificationModule.orgStudyIdInfo.id;
      for (const p of problemsOf(s, byId.get(id))) problems.push(`${id}: ${p}`);
    }
    assert.equal(problems.length, 0, report(problems));
  });

  it('the schema is not blind: it rejects what the old exporter wrote', () => {
    const observational = records.find((r) => r.study_type === 'observational' && r.recruitment_status === 'completed');
    const old = {
      protocolSection: {
        identificationModule: { briefTitle: 'x', organization: { fullName: 'y' } },
        statusModule: { overallStatus: 'COMPLETED', startDateStruct: { date: '2020-01-01' }, completionDateStruct: { date: '2023-12-31' } },
        designModule: { studyType: 'OBSERVATIONAL', phases: ['NA'], designInfo: { primaryPurpose: 'OTHER' },
          enrollmentInfo: { count: 520, type: 'ESTIMATED' } },
      },
    };
    assert.equal(validate(old), false);
    const paths = validate.errors.map((e) => `${e.instancePath} ${e.message}`).join('\n');
    for (const expected of ["startDateStruct must have required property 'type'", "must have required property 'observationalModel'",
      'enrollmentInfo/type must be equal to constant', "must have required property 'timePerspective'"])
      assert.ok(paths.includes(expected), `missed "${expected}" in:\n${paths}`);
    assert.ok(problemsOf(old, observational).length > 0);
  });
});
