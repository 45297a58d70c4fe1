// The dashboard's event stream across a server restart, in real headless Chromium. DashboardReconnectBrowserTest
// stops and starts the server (same port, same data) when this script asks at CONTROL_URL.
import assert from 'node:assert/strict';
import { BASE, TOKEN, deploy, docShot, launch, newContext, screenshot, startRun, step } from './harness.mjs';

const CONTROL = process.env.CONTROL_URL;
if (!CONTROL) throw new Error('CONTROL_URL is not set (the JUnit test passes its control endpoint)');
const control = async what => assert.equal((await fetch(`${CONTROL}/${what}`, { method: 'POST' })).status, 200, what);
const sh = script => ({ image: 'busybox:latest', command: ['sh', '-c', script] });
const pages = [];
const browser = await launch();
const ctx = await newContext(browser, { viewport: { width: 1280, height: 800 } });
const page = await ctx.newPage();
pages.push(page);
const streams = []; // one entry per event-stream request: the Last-Event-ID it sent (null = none)
page.on('request', r => { if (new URL(r.url()).pathname === '/api/events') streams.push(r.headers()['last-event-id'] || null); });
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(String(e)));

try {
  await deploy({ id: 'recon', name: 'Reconnect', tasks: [{ id: 'hi', ...sh('echo hi') }] });

  await step('the stream says when it is down, reconnects with the last event id and catches up', () => pages, async () => {
    await page.goto(`${BASE}/#/ns/default/pipelines/recon`);
    await page.waitForSelector('#stream-state[data-state="live"]', { state: 'attached' });
    const first = await startRun('recon');
    await page.waitForSelector(`table.runs tr[data-run="${first}"] [data-phase="successful"]`, { timeout: 60000 });
    await page.evaluate(() => { window.__sameDocument = 'yes'; });

    await control('stop');
    await page.waitForSelector('#stream-state[data-state="reconnecting"]:not([hidden])', { timeout: 30000 });
    assert.match(await page.textContent('#stream-state'), /Reconnecting/);
    await screenshot(page, 'reconnecting');
    await docShot(page.locator('header.top'), 'reconnecting');

    await control('start');
    const second = await startRun('recon'); // happens while the page may still be away
    await page.waitForSelector(`table.runs tr[data-run="${second}"] [data-phase="successful"]`, { timeout: 60000 });
    await page.waitForSelector('#stream-state[data-state="live"]', { state: 'attached', timeout: 30000 });
    assert.equal(await page.isHidden('#stream-state'), true, 'live again: nothing to say');
    assert.equal(await page.evaluate(() => window.__sameDocument), 'yes', 'the page was not reloaded');
    await screenshot(page, 'reconnected');

    // the reconnect resumed after the last event the page had seen: the first run's completion
    const res = await fetch(`${BASE}/api/events?history=true&follow=false&pipeline=recon&run=${first}`, { headers: { authorization: 'Bearer ' + TOKEN } });
    const events = (await res.text()).split('\n').filter(l => l.startsWith('data: ')).map(l => JSON.parse(l.slice(6)));
    const completed = events.find(e => e.kind.completed_run);
    const resumed = streams.filter(Boolean);
    assert.ok(resumed.length >= 1, 'a reconnect sent Last-Event-ID: ' + JSON.stringify(streams));
    assert.equal(resumed[0], completed.id, 'resumed from the last event seen');
    assert.equal(streams[0], null, 'the first connection asks for no replay');
  });

  assert.deepEqual(pageErrors, [], 'no script errors');
  console.log('reconnect scenario passed');
} finally {
  await browser.close();
}
