// The browser's copy of the pre-screening rules (frontend/static/site.js, prescreenOutcomes) against
// rows of the C++ golden table (tests/unit/prescreen/test_verdict.cpp), with stand-ins for the form
// and the page's criterion items: no browser needed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

const src = fs.readFileSync(new URL('../../frontend/static/site.js', import.meta.url), 'utf8');
const start = src.indexOf('  function stageKey');
const end = src.indexOf('  function setupPrescreen');
const fns = new Function(src.slice(start, end) + '; return prescreenOutcomes;')();
const el = (attrs) => ({ getAttribute: (n) => (n.slice(5) in attrs ? String(attrs[n.slice(5)]) : null) });
function form(trial, answers) {
  const f = el(trial);
  f.elements = {};
  for (const [k, v] of Object.entries(answers)) f.elements[k] = { value: v };
  return f;
}
// The verdict and the quoted keys, as setupPrescreen() shows them.
function verdict(out) {
  const v = Object.values(out);
  const key = v.includes('failed') ? 'unlikely' : v.includes('unknown') ? 'maybe' : 'likely';
  const want = { unlikely: 'failed', maybe: 'unknown', likely: 'met' }[key];
  return [key, Object.keys(out).filter((k) => out[k] === want)];
}
// oncology(): 20-75, all, no HV; c0 diagnosis(concept) inc, c1 stage III/IV inc, c2 ECOG 0-1 inc, c3 prior tx (own) exc, c4 preg exc
const trial = { 'min-age': 20, 'max-age': 75, sex: 'all', hv: 'no' };
const items = [
  el({ reason: 'c0', q: 'diagnosis', type: 'inclusion' }), el({ reason: 'c1', q: 'stage', type: 'inclusion', stages: 'III|IV' }),
  el({ reason: 'c2', q: 'ecog', type: 'inclusion', 'min-ecog': 0, 'max-ecog': 1 }), el({ reason: 'c3', q: 'own', type: 'exclusion' }),
  el({ reason: 'c4', q: 'preg', type: 'exclusion' }),
];
const fit = { age: '60', sex: 'female', hv: 'no', c0: 'yes', stage: 'IV', ecog: '1', c3: 'no', preg: 'no' };
const rows = [
  ['all passing', fit, 'likely', ['age', 'c0', 'c1', 'c2', 'c3', 'c4']],
  ['nothing', {}, 'maybe', ['age', 'hv', 'c0', 'c1', 'c2', 'c3', 'c4']],
  ['age 20', { ...fit, age: '20' }, 'likely', ['age', 'c0', 'c1', 'c2', 'c3', 'c4']],
  ['age 75', { ...fit, age: '75' }, 'likely', ['age', 'c0', 'c1', 'c2', 'c3', 'c4']],
  ['age 19.9', { ...fit, age: '19.9' }, 'unlikely', ['age']],
  ['age 76', { ...fit, age: '76' }, 'unlikely', ['age']],
  ['stage II', { ...fit, stage: 'II' }, 'unlikely', ['c1']],
  ['ECOG 2', { ...fit, ecog: '2' }, 'unlikely', ['c2']],
  ['pregnant', { ...fit, preg: 'yes' }, 'unlikely', ['c4']],
  ['healthy volunteer', { hv: 'yes' }, 'unlikely', ['hv', 'c0']],
  ['ecog 4 only', { ecog: '4' }, 'unlikely', ['c2']],
];
for (const [name, answers, want, quoted] of rows)
  test(`oncology: ${name}`, () => assert.deepEqual(verdict(fns(form(trial, answers), items)), [want, quoted]));
// healthy_men(): 20-45 male, takes HV, c0 organ exclusion (own)
const men = { 'min-age': 20, 'max-age': 45, sex: 'male', hv: 'yes' };
const menItems = [el({ reason: 'c0', q: 'own', type: 'exclusion' })];
const menRows = [
  ['healthy man', { age: '30', sex: 'male', hv: 'yes', c0: 'no' }, 'likely', ['age', 'sex', 'hv', 'c0']],
  ['woman', { age: '30', sex: 'female', hv: 'yes', c0: 'no' }, 'unlikely', ['sex']],
  ['sex unanswered', { age: '30', hv: 'yes', c0: 'no' }, 'maybe', ['sex']],
  ['patient', { age: '45', sex: 'male', hv: 'no', c0: 'no' }, 'likely', ['age', 'sex', 'c0']],
];
for (const [name, answers, want, quoted] of menRows)
  test(`healthy men: ${name}`, () => assert.deepEqual(verdict(fns(form(men, answers), menItems)), [want, quoted]));
