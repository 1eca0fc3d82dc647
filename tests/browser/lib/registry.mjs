// A throw-away registry for one test file: a temp data dir with the sample records ingested, an
// organisation with a write token, and rinsho-server on a free loopback port. stop() always kills
// the server and removes the directory; an exit hook does the same if the test process dies first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const config = {
  binDir: process.env.RINSHO_BIN_DIR || path.resolve('../../build/bin'),
  samples: process.env.RINSHO_SAMPLES || path.resolve('../../sample_trials/records'),
};

function binary(name) {
  const file = path.join(config.binDir, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (scripts/build), or set RINSHO_BIN_DIR`);
  return file;
}

function run(name, args) {
  const r = spawnSync(binary(name), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

// Resolves with the port from the server's start-up line, or rejects with what it said instead.
// The server's stderr (start-up line, then one JSON line per request) is kept, trimmed, for failures.
function waitForPort(child, timeoutMs, log) {
  return new Promise((resolve, reject) => {
    let said = '';
    let port = 0;
    const timer = setTimeout(() => reject(new Error(`rinsho-server did not start in ${timeoutMs} ms:\n${said}`)), timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log.text = (log.text + chunk).slice(-20000);
      if (port) return;
      said += chunk;
      const m = said.match(/serving .* on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        port = Number(m[1]);
        resolve(port);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!port) reject(new Error(`rinsho-server exited (${code ?? signal}) before serving:\n${said}`));
    });
  });
}

// token: an organisation with a write token. people: emails of portal accounts (editors) of one
// organisation, each with the secret of its one-time password link (links[email]). portal: that
// organisation (portalOrg) even with no people yet; admin(...args) runs rinsho-admin on the live
// registry and returns its stdout (create-user while the server runs, as an operator would).
export async function startRegistry({ token = false, people = [], portal = false } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rinsho-browser-'));
  let child = null;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (child) live.delete(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    run('rinsho-indexer', ['--data-dir', dataDir, 'ingest', config.samples]);
    let writeToken = null;
    if (token) {
      const org = run('rinsho-admin', ['--data-dir', dataDir, 'create-org', 'Browser Test Org']).trim().split('\n').pop();
      writeToken = run('rinsho-admin', ['--data-dir', dataDir, 'issue-token', org, 'browser-tests']).trim().split('\n').pop();
    }
    const links = {};
    let portalOrg = null;
    if (people.length || portal) {
      const org = run('rinsho-admin', ['--data-dir', dataDir, 'create-org', 'Portal Test Org']).trim().split('\n').pop();
      portalOrg = org;
      for (const email of people) {
        const link = run('rinsho-admin', ['--data-dir', dataDir, 'create-user', org, email, '--role', 'editor']).trim().split('\n').pop();
        links[email] = new URL(link).searchParams.get('token');
      }
    }
    child = spawn(binary('rinsho-server'), ['--data-dir', dataDir, '--port', '0', '--listen', '127.0.0.1', '--rate-limit', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    live.add(child);
    const log = { text: '' };
    const port = await waitForPort(child, 30000, log);
    const admin = (...args) => run('rinsho-admin', ['--data-dir', dataDir, ...args]);
    return { baseUrl: `http://127.0.0.1:${port}`, dataDir, token: writeToken, links, portalOrg, admin, stop, log: () => log.text };
  } catch (e) {
    await stop();
    throw e;
  }
}

// Starts what a test file needs on first use, once. Tests await it, so a start-up failure (no
// Chromium, no binaries) fails every test; a before() hook would only mark them "cancelled".
export function shared(start) {
  let promise = null;
  const get = () => (promise ??= start());
  get.started = () => promise !== null;
  return get;
}
