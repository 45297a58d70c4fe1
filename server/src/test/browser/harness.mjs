// Shared by the browser scripts: Chromium from Debian (never a downloaded browser), a tiny REST client
// for setting things up, and steps that save a screenshot each (and one on failure).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const BASE = process.env.GOFER_URL;
export const ARTIFACTS = process.env.ARTIFACTS || path.resolve('target');
// The server's root (admin) token, bootstrapped by the JUnit side: every /api call needs a token.
export const TOKEN = process.env.GOFER_TOKEN;
if (!BASE) throw new Error('GOFER_URL is not set (the JUnit test passes the server URL)');
if (!TOKEN) throw new Error('GOFER_TOKEN is not set (the JUnit test passes the server\'s root token)');
mkdirSync(ARTIFACTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

// token: whose call it is (default the root token; null = none).
export async function api(method, p, body, token = TOKEN) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  const res = await fetch(BASE + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export const P = '/api/namespaces/default/pipelines';

// A browser context whose pages start with the token in session storage, as if the user had already
// entered it in the dashboard's token dialog (one scenario does that for real).
export async function newContext(browser, options, token = TOKEN) {
  const ctx = await browser.newContext(options);
  await ctx.addInitScript(t => { if (!sessionStorage.getItem('gofer.token')) sessionStorage.setItem('gofer.token', t); }, token);
  return ctx;
}

/** A new token with the given roles; returns its secret. */
export async function createToken(user, roles) {
  return (await api('POST', '/api/tokens', { user, roles })).secret;
}

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

// The pictures in docs/dashboard.md, written there only when the JUnit side is asked to
// (-Dgofer.docs.write=true); every run of the test still takes them into ARTIFACTS.
export const DOCS_SCREENSHOTS = process.env.DOCS_SCREENSHOTS || null;
export async function docShot(target, name) {
  const file = DOCS_SCREENSHOTS ? path.join(DOCS_SCREENSHOTS, `${name}.png`) : path.join(ARTIFACTS, `doc-${name}.png`);
  await target.screenshot({ path: file, timeout: 120000 });
  return file;
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
