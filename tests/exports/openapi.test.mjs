// schema/openapi.json: valid OpenAPI 3.1 (swagger-parser, which also resolves every $ref),
// clean under Redocly CLI's recommended rules (redocly.yaml), and true to the server: every
// operation called here answers with a status and media type the document lists, and a JSON body
// its schema accepts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { get, require, sampleRecords, shared, startRegistry } from './lib/harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const document = path.resolve(here, '../../schema/openapi.json');
const records = sampleRecords();
const registry = shared(() => startRegistry());
after(async () => registry.started() && (await registry()).stop());

// draft-07 keywords of trial.schema.json inside a 3.1 (2020-12) document: ajv reads either once
// the "$schema" and "$id" of the embedded file are gone.
function plain(schema, seen = new Map()) {
  if (!schema || typeof schema !== 'object') return schema;
  if (seen.has(schema)) return seen.get(schema);
  const out = Array.isArray(schema) ? [] : {};
  seen.set(schema, out);
  for (const [k, v] of Object.entries(schema)) if (k !== '$schema' && k !== '$id' && k !== 'definitions') out[k] = plain(v, seen);
  return out;
}

function lint(file) {
  const cli = path.join(here, 'node_modules/@redocly/cli/bin/cli.js');
  const r = spawnSync(process.execPath, [cli, 'lint', file, '--config', path.join(here, 'redocly.yaml'), '--format', 'json'],
    { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 16 << 20 });
  const result = JSON.parse(r.stdout);
  const problems = result.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
  return { status: r.status, problems, stderr: r.stderr };
}

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1 with every $ref resolved (swagger-parser)', async () => {
    const api = await SwaggerParser.validate(document);
    assert.equal(api.openapi, '3.1.0');
  });

  it('passes Redocly CLI lint with no error or warning, including security-defined', () => {
    const { status, problems, stderr } = lint(document);
    assert.deepEqual(problems, []);
    assert.equal(status, 0, stderr);
  });

  it('the lint is not blind: an operation without security fails it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rinsho-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify({
        openapi: '3.1.0', info: { title: 't', version: '1', description: 'd' }, servers: [{ url: '/' }],
        paths: { '/healthz': { get: { summary: 's', description: 'd', operationId: 'h', responses: { 200: { description: 'ok' } } } } },
      }));
      const { status, problems } = lint(file);
      assert.notEqual(status, 0);
      assert.ok(problems.some((p) => p.includes('security-defined')), problems.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks every operation public (security: []) or names its scheme', async () => {
    const api = await SwaggerParser.parse(document);
    for (const [p, item] of Object.entries(api.paths))
      for (const [method, op] of Object.entries(item))
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) assert.ok(Array.isArray(op.security), `${method} ${p}`);
  });

  it('describes what the server answers: media types, statuses and JSON bodies', async () => {
    const api = await SwaggerParser.dereference(document);
    const Ajv = require('ajv/dist/2020').default;
    const ajv = new Ajv({ strict: false, allErrors: true });
    require('ajv-formats').default(ajv);
    const { baseUrl } = await registry();
    const id = records[0].id;
    const calls = [
      ['/healthz', '/healthz'], ['/readyz', '/readyz'],
      ['/api/v1/trials/{id}/versions', `/api/v1/trials/${id}/versions`],
      ['/api/v1/trials/{id}/versions/{n}', `/api/v1/trials/${id}/versions/1`],
      ['/api/v1/export.ndjson', '/api/v1/export.ndjson?q=EGFR'], ['/api/v1/export.csv', '/api/v1/export.csv?q=EGFR'],
      ...['json', 'fhir', 'trds-xml', 'ctgov-json', 'csv'].map((f) => ['/api/v1/trials/{id}', `/api/v1/trials/${id}?format=${f}`]),
      ...['ndjson', 'fhir', 'trds-xml', 'ctgov-json', 'csv'].map((f) => ['/api/v1/export', `/api/v1/export?format=${f}&q=EGFR`]),
    ];
    for (const [template, url] of calls) {
      const res = await get(baseUrl, url);
      const response = api.paths[template].get.responses[String(res.status)];
      assert.ok(response, `${url}: status ${res.status} is not documented`);
      const mediaType = res.type.split(';')[0].trim();
      const content = response.content ?? {};
      assert.ok(mediaType in content, `${url}: ${mediaType} is not among ${Object.keys(content).join(', ') || 'no media types'}`);
      if (/(^application\/|\+)json$/.test(mediaType) && content[mediaType].schema && !url.includes('format=json')) {
        const validate = ajv.compile(plain(content[mediaType].schema));
        assert.ok(validate(JSON.parse(res.body)), `${url}: ${ajv.errorsText(validate.errors)}`);
      }
    }
  });
});
