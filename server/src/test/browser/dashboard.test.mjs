// The dashboard's scenarios in real headless Chromium against a real Gofer server (started by
// DashboardBrowserTest). Every step saves a screenshot under ARTIFACTS; exit code 0 = all passed.
import assert from 'node:assert/strict';
import { BASE, P, TOKEN, api, createToken, deploy, docShot, newContext, startRun, launch, screenshot, step, waitFor } from './harness.mjs';

const sh = script => ({ image: 'busybox:latest', command: ['sh', '-c', script] });
const pages = [];
const browser = await launch();
const desktop = { viewport: { width: 1280, height: 800 } };
// every scenario but the token one starts with the root token already entered (session storage)
const ctx = await newContext(browser, desktop);
const page = await ctx.newPage();
pages.push(page);
const consoleErrors = [];
page.on('pageerror', e => consoleErrors.push(String(e)));
// Chromium logs every failed request as a console error: judge those by URL instead (the extensions
// probe is expected to get 404 from a server without extensions).
page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text()); });
page.on('response', r => { if (r.status() >= 400 && !r.url().endsWith('/api/extensions')) consoleErrors.push(`${r.status()} ${r.url()}`); });
page.on('dialog', d => d.accept()); // the cancel button asks for confirmation
const runUrl = (p, r) => `${BASE}/#/ns/default/pipelines/${p}/runs/${r}`;
const phaseOf = (id) => page.getAttribute(`svg.dag a.node[data-task="${id}"]`, 'data-phase');
const latencies = []; // ms from an event's emission to the DOM showing it, over every measured run

