// Load benchmark (reported, not asserted on time): how long the pipeline page with 1,000 runs and the
// run page of a 100-task DAG take to render in Chromium. The JUnit side creates the runs for real.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, BASE, launch, newContext, screenshot } from './harness.mjs';

const pipeline = process.env.LOAD_PIPELINE;
const dagPipeline = process.env.DAG_PIPELINE;
const dagRun = process.env.DAG_RUN;
const REPEAT = 5;
const browser = await launch();
const ctx = await newContext(browser, { viewport: { width: 1280, height: 800 } });
const lines = [];

// Opens url in a fresh page and watches it from outside, once per animation frame, until `rendered` (a CSS
// selector and how many elements it must match) holds: sinceNavigation = ms from navigation start (page
// load, scripts, API calls and layout) to the frame that shows the view.
async function measure(name, url, rendered, check) {
  const views = [];
  for (let i = 0; i < REPEAT; i++) {
    const page = await ctx.newPage();
    await page.goto(url);
    const sinceNavigation = await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n && performance.now(),
      rendered, { timeout: 60000, polling: 'raf' }).then(h => h.jsonValue());
    const r = { sinceNavigation };
    await check(page, r);
    // the visible part only: a full-page picture of 1,000 rows is huge and slow to take
    if (i === 0) await screenshot(page, 'load-' + name.replace(/\W+/g, '-'), false);
    views.push(r);
    await page.close();
  }
  const median = k => views.map(v => v[k]).sort((a, b) => a - b)[Math.floor(views.length / 2)];
  const line = `${name}: median of ${REPEAT}: view rendered `
    + `${median('sinceNavigation').toFixed(0)} ms after navigation start (max ${Math.max(...views.map(v => v.sinceNavigation)).toFixed(0)} ms)`;
  console.log(line);
  lines.push(line);
}

try {
  await measure('pipeline page, 1000 runs, first page (50)', `${BASE}/#/ns/default/pipelines/${pipeline}`, ['table.runs tbody tr', 50], async page => {
    assert.equal(await page.getAttribute('table.runs tbody tr:first-child', 'data-run'), '1000', 'newest first');
    assert.equal(await page.locator('a[rel=next]').count(), 1, 'a link to older runs');
  });
  await measure('pipeline page, 1000 runs on one page', `${BASE}/#/ns/default/pipelines/${pipeline}?size=1000`, ['table.runs tbody tr', 1000], async page => {
    assert.equal(await page.locator('table.runs tbody tr').count(), 1000);
  });
  await measure('pipeline page, last page (page 20)', `${BASE}/#/ns/default/pipelines/${pipeline}?page=20`, ['table.runs tbody tr', 50], async page => {
    assert.equal(await page.getAttribute('table.runs tbody tr:last-child', 'data-run'), '1');
  });
  await measure('run page, 100-task DAG', `${BASE}/#/ns/default/pipelines/${dagPipeline}/runs/${dagRun}`, ['svg.dag a.node', 100], async page => {
    assert.equal(await page.locator('svg.dag a.node').count(), 100);
    assert.equal(await page.locator('svg.dag a.node[data-phase="failed"], svg.dag a.node[data-phase="skipped"]').count(), 100);
  });
  const report = ['Dashboard load benchmark (headless Chromium, ' + new Date().toISOString() + ')', ...lines].join('\n') + '\n';
  writeFileSync(path.join(ARTIFACTS, 'load-report.txt'), report);
  console.log('load benchmark done');
} finally {
  await browser.close();
}
