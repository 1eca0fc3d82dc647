// CSV: every sample trial's row, one by one and in the bulk export, read back by csv-parse in its
// strict RFC 4180 mode: the documented header, one record per trial, every cell quoted, CRLF row
// ends, a byte-order mark only on the bulk file (which Excel needs for Japanese).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportEach, get, report, sampleRecords, shared, startRegistry } from './lib/harness.mjs';

const records = sampleRecords();
const registry = shared(() => startRegistry());
after(async () => registry.started() && (await registry()).stop());

// core/linkage/README.md, "CSV".
const COLUMNS = ['id', 'secondary_ids', 'category', 'study_type', 'phase', 'recruitment_status', 'public_title_ja',
  'public_title_en', 'scientific_title_ja', 'scientific_title_en', 'conditions_ja', 'conditions_en', 'icd10',
  'interventions_ja', 'interventions_en', 'target_enrollment', 'min_age_years', 'max_age_years', 'sex',
  'healthy_volunteers', 'registered', 'first_enrollment', 'completion', 'last_updated', 'sponsor_ja', 'sponsor_en',
  'countries', 'prefectures', 'contact_email', 'contact_phone', 'version', 'updated_at'];

function rowsOf(text) {
  return parse(text, { bom: true, columns: true, strict: true, record_delimiter: '\r\n', relax_quotes: false });
}

describe('CSV', () => {
  it(`GET /api/v1/trials/{id}?format=csv is RFC 4180 with the documented header for each of ${records.length} trials`, async () => {
    const { baseUrl } = await registry();
    const problems = [];
    for (const { record, status, type, body } of await exportEach(baseUrl, records, 'csv')) {
      if (status !== 200) { problems.push(`${record.id}: HTTP ${status}`); continue; }
      if (!type.startsWith('text/csv')) problems.push(`${record.id}: Content-Type ${type}`);
      if (!body.endsWith('\r\n')) problems.push(`${record.id}: the row does not end in CRLF`);
      try {
        const header = body.slice(0, body.indexOf('\r\n')).split(',').map((c) => c.replace(/^"|"$/g, ''));
        if (header.join() !== COLUMNS.join()) problems.push(`${record.id}: header ${header.join()}`);
        const rows = rowsOf(body);
        if (rows.length !== 1 || rows[0].id !== record.id) problems.push(`${record.id}: ${rows.length} rows`);
        else if (rows[0].study_type !== record.study_type || rows[0].recruitment_status !== record.recruitment_status)
          problems.push(`${record.id}: cells do not match the record`);
      } catch (e) {
        problems.push(`${record.id}: ${e.message}`);
      }
    }
    assert.equal(problems.length, 0, report(problems));
  });

  it('GET /api/v1/export?format=csv has a byte-order mark, one header and a row per trial', async () => {
    const { baseUrl } = await registry();
    const res = await get(baseUrl, '/api/v1/export?format=csv');
    assert.equal(res.status, 200);
    assert.ok(res.type.startsWith('text/csv'), res.type);
    assert.deepEqual([...res.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = rowsOf(res.body);
    assert.equal(rows.length, records.length);
    assert.deepEqual(new Set(rows.map((r) => r.id)), new Set(records.map((r) => r.id)));
  });
});