// From now on, notes (test side, in the page) when each run and task phase first shows in the DOM.
async function notePhases(pg) {
  await pg.waitForSelector('#stream-state[data-state="live"]', { state: 'attached' });
  await pg.evaluate(() => {
    const seen = window.__phases = {};
    const note = () => {
      const t = Date.now();
      const run = document.querySelector('#run-status [data-phase]');
      if (run) seen['run=' + run.getAttribute('data-phase')] ??= t;
      document.querySelectorAll('svg.dag a.node[data-task]').forEach(n => { seen[`task:${n.getAttribute('data-task')}=${n.getAttribute('data-phase')}`] ??= t; });
    };
    note();
    new MutationObserver(note).observe(document.getElementById('main'), { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
    window.__phasesSince = Date.now();
  });
}

// The run's events (from the server's stream, filtered to the run) against when the page showed them.
async function measureLatencies(pg, pipeline, run) {
  const res = await fetch(`${BASE}/api/events?history=true&follow=false&namespace=default&pipeline=${pipeline}&run=${run}`, { headers: { authorization: 'Bearer ' + TOKEN } });
  const events = (await res.text()).split('\n').filter(l => l.startsWith('data: ')).map(l => JSON.parse(l.slice(6)));
  const { seen, since } = await pg.evaluate(() => ({ seen: window.__phases, since: window.__phasesSince }));
  const measured = [];
  for (const e of events) {
    if (e.emitted <= since) continue;
    const [kind, d] = Object.entries(e.kind)[0];
    const key = kind === 'started_task_execution' ? `task:${d.task_execution_id}=running`
      : kind === 'completed_task_execution' ? `task:${d.task_execution_id}=${d.status}`
      : kind === 'completed_run' ? `run=${d.status}` : null;
    if (!key) continue;
    assert.ok(seen[key], `the page showed ${key} (event ${kind}); it saw ${JSON.stringify(seen)}`);
    measured.push({ key, ms: seen[key] - e.emitted });
  }
  latencies.push(...measured.map(m => m.ms));
  return measured;
}

try {
  // A 4-task DAG with a branch and a failing task: fetch -> build, fetch -> lint (fails) -> report (on failure).
  await deploy({
    id: 'dash-dag', name: 'Dashboard DAG',
    tasks: [
      { id: 'fetch', ...sh('echo fetching; sleep 4') },
      { id: 'build', depends_on: { fetch: 'success' }, ...sh("printf '\\033[32mbuild ok\\033[0m\\n'; sleep 2") },
      { id: 'lint', depends_on: { fetch: 'success' }, ...sh('echo lint error >&2; sleep 1; exit 3') },
      { id: 'report', depends_on: { lint: 'failure' }, ...sh('echo reporting lint failure') },
    ],
  });
  await deploy({ id: 'dash-logs', name: 'Dashboard logs', tasks: [{ id: 'count', ...sh('for i in $(seq 1 60); do echo line $i; sleep 0.15; done') }] });
  await deploy({ id: 'dash-sleep', name: 'Dashboard sleeper', tasks: [{ id: 'nap', ...sh('echo napping; sleep 300') }] });
  await deploy({ id: 'dash-hist', name: 'Dashboard history', tasks: [{ id: 'work', ...sh('sleep $S; exit $CODE') }] });
  await deploy({ id: 'dash-big', name: 'Dashboard big log', tasks: [{ id: 'rows', ...sh("seq 1 100000 | sed 's/^/row /'") }] });
  await deploy({ id: 'dash-greet', name: 'Dashboard greeter', tasks: [{ id: 'greet', ...sh('echo "hello $WHO"') }] });
  await deploy({ id: 'dash-inputs', name: 'Dashboard inputs', tasks: [{ id: 'show', ...sh('echo "$TARGET $REPLICAS $DRY_RUN $TICKET"') }],
    inputs: [
      { name: 'TARGET', type: 'choice', choices: ['staging', 'prod'], default: 'staging', description: 'where to deploy' },
      { name: 'REPLICAS', type: 'number', default: '3' },
      { name: 'DRY_RUN', type: 'boolean', default: 'false', description: 'only print' },
      { name: 'TICKET', type: 'string', required: true, description: 'the change ticket' }] });

  let dagRun;
  await step('static files: index is not cached, assets are', () => pages, async () => {
    const index = await fetch(BASE + '/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('cache-control'), /no-cache/);
    const html = await index.text();
    const asset = html.match(/\/assets\/([\w.-]+)\/app\.js/);
    assert.ok(asset, 'index.html names versioned assets: ' + html);
    assert.match(html, /<script type="module" src="\/assets\/[\w.-]+\/app\.js">/, 'the app is an ES module');
    // the modules app.js imports (by relative URL) share its versioned folder, and are cached for good too
    for (const name of ['app.js', 'views/run.js', 'events.js']) {
      const js = await fetch(`${BASE}/assets/${asset[1]}/${name}`);
      assert.equal(js.status, 200, name);
      assert.match(js.headers.get('cache-control'), /max-age=31536000/);
      assert.match(js.headers.get('content-type'), /javascript/);
    }
    assert.equal((await fetch(`${BASE}/assets/${asset[1]}/nope.js`)).status, 404);
    assert.equal((await fetch(`${BASE}/assets/old-version/app.js`)).status, 404, 'another version\'s folder is not served');
    // no test hooks in what the browser gets
    for (const name of ['app.js', 'views/run.js', 'views/pipeline.js', 'events.js', 'dom.js']) {
      assert.doesNotMatch(await (await fetch(`${BASE}/assets/${asset[1]}/${name}`)).text(), /__gofer|window\.Gofer/, name);
    }
  });

  await step('run page: nodes turn running, then successful/failed, without a reload', () => pages, async () => {
    dagRun = await startRun('dash-dag');
    await page.goto(runUrl('dash-dag', dagRun));
    await page.waitForSelector('svg.dag a.node[data-task="report"]');
    await page.evaluate(() => { window.__sameDocument = 'yes'; });
    await notePhases(page);
    assert.equal(await page.locator('svg.dag a.node').count(), 4);
    const labels = await page.locator('svg.dag text.edge-label').allTextContents();
    assert.deepEqual(labels.sort(), ['failure', 'success', 'success']);
    await page.waitForSelector('svg.dag a.node[data-task="fetch"][data-phase="running"]', { timeout: 60000 });
    assert.match(await phaseOf('build'), /^(processing|waiting)$/, 'build waits for fetch');
    await screenshot(page, 'dag-fetch-running');
    // a keyboard user's focus survives the live redraws
    await page.focus('table a[href$="/tasks/report"]');
    await page.waitForSelector('svg.dag a.node[data-task="lint"][data-phase="running"]', { timeout: 60000 });
    await screenshot(page, 'dag-branch-running');
    assert.match(await page.evaluate(() => document.activeElement.getAttribute('href') || ''), /\/tasks\/report$/, 'focus kept across updates');
    await page.waitForSelector('#run-status [data-phase="failed"]', { timeout: 90000 });
    assert.equal(await phaseOf('fetch'), 'successful');
    assert.equal(await phaseOf('build'), 'successful');
    assert.equal(await phaseOf('lint'), 'failed');
    assert.equal(await phaseOf('report'), 'successful');
    assert.equal(await page.evaluate(() => window.__sameDocument), 'yes', 'the page was not reloaded');
    assert.equal(await page.locator('#cancel-run').count(), 0, 'no cancel button on a finished run');
    // the facts show no stray text where a run has nothing to wait for (a "null" was rendered once)
    assert.doesNotMatch(await page.textContent('.run-facts'), /\bnull\b|undefined/, 'no null or undefined in the run facts');
    await screenshot(page, 'dag-finished');
    // the timeline: one bar per task from its start to its end on a shared axis; build and lint ran side by side
    const tasks = (await api('GET', `${P}/dash-dag/runs/${dagRun}/tasks`)).task_executions;
    await page.waitForSelector('#run-timeline svg a.row[data-task="report"][data-phase="successful"]');
    const tl = await page.evaluate(() => {
      const svg = document.querySelector('#run-timeline svg');
      return { t0: +svg.dataset.t0, msPerPx: +svg.dataset.msPerPx, x0: +svg.dataset.x0, rows: [...svg.querySelectorAll('a.row')].map(a => {
        const b = a.querySelector('rect.bar');
        return { id: a.dataset.task, phase: a.dataset.phase, from: +b.dataset.from, to: +b.dataset.to, x: +b.getAttribute('x'), w: +b.getAttribute('width') };
      }) };
    });
    assert.equal(tl.rows.length, 4);
    for (const t of tasks) {
      const bar = tl.rows.find(r => r.id === t.task_id);
      assert.equal(bar.phase, t.status, t.task_id);
      assert.equal(bar.from, t.started, t.task_id + ' starts when the task started');
      assert.equal(bar.to, t.ended, t.task_id + ' ends when the task ended');
      assert.ok(Math.abs(bar.x - (tl.x0 + (t.started - tl.t0) / tl.msPerPx)) < 0.5, t.task_id + ' x');
      assert.ok(Math.abs(bar.w - Math.max(2, (t.ended - t.started) / tl.msPerPx)) < 0.5, t.task_id + ' width');
    }
    const bar = id => tl.rows.find(r => r.id === id);
    assert.ok(bar('build').from < bar('lint').to && bar('lint').from < bar('build').to, 'build and lint overlap in time');
    assert.ok(bar('report').from >= bar('lint').to, 'report starts after lint ended');
    // keyboard: focusing a task shows the edges from its parents
    await page.focus('#run-timeline a.row[data-task="build"]');
    assert.deepEqual(await page.$$eval('#run-timeline .edge.on', es => es.map(e => e.getAttribute('data-parent'))), ['fetch']);
    await screenshot(page, 'timeline');
    await docShot(page, 'run');
    await docShot(page.locator('#timeline-section'), 'timeline');
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('#timeline-save')]);
    const { readFile } = await import('node:fs/promises');
    const svgText = await readFile(await svgDownload.path(), 'utf8');
    assert.match(svgText, /^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/, 'a standalone SVG');
    assert.match(svgText, /<style>/, 'with its styles inside');
    assert.match(await page.getAttribute('#timeline-link', 'href'), new RegExp(`/runs/${dagRun}/timeline$`));
    const measured = await measureLatencies(page, 'dash-dag', dagRun);
    assert.ok(measured.length >= 5, 'task starts and ends measured: ' + JSON.stringify(measured));
    console.log('event -> DOM (DAG run): ' + measured.map(m => `${m.key} ${m.ms} ms`).join(', '));
  });

  await step('task panel: exit code, ANSI colours, keyboard navigation', () => pages, async () => {
    // keyboard only: Tab to the lint node and open it with Enter
    await page.locator('body').focus();
    let found = false;
    for (let i = 0; i < 60 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('data-task') === 'lint');
    }
    assert.ok(found, 'the lint node is reachable with Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/runs\/\d+\/tasks\/lint$/);
    await page.waitForFunction(() => document.querySelector('#task-exit') && document.querySelector('#task-exit').textContent === '3');
    await page.waitForFunction(() => document.querySelector('#log-text').textContent.includes('lint error'));
    assert.equal(await page.locator('#log-text .stderr').textContent(), 'lint error', 'stderr is marked');
    const panelText = await page.locator('#task-panel').textContent();
    assert.match(panelText, /abnormal_exit/, 'the status reason is shown');
    assert.match(panelText, /GOFER_TASK_ID/, 'env keys are listed');
    assert.ok(!panelText.includes('[object'), 'details render as text: ' + panelText);
    assert.equal(await page.isHidden('#log-follow'), true, 'nothing to jump to in a short log');
    assert.equal(await page.evaluate(() => window.__sameDocument), 'yes');
    await screenshot(page, 'task-lint-failed');
    await page.goto(runUrl('dash-dag', dagRun) + '/tasks/build');
    await page.waitForSelector('#log-text span.ansi');
    const span = page.locator('#log-text span.ansi').first();
    assert.equal(await span.textContent(), 'build ok');
    assert.match(await span.getAttribute('style'), /color:#0dbc79/);
    assert.ok(!(await page.locator('#log-text').textContent()).includes('\u001b'), 'no raw escape codes');
    assert.equal(await page.locator('#log-text .stderr').count(), 0, 'stdout is not marked as stderr');
    await screenshot(page, 'task-build-ansi');
  });

  await step('live over the event stream: a quiet run page makes no requests; a change shows within 200 ms', () => pages, async () => {
    const run = await startRun('dash-sleep');
    await page.goto(runUrl('dash-sleep', run));
    await page.waitForSelector('svg.dag a.node[data-task="nap"][data-phase="running"]', { timeout: 60000 });
    await notePhases(page);
    assert.equal(await page.isHidden('#stream-state'), true, 'nothing to say while live');
    const requests = [];
    const onRequest = r => requests.push(r.method() + ' ' + r.url());
    page.on('request', onRequest);
    await new Promise(resolve => setTimeout(resolve, 10000)); // the quiet window under test
    page.off('request', onRequest);
    assert.deepEqual(requests, [], 'no requests in 10 s of a quiet run');
    // the durations of what is running still tick (drawn locally)
    assert.notEqual(await page.textContent('#run-duration'), '—');
    await api('DELETE', `${P}/dash-sleep/runs/${run}`); // a change made elsewhere (not by this page)
    await page.waitForSelector('#run-status [data-phase="cancelled"]', { timeout: 60000 });
    const measured = await measureLatencies(page, 'dash-sleep', run);
    assert.ok(measured.some(m => m.key === 'run=cancelled'), JSON.stringify(measured));
    const sorted = latencies.slice().sort((a, b) => a - b);
    const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
    console.log(`event -> DOM over ${sorted.length} changes: p50 ${sorted[Math.floor(sorted.length / 2)]} ms, p99 ${p99} ms, max ${sorted[sorted.length - 1]} ms`);
    assert.ok(p99 <= 200, `p99 event -> DOM latency ${p99} ms > 200 ms: ${sorted}`);
  });

  await step('live logs: lines appear while the container is still printing', () => pages, async () => {
    const run = await startRun('dash-logs');
    await page.goto(runUrl('dash-logs', run) + '/tasks/count');
    await page.waitForFunction(() => /line 2\b/.test(document.querySelector('#log-text')?.textContent || ''), null, { timeout: 60000 });
    const early = await page.locator('#log-text').textContent();
    const task = (await api('GET', `${P}/dash-logs/runs/${run}/tasks/count`)).task_execution;
    assert.equal(task.state, 'running', 'the task is still running while its first lines are shown');
    assert.ok(!early.includes('line 60'), 'not all output was there at once: ' + early);
    assert.equal(await page.locator('#log-live').textContent(), '● live');
    await screenshot(page, 'logs-streaming');
    // auto-scroll follows the output until the reader scrolls up, then stays put
    await page.waitForFunction(() => /line 30\b/.test(document.querySelector('#log-text').textContent), null, { timeout: 60000 });
    const atBottom = () => page.evaluate(() => { const b = document.querySelector('#log'); return b.scrollHeight > b.clientHeight && b.scrollTop + b.clientHeight >= b.scrollHeight - 8; });
    assert.ok(await atBottom(), 'scrolled along with the output');
    await page.evaluate(() => { const b = document.querySelector('#log'); b.scrollTop = 0; b.dispatchEvent(new Event('scroll')); });
    await page.waitForSelector('#log-follow:not([hidden])');
    await page.waitForSelector('#log[data-lines="60"]', { timeout: 60000 });
    assert.equal(await page.evaluate(() => document.querySelector('#log').scrollTop), 0, 'stays where the reader scrolled to');
    await screenshot(page, 'logs-scrolled-up');
    await page.click('#log-follow');
    assert.ok(await atBottom(), 'back to following');
    await page.waitForFunction(() => document.querySelector('#task-exit')?.textContent === '0', null, { timeout: 30000 });
    const all = await page.locator('#log-text .log-line .lt').allTextContents();
    assert.deepEqual(all, Array.from({ length: 60 }, (_, i) => `line ${i + 1}`), 'each line once, numbered');
    assert.equal(await page.getAttribute('#log-text .log-line:last-child .ln', 'data-n'), '60');
    await screenshot(page, 'logs-complete');
  });

  await step('logs: find in a 100,000-line log, download it, line links open scrolled to the line', () => pages, async () => {
    const run = await startRun('dash-big');
    await waitFor('the 100,000-line task to end', async () => (await api('GET', `${P}/dash-big/runs/${run}`)).run.state === 'complete', 120000);
    const p7 = await ctx.newPage();
    pages.push(p7);
    // the longest gap between two frames while the page loads, searches and scrolls: a frozen page has a long one
    await p7.addInitScript(() => {
      window.__gap = 0;
      let last = 0;
      const tick = t => { if (last) window.__gap = Math.max(window.__gap, t - last); last = t; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    const taskUrl = runUrl('dash-big', run) + '/tasks/rows';
    const t0 = Date.now();
    await p7.goto(taskUrl);
    await p7.waitForSelector('#log[data-lines="100000"]', { timeout: 60000 });
    const loaded = Date.now() - t0;
    assert.ok(await p7.locator('#log-text .log-line').count() < 300, 'only the lines in view are in the DOM');
    const t1 = Date.now();
    await p7.fill('#log-find', 'ROW 99'); // case-insensitive
    await p7.waitForFunction(() => / of 1111$/.test(document.querySelector('#log-find-count').textContent));
    const searched = Date.now() - t1;
    const currentIs = line => p7.waitForFunction(n => document.querySelector('#log-text mark.current')?.closest('.log-line').getAttribute('data-line') === n, line);
    // row 99, row 990-999, row 9900-9999, row 99000-99999
    assert.equal(await p7.textContent('#log-find-count'), '1 of 1111');
    await currentIs('99');
    assert.equal(await p7.textContent('#log-text mark.current'), 'row 99');
    await p7.press('#log-find', 'Enter');
    assert.equal(await p7.textContent('#log-find-count'), '2 of 1111');
    await currentIs('990'); // the count changes at once; the line is scrolled into view and marked on a later frame
    await p7.click('#log-find-prev');
    await p7.press('#log-find', 'Shift+Enter'); // before the first: wraps to the last
    assert.equal(await p7.textContent('#log-find-count'), '1111 of 1111');
    await currentIs('99999');
    await screenshot(p7, 'log-search', false);
    await docShot(p7.locator('#task-panel'), 'log-search');
    const gap = await p7.evaluate(() => window.__gap);
    console.log(`100,000-line log: loaded in ${loaded} ms, searched in ${searched} ms, longest frame gap ${gap.toFixed(0)} ms`);
    assert.ok(gap < 1500, `the page froze for ${gap} ms`);
    const [download] = await Promise.all([p7.waitForEvent('download'), p7.click('#log-download')]);
    assert.equal(download.suggestedFilename(), `dash-big-${run}-rows.log`);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(await download.path(), 'utf8');
    assert.equal(text.split('\n').filter(Boolean).length, 100000, 'the whole log');
    assert.ok(text.endsWith('row 100000\n'));

    // a link to a range opens scrolled to it, highlighted
    const p8 = await ctx.newPage();
    pages.push(p8);
    await p8.goto(taskUrl + '#L50000-L50010');
    await p8.waitForSelector('.log-line.hl[data-line="50000"]', { timeout: 60000 });
    assert.equal(await p8.locator('.log-line.hl').count(), 11);
    const inView = n => p8.evaluate(n => {
      const box = document.querySelector('#log').getBoundingClientRect();
      const line = document.querySelector(`.log-line[data-line="${n}"]`)?.getBoundingClientRect();
      return !!line && line.top >= box.top && line.bottom <= box.bottom;
    }, n);
    assert.ok(await inView(50000), 'the linked line is in view');
    assert.equal(await p8.textContent('.log-line[data-line="50000"] .lt'), 'row 50000');
    await screenshot(p8, 'log-line-link', false);
    await docShot(p8.locator('#task-panel'), 'log-line-link');
    // clicking a number links to its line; shift-clicking another makes a range
    await p8.click('.log-line[data-line="50003"] .ln');
    await p8.waitForURL(/\/tasks\/rows#L50003$/);
    await p8.click('.log-line[data-line="50006"] .ln', { modifiers: ['Shift'] });
    await p8.waitForURL(/\/tasks\/rows#L50003-L50006$/);
    await p8.waitForFunction(() => document.querySelectorAll('.log-line.hl').length === 4);
    assert.ok(await inView(50003));
    await p8.close();
    await p7.close();
  });

  await step('cancel a long run from the button', () => pages, async () => {
    const run = await startRun('dash-sleep');
    await page.goto(runUrl('dash-sleep', run));
    await page.waitForSelector('svg.dag a.node[data-task="nap"][data-phase="running"]', { timeout: 60000 });
    await screenshot(page, 'cancel-before');
    await page.focus('#cancel-run');
    await page.keyboard.press('Enter'); // keyboard reachable too
    await page.waitForSelector('#run-status [data-phase="cancelled"]', { timeout: 60000 });
    await page.waitForSelector('svg.dag a.node[data-task="nap"][data-phase="cancelled"]', { timeout: 30000 });
    const r = (await api('GET', `${P}/dash-sleep/runs/${run}`)).run;
    assert.equal(r.status, 'cancelled');
    assert.equal(r.status_reason.reason, 'user_cancelled');
    await screenshot(page, 'cancel-after');
  });

  await step('start a run from the form with a variable; it reaches the container', () => pages, async () => {
    await page.goto(`${BASE}/#/ns/default/pipelines/dash-greet`);
    await page.waitForSelector('#start-run');
    await page.click('#add-variable');
    await page.fill('#start-run .var-row input[name=key]', 'WHO');
    await page.fill('#start-run .var-row input[name=value]', 'the browser');
    await screenshot(page, 'form-filled');
    await page.click('#start-run-submit');
    await page.waitForURL(/#\/ns\/default\/pipelines\/dash-greet\/runs\/\d+$/);
    await page.waitForSelector('#run-variables code');
    assert.match(await page.locator('#run-variables').textContent(), /WHO = the browser/);
    await page.click('svg.dag a.node[data-task="greet"]');
    await page.waitForFunction(() => document.querySelector('#log-text')?.textContent.includes('hello the browser'), null, { timeout: 60000 });
    await screenshot(page, 'form-run-logs');
  });

  await step('a pipeline with inputs: the form shows one field per input by type, with description and default', () => pages, async () => {
    await page.goto(`${BASE}/#/ns/default/pipelines/dash-inputs`);
    await page.waitForSelector('#start-inputs [data-input="TICKET"]');
    assert.equal(await page.$eval('[data-input="TARGET"]', e => e.tagName + ':' + e.value), 'SELECT:staging');
    assert.deepEqual(await page.$$eval('[data-input="TARGET"] option', os => os.map(o => o.value)), ['staging', 'prod']);
    assert.equal(await page.$eval('[data-input="REPLICAS"]', e => e.type + ':' + e.value), 'number:3');
    assert.equal(await page.$eval('[data-input="DRY_RUN"]', e => e.type + ':' + e.checked), 'checkbox:false');
    assert.equal(await page.$eval('[data-input="TICKET"]', e => e.type + ':' + e.required), 'text:true');
    assert.match(await page.locator('#start-inputs').textContent(), /where to deploy.*only print.*the change ticket/s);
    assert.equal(await page.isVisible('#add-variable'), false, 'a pipeline with inputs takes only those');
    await page.selectOption('[data-input="TARGET"]', 'prod');
    await page.check('[data-input="DRY_RUN"]');
    await page.fill('[data-input="TICKET"]', 'CH-7');
    await screenshot(page, 'form-inputs');
    await page.click('#start-run-submit');
    await page.waitForURL(/#\/ns\/default\/pipelines\/dash-inputs\/runs\/\d+$/);
    await page.waitForSelector('#run-variables code');
    assert.match(await page.locator('#run-variables').textContent(), /REPLICAS = 3/, 'the default is sent with the rest');
    await page.click('svg.dag a.node[data-task="show"]');
    await page.waitForFunction(() => document.querySelector('#log-text')?.textContent.includes('prod 3 true CH-7'), null, { timeout: 60000 });
  });

  await step('run history: the last runs as bars (height = duration, colour = status), success rate and p50/p90', () => pages, async () => {
    const specs = [['0', '0'], ['2', '0'], ['1', '3'], ['3', '0']];
    const runs = [];
    for (const [S, CODE] of specs) runs.push(await startRun('dash-hist', { S, CODE }));
    await waitFor('the history runs to end', async () => (await api('GET', `${P}/dash-hist/runs?limit=10`)).runs.every(r => r.state === 'complete'), 90000);
    await page.goto(`${BASE}/#/ns/default/pipelines/dash-hist`);
    await page.waitForSelector(`#run-history a.hbar[data-run="${runs[3]}"]`);
    const api4 = (await api('GET', `${P}/dash-hist/runs?reverse=true&limit=50`)).runs;
    const bars = await page.$$eval('#run-history a.hbar', as => as.map(a => ({ run: +a.dataset.run, phase: a.dataset.phase, d: +a.dataset.duration, h: +a.querySelector('rect').getAttribute('height') })));
    assert.deepEqual(bars.map(b => b.run), api4.map(r => r.run_id).reverse(), 'oldest on the left');
    for (const b of bars) {
      const r = api4.find(x => x.run_id === b.run);
      assert.equal(b.phase, r.status);
      assert.equal(b.d, r.ended - r.started);
    }
    const tallest = bars.reduce((a, b) => (b.d > a.d ? b : a));
    assert.ok(bars.every(b => b.h <= tallest.h), 'the longest run is the tallest bar');
    assert.equal(tallest.run, runs[3], 'the 3-second run took longest');
    const durations = api4.map(r => r.ended - r.started).sort((a, b) => a - b);
    const rank = q => durations[Math.ceil(q * durations.length) - 1];
    const stats = await page.$eval('#history-stats', e => ({ ...e.dataset, text: e.textContent }));
    assert.equal(stats.successRate, (3 / 4).toFixed(4));
    assert.equal(+stats.p50, rank(0.5));
    assert.equal(+stats.p90, rank(0.9));
    assert.match(stats.text, /^75% successful over the last 4 finished runs · p50 \S+ · p90 \S+$/);
    await screenshot(page, 'run-history');
    await docShot(page, 'pipeline');
    // a new run shows up on its own (the event stream), and a bar leads to its run
    const fifth = await startRun('dash-hist', { S: '0', CODE: '0' });
    await page.waitForSelector(`#run-history a.hbar[data-run="${fifth}"]`, { timeout: 30000 });
    await page.waitForSelector(`table.runs tr[data-run="${fifth}"]`);
    await page.click(`#run-history a.hbar[data-run="${runs[2]}"]`);
    await page.waitForURL(new RegExp(`/pipelines/dash-hist/runs/${runs[2]}$`));
    await page.waitForSelector('#run-status [data-phase="failed"]');
  });

  await step('pipeline and namespace pages: runs newest first, status strip, versions', () => pages, async () => {
    await page.goto(`${BASE}/#/ns/default/pipelines/dash-dag`);
    await page.waitForSelector('table.runs tr[data-run]');
    assert.equal(await page.getAttribute('table.runs tbody tr:first-child', 'data-run'), String(dagRun));
    await page.waitForSelector('svg.dag a.node[data-task="report"]');
    assert.equal(await page.locator('svg.dag a.node').count(), 4, 'the config graph');
    await page.click('svg.dag a.node[data-task="lint"]');
    await page.waitForFunction(() => document.querySelector('.task-config')?.textContent.includes('fetch (success)'));
    await screenshot(page, 'pipeline-page');
    await page.goto(`${BASE}/#/ns/default`);
    await page.waitForSelector('tr[data-pipeline="dash-dag"] .strip a.tick');
    assert.match(await page.getAttribute('tr[data-pipeline="dash-dag"] .strip a.tick', 'class'), /p-failed/);
    assert.equal(await page.locator('tr[data-pipeline]').count(), 7);
    await screenshot(page, 'namespace-page');
    await docShot(page, 'namespace');
    await page.goto(`${BASE}/#/`);
    await page.waitForSelector('a.card[href="#/ns/default"]');
    // the Extensions link shows exactly when the server answers GET /api/extensions (not every build has it)
    const hasExtensions = await api('GET', '/api/extensions').then(() => true, () => false);
    if (hasExtensions) await page.waitForSelector('#nav-extensions:not([hidden])');
    else assert.equal(await page.isHidden('#nav-extensions'), true, 'no extensions API here: the view stays hidden');
  });

  await step('phone width: run page fits, graph scrolls inside its box', () => pages, async () => {
    const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const p2 = await phone.newPage();
    pages.push(p2);
    await p2.goto(runUrl('dash-dag', dagRun) + '/tasks/lint');
    await p2.waitForSelector('#run-status [data-phase="failed"]');
    await p2.waitForFunction(() => document.querySelector('#log-text')?.textContent.includes('lint error'));
    const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, 'page wider than the phone by ' + overflow + 'px');
    await screenshot(p2, 'phone-run');
    await docShot(p2, 'phone-run');
    await p2.goto(`${BASE}/#/ns/default/pipelines/dash-dag`);
    await p2.waitForSelector('table.runs tr[data-run]');
    assert.ok(await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) <= 1, 'pipeline page fits');
    await screenshot(p2, 'phone-pipeline');
    await phone.close();
  });

  await step('disable and enable a pipeline from its page', () => pages, async () => {
    await page.goto(`${BASE}/#/ns/default/pipelines/dash-greet`);
    await page.waitForSelector('#toggle-state');
    assert.equal(await page.getAttribute('#pipeline-state [data-phase]', 'data-phase'), 'active');
    assert.equal(await page.textContent('#toggle-state'), 'Disable');
    await page.click('#toggle-state');
    await page.waitForSelector('#pipeline-state [data-phase="disabled"]');
    assert.equal((await api('GET', `${P}/dash-greet`)).pipeline.state, 'disabled', 'the server has it disabled');
    assert.equal(await page.textContent('#toggle-state'), 'Enable');
    await screenshot(page, 'pipeline-disabled');
    await page.focus('#toggle-state');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#pipeline-state [data-phase="active"]');
    assert.equal((await api('GET', `${P}/dash-greet`)).pipeline.state, 'active');
    assert.equal(await page.textContent('#toggle-state'), 'Disable');
  });

  await step('403: a token without the right role gets a message and a way to switch tokens', () => pages, async () => {
    const viewerToken = await createToken('dashboard-viewer', ['read-only']);
    const viewer = await newContext(browser, desktop, viewerToken);
    const p4 = await viewer.newPage();
    pages.push(p4);
    await p4.goto(`${BASE}/#/ns/default/pipelines/dash-greet`);
    await p4.waitForSelector('table.runs tr[data-run]'); // reading is allowed
    await p4.waitForSelector('#toggle-state');
    await p4.click('#toggle-state');
    const err = p4.locator('#toggle-status .error[data-status="403"]');
    await err.waitFor();
    assert.match(await err.textContent(), /^Not allowed with this token: token \S+ \(roles \[read-only\]\) may not write .*pipelines/);
    assert.equal((await api('GET', `${P}/dash-greet`)).pipeline.state, 'active', 'nothing changed');
    assert.equal(await p4.isEnabled('#toggle-state'), true, 'the button can be tried again');
    assert.equal(await p4.evaluate(t => document.body.textContent.includes(t), viewerToken), false, 'the token is never shown');
    await screenshot(p4, 'forbidden-toggle');

    // a role for another namespace only: the whole view is a 403 message, not a blank page
    await api('POST', '/api/roles', { id: 'dash-other-ns', description: 'namespace other only',
      permissions: [{ resources: ['namespaces:other', 'pipelines:.*', 'runs'], actions: ['read'] }] });
    await viewer.close();
    const other = await newContext(browser, desktop, await createToken('dashboard-other', ['dash-other-ns']));
    const p5 = await other.newPage();
    pages.push(p5);
    await p5.goto(`${BASE}/#/ns/default`);
    const whole = p5.locator('main .error[data-status="403"]');
    await whole.waitFor();
    assert.match(await whole.textContent(), /Not allowed with this token: .*may not read/);
    await screenshot(p5, 'forbidden-namespace');
    // switching tokens forgets this one; the next call gets 401 and the dialog asks for another
    await whole.locator('button.switch-token').click();
    await p5.waitForSelector('#token-dialog[open]');
    assert.equal(await p5.evaluate(() => sessionStorage.getItem('gofer.token')), null);
    await p5.fill('#token-input', TOKEN);
    await p5.click('#token-form button[value=ok]');
    await p5.waitForSelector('tr[data-pipeline="dash-dag"]');
    await other.close();
  });

  await step('401 from the real server: the dialog asks for a token, keeps it in session storage, sends it on every call', () => pages, async () => {
    const fresh = await browser.newContext(desktop); // no token preset: like a first visit
    const p3 = await fresh.newPage();
    pages.push(p3);
    const sent = [];
    const statuses = [];
    p3.on('request', r => { if (new URL(r.url()).pathname.startsWith('/api/')) sent.push(r.headers()['authorization'] || ''); });
    p3.on('response', r => { if (new URL(r.url()).pathname.startsWith('/api/')) statuses.push(r.status()); });
    await p3.goto(`${BASE}/#/ns/default`);
    await p3.waitForSelector('#token-dialog[open]');
    assert.ok(statuses.includes(401), 'the server answered 401: ' + statuses);
    assert.match(await p3.textContent('#token-reason'), /needs a token/);
    await screenshot(p3, 'token-dialog');
    await docShot(p3, 'token-dialog');
    // a mistyped token: the server rejects it and the dialog asks again, saying why
    await p3.fill('#token-input', 'not-a-real-token');
    await p3.click('#token-form button[value=ok]');
    await p3.waitForFunction(() => document.querySelector('#token-dialog').open
      && /not recognised/.test(document.querySelector('#token-reason').textContent));
    await screenshot(p3, 'token-dialog-rejected');
    await p3.fill('#token-input', TOKEN);
    await p3.click('#token-form button[value=ok]');
    await p3.waitForSelector('tr[data-pipeline="dash-dag"]');
    assert.equal(await p3.evaluate(() => sessionStorage.getItem('gofer.token')), TOKEN);
    assert.equal(await p3.evaluate(t => document.body.textContent.includes(t), TOKEN), false, 'the token is never shown');
    // the tab remembers it: a reload and another view ask nothing and send it on every call
    const before = sent.length;
    await p3.goto(runUrl('dash-dag', dagRun));
    await p3.reload();
    await p3.waitForSelector('#run-status [data-phase="failed"]');
    assert.equal(await p3.evaluate(() => document.querySelector('#token-dialog').open), false, 'not asked again');
    assert.ok(sent.length > before, 'the run page called the API');
    assert.ok(sent.slice(before).every(a => a === 'Bearer ' + TOKEN), 'every call after carries the token');
    await fresh.close();
  });

  await step('the token dialog closes once a token is accepted, however it arrived', () => pages, async () => {
    const fresh = await browser.newContext(desktop);
    const p6 = await fresh.newPage();
    pages.push(p6);
    const dialogOpen = () => p6.evaluate(() => document.querySelector('#token-dialog').open);
    // another document of this tab's session (a same-origin frame) stores an accepted token: the `storage`
    // event closes the dialog, and the view that was waiting on it loads
    await p6.goto(`${BASE}/#/ns/default`);
    await p6.waitForSelector('#token-dialog[open]');
    await p6.evaluate(() => new Promise(resolve => {
      const frame = document.createElement('iframe');
      frame.id = 'other-view';
      frame.src = document.querySelector('link[rel=stylesheet]').getAttribute('href');
      frame.onload = resolve;
      document.body.append(frame);
    }));
    await p6.frame({ url: /style\.css$/ }).evaluate(t => sessionStorage.setItem('gofer.token', t), TOKEN);
    await p6.waitForSelector('tr[data-pipeline="dash-dag"]');
    assert.equal(await dialogOpen(), false, 'the dialog closed when the other document stored the token');

    // a view that loads with a valid stored token (no storage event: set by this document) closes the dialog
    // that asked for it, instead of staying open over the page
    await p6.evaluate(() => sessionStorage.removeItem('gofer.token'));
    await p6.goto(`${BASE}/#/ns/default/pipelines/dash-dag`);
    await p6.reload();
    await p6.waitForSelector('#token-dialog[open]');
    await p6.evaluate(t => { sessionStorage.setItem('gofer.token', t); location.hash = '#/ns/default'; }, TOKEN);
    await p6.waitForSelector('tr[data-pipeline="dash-dag"]');
    await p6.waitForFunction(() => !document.querySelector('#token-dialog').open);
    await screenshot(p6, 'token-dialog-closed-after-accepted');

    // a page loaded with a stored valid token asks nothing; an unaccepted token still gets the dialog
    await p6.reload();
    await p6.waitForSelector('tr[data-pipeline="dash-dag"]');
    assert.equal(await dialogOpen(), false, 'no dialog with a valid stored token');
    await p6.evaluate(() => sessionStorage.setItem('gofer.token', 'not-a-real-token'));
    await p6.reload();
    await p6.waitForSelector('#token-dialog[open]');
    await fresh.close();
  });

  assert.deepEqual(consoleErrors, [], 'no errors in the browser console');
  console.log('all dashboard scenarios passed');
} finally {
  await browser.close();
}
