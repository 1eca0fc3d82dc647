// FHIR R4: every sample trial's ResearchStudy, one by one (application/fhir+json) and in the bulk
// NDJSON export (application/fhir+ndjson, one resource per line), against the official HL7 JSON
// schema and the value sets and invariants a FHIR consumer relies on.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { consumerProblems, researchStudyValidator } from './lib/fhir.mjs';
import { exportEach, get, report, sampleRecords, shared, startRegistry } from './lib/harness.mjs';

const records = sampleRecords();
const registry = shared(() => startRegistry());
let validate;
after(async () => registry.started() && (await registry()).stop());

function problemsOf(resource, record) {
  validate ??= researchStudyValidator();
  return [...validate(resource).map((e) => `schema: ${e}`), ...consumerProblems(resource, record)];
}

describe('FHIR R4 ResearchStudy', () => {
  it(`GET /api/v1/trials/{id}?format=fhir is one valid application/fhir+json resource for each of ${records.length} trials`, async () => {
    const { baseUrl } = await registry();
    const problems = [];
    for (const { record, status, type, body } of await exportEach(baseUrl, records, 'fhir')) {
      if (status !== 200) { problems.push(`${record.id}: HTTP ${status}`); continue; }
      if (type !== 'application/fhir+json') problems.push(`${record.id}: Content-Type ${type}`);
      const r = JSON.parse(body);
      assert.equal(r.resourceType, 'ResearchStudy');
      for (const p of problemsOf(r, record)) problems.push(`${record.id}: ${p}`);
    }
    assert.equal(problems.length, 0, report(problems));
  });

  it('GET /api/v1/export?format=fhir is NDJSON: one valid resource per line, every trial once', async () => {
    const { baseUrl } = await registry();
    const res = await get(baseUrl, '/api/v1/export?format=fhir');
    assert.equal(res.status, 200);
    assert.equal(res.type, 'application/fhir+ndjson');
    assert.ok(res.body.endsWith('\n'), 'the last line ends with a newline');
    const lines = res.body.slice(0, -1).split('\n');
    const byId = new Map(records.map((r) => [r.id, r]));
    const problems = [];
    const seen = new Set();
    for (const line of lines) {
      const r = JSON.parse(line);  // a pretty-printed resource would not parse line by line
      seen.add(r.id);
      for (const p of problemsOf(r, byId.get(r.id))) problems.push(`${r.id}: ${p}`);
    }
    assert.equal(lines.length, records.length);
    assert.equal(seen.size, records.length);
    assert.equal(problems.length, 0, report(problems));
  });

  it('the validator is not blind: it rejects what the old exporter wrote', () => {
    validate ??= researchStudyValidator();
    const record = records.find((r) => r.recruitment_status === 'terminated' && (r.keywords ?? []).some((k) => /[ぁ-ヿ一-鿿]/.test(k)));
    const old = {
      resourceType: 'ResearchStudy', id: record.id, language: 'en', status: 'administratively-completed',
      identifier: [{ use: 'secondary', value: 'UMIN000012345', assigner: { display: 'UMIN' } }],
      category: [{ coding: [{ system: 'https://rinsho.example/fhir/CodeSystem/study-type', code: 'interventional' }] }],
      keyword: (record.keywords ?? []).map((k) => ({ text: k })),
      phase: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/research-study-phase', code: 'phase-9' }] },
    };
    const found = consumerProblems(old, record).join('\n');
    for (const expected of ['has no system', 'placeholder system', 'not in', 'no generated narrative', 'no reasonStopped', 'is tagged en'])
      assert.ok(found.includes(expected), `missed "${expected}" in:\n${found}`);
    assert.ok(validate({ ...old, status: 'stopped' }).length > 0, 'the schema accepted an unknown status');
  });
});
