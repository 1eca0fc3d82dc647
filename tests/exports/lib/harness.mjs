// What every file here shares: the sample records, a registry started over them (the browser
// suites' harness: a temp data dir ingested with rinsho-indexer and rinsho-server on a free
// loopback port), HTTP reads, and the validators' own files from node_modules.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { config, shared, startRegistry } from '../../browser/lib/registry.mjs';

export { config, shared, startRegistry };
export const require = createRequire(import.meta.url);

// The records in sample_trials/records, by file name order; each test checks every one of them.
export function sampleRecords() {
  const files = readdirSync(config.samples).filter((f) => f.endsWith('.json')).sort();
  if (files.length < 300) throw new Error(`expected the ~311 sample trials in ${config.samples}, found ${files.length}`);
  return files.map((f) => JSON.parse(readFileSync(path.join(config.samples, f), 'utf8')));
}

// One connection per request (Connection: close), so no request can meet a keep-alive connection
// the server is closing. `bytes` keeps the body as sent (a byte-order mark included).
export function get(base, pathname) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + pathname, { agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, type: res.headers['content-type'] ?? '', headers: res.headers, bytes, body: bytes.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

// Runs fn over items, at most `limit` at a time (the server has a small pool; so do we).
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// Every record exported one by one through GET /api/v1/trials/{id}?format=...
export async function exportEach(base, records, format) {
  return mapLimit(records, 4, async (record) => ({ record, ...(await get(base, `/api/v1/trials/${record.id}?format=${format}`)) }));
}

// Problems are collected per trial and reported together, so one run shows every failing record.
export function report(problems, limit = 40) {
  if (problems.length === 0) return '';
  return `${problems.length} problem(s):\n` + problems.slice(0, limit).join('\n') + (problems.length > limit ? '\n…' : '');
}

export const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;
export const STOPPED = new Set(['terminated', 'suspended', 'withdrawn']);
export const ENDED = new Set(['completed', 'terminated']);
