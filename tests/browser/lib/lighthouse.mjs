// Lighthouse through its node API on a Chromium we start ourselves (the same binary and flags as
// the playwright tests, a fresh --user-data-dir), with Lighthouse's default mobile emulation.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS, requireChromium } from './browser.mjs';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

export async function startChromium() {
  requireChromium();
  const profile = mkdtempSync(path.join(tmpdir(), 'rinsho-lighthouse-'));
  const args = [...CHROMIUM_FLAGS, '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'];
  // Chromium's zygote and helper processes outlive a SIGKILL to the browser alone, keep writing
  // into the profile and hold the stderr pipe open (node then never exits): run it in its own
  // process group and kill the whole group.
  const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup();
      await exited;
    }
    killGroup();
    child.stderr.destroy();
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (e) {
      // A leftover temporary profile is not a test failure; say so and go on.
      console.error(`# could not remove ${profile}: ${e.message}`);
    }
  };
  process.on('exit', killGroup);
  try {
    const port = await new Promise((resolve, reject) => {
      let said = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not open a DevTools port:\n${said}`)), 30000);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        said = (said + chunk).slice(-20000);
        const m = said.match(/DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${said}`)));
    });
    return { port, kill };
  } catch (e) {
    await kill();
    throw e;
  }
}

// Runs one audit; returns the scores (0-100), the failing audits of each category and the report.
export async function audit(url, port) {
  const result = await lighthouse(url, {
    port,
    output: 'html',
    logLevel: 'error',
    onlyCategories: CATEGORIES,
  });
  if (!result?.lhr) throw new Error(`Lighthouse returned no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores = {};
  const failing = {};
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = category.score === null ? null : Math.round(category.score * 100);
    failing[id] = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a.score !== null && a.score < 1)
      .map((a) => `${a.id} (${Math.round(a.score * 100)})${a.displayValue ? ': ' + a.displayValue : ''}`);
  }
  const metrics = {
    fcp: lhr.audits['first-contentful-paint']?.displayValue,
    lcp: lhr.audits['largest-contentful-paint']?.displayValue,
    tbt: lhr.audits['total-blocking-time']?.displayValue,
    cls: lhr.audits['cumulative-layout-shift']?.displayValue,
  };
  return { scores, failing, metrics, report: result.report, version: lhr.lighthouseVersion, userAgent: lhr.environment?.hostUserAgent };
}
