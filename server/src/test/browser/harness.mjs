// Shared by the browser scripts: Chromium from Debian (never a downloaded browser), a tiny REST client
// for setting things up, and steps that save a screenshot each (and one on failure).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const BASE = process.env.GOFER_URL;
export const ARTIFACTS = process.env.ARTIFACTS || path.resolve('target');
if (!BASE) throw new Error('GOFER_URL is not set (the JUnit test passes the server URL)');
mkdirSync(ARTIFACTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

export async function api(method, p, body) {
  const res = await fetch(BASE + p, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export const P = '/api/namespaces/default/pipelines';

export async function deploy(config) {
  const reg = await api('POST', `${P}/${config.id}/configs`, { config });
  await api('POST', `${P}/${config.id}/configs/${reg.pipeline.config.version}`);
}

export async function startRun(pipeline, variables = {}) {
  return (await api('POST', `${P}/${pipeline}/runs`, { variables })).run.run_id;
}

export async function waitFor(what, fn, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise(r => setTimeout(r, 100));
  }
}

let shot = 0;
export async function screenshot(page, name, fullPage = true) {
  const file = path.join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage, timeout: 120000 });
  return file;
}

// Runs one named step; on failure saves a screenshot of every open page and rethrows.
export async function step(name, pages, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.stack || e}`);
    for (const p of pages()) {
      try { await p.screenshot({ path: path.join(ARTIFACTS, `FAILED-${name.replace(/\W+/g, '-')}.png`), fullPage: true }); } catch (ignored) { /* closed */ }
    }
    throw e;
  }
}
