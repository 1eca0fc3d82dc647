// Trial pages, Japanese and English, for every sample trial: the Nu HTML checker (vnu-jar) reads
// every page, and the schema.org JSON-LD in each is compiled against schema-dts, the schema.org
// vocabulary as TypeScript types, so an unknown type, a property the type does not have or a value
// of the wrong type fails to compile.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { get, mapLimit, report, require, sampleRecords, shared, startRegistry } from './lib/harness.mjs';

const records = sampleRecords();
const here = path.dirname(new URL(import.meta.url).pathname);
const work = mkdtempSync(path.join(here, 'work-'));
after(() => rmSync(work, { recursive: true, force: true }));

// Every page, fetched once: [{ record, lang, file, html }].
const pages = shared(async () => {
  const registry = await startRegistry();
  try {
    const list = records.flatMap((record) => ['ja', 'en'].map((lang) => ({ record, lang })));
    return await mapLimit(list, 4, async (p) => {
      const res = await get(registry.baseUrl, `/trials/${p.record.id}${p.lang === 'en' ? '?lang=en' : ''}`);
      assert.equal(res.status, 200, `${p.record.id} ${p.lang}`);
      return { ...p, file: `${p.record.id}-${p.lang}.html`, html: res.body };
    });
  } finally {
    await registry.stop();
  }
});

function jsonLd(html) {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
}

// tsc over one module that declares each block as WithContext<MedicalStudy>; returns its diagnostics.
function typecheck(blocks) {
  const dir = path.join(work, 'jsonld');
  mkdirSync(dir, { recursive: true });
  const lines = ["import type { MedicalStudy, WithContext } from 'schema-dts';"];
  blocks.forEach(({ name, data }) => lines.push(`// ${name}\nexport const b${lines.length}: WithContext<MedicalStudy> = ${JSON.stringify(data)};`));
  writeFileSync(path.join(dir, 'blocks.ts'), lines.join('\n') + '\n');
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: true, types: [],
      typeRoots: [], paths: { 'schema-dts': [path.join(here, 'node_modules/schema-dts')] } },
    files: ['blocks.ts'],
  }));
  const tsc = path.join(here, 'node_modules/.bin/tsc');
  const r = spawnSync(tsc, ['-p', dir, '--pretty', 'false'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout + r.stderr, source: lines };
}

describe('trial pages', () => {
  it(`schema.org JSON-LD of ${records.length * 2} trial pages compiles against the schema.org vocabulary (schema-dts)`, async () => {
    const problems = [];
    const blocks = [];
    for (const p of await pages()) {
      const found = jsonLd(p.html);
      if (found.length !== 1) { problems.push(`${p.file}: ${found.length} JSON-LD blocks`); continue; }
      const ld = found[0];
      const expected = p.record.study_type === 'observational' ? 'MedicalObservationalStudy' : 'MedicalTrial';
      if (ld['@type'] !== expected) problems.push(`${p.file}: ${p.record.study_type} study typed ${ld['@type']}`);
      for (const loc of ld.studyLocation ?? [])
        if (!['AdministrativeArea', 'Country', 'State', 'City'].includes(loc['@type'])) problems.push(`${p.file}: studyLocation ${loc['@type']}`);
      const sites = (ld.studyLocation ?? []).flatMap((l) => l.containsPlace ?? []).length;
      if (sites !== Math.min(50, p.record.sites?.length ?? 0)) problems.push(`${p.file}: ${sites} hospitals for ${p.record.sites?.length ?? 0} sites`);
      blocks.push({ name: p.file, data: ld });
    }
    const { status, out } = typecheck(blocks);
    if (status !== 0) problems.push(`schema-dts: ${out.split('\n').filter(Boolean).slice(0, 20).join('\n')}`);
    assert.equal(problems.length, 0, report(problems));
  });

  it('the schema.org check is not blind: it rejects what the old pages said', () => {
    const { status, out } = typecheck([{ name: 'old', data: {
      '@context': 'https://schema.org', '@type': 'MedicalTrial', name: 'x', inLanguage: 'ja',
      studyLocation: [{ '@type': 'Hospital', name: 'y' }] } }]);
    assert.notEqual(status, 0);
    assert.match(out, /inLanguage|Hospital/);
  });

  it(`the Nu HTML checker finds no error or warning on ${records.length * 2} trial pages`, async () => {
    const dir = path.join(work, 'html');
    mkdirSync(dir, { recursive: true });
    for (const p of await pages()) writeFileSync(path.join(dir, p.file), p.html);
    const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
    const r = spawnSync('java', ['-Xss4m', '-jar', jar, '--format', 'json', '--exit-zero-always', dir],
      { encoding: 'utf8', maxBuffer: 256 << 20 });
    if (r.error) throw new Error(`java could not run (scripts/setup --browser installs default-jre-headless): ${r.error.message}`);
    const { messages } = JSON.parse(r.stderr);
    const problems = messages
      .filter((m) => m.type === 'error' || (m.type === 'info' && m.subType === 'warning') || m.type === 'non-document-error')
      .map((m) => `${path.basename(m.url ?? '')}:${m.lastLine ?? ''} ${m.subType ?? m.type}: ${m.message}`);
    assert.equal(problems.length, 0, report(problems));
  });
});
