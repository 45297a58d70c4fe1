// A retried task in the dashboard, in real headless Chromium against a real Gofer server (started by
// DashboardAttemptsBrowserTest): the timeline draws one bar per attempt, live, at the API's attempt times; each
// attempt's log downloads as its own file, which the browser fetches itself (a one-use link, never a blob the page
// built). Screenshots under ARTIFACTS; exit code 0 = all passed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, P, TOKEN, api, deploy, docShot, launch, newContext, screenshot, startRun, step, waitFor } from './harness.mjs';

const pages = [];
const browser = await launch();
const ctx = await newContext(browser, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
const page = await ctx.newPage();
pages.push(page);
const problems = [];
page.on('pageerror', e => problems.push(String(e)));
page.on('response', r => { if (r.status() >= 400 && !r.url().endsWith('/api/extensions')) problems.push(`${r.status()} ${r.url()}`); });
const requests = [];
page.on('request', r => requests.push(r.url()));
const runUrl = (p, r) => `${BASE}/#/ns/default/pipelines/${p}/runs/${r}`;
const text = async path => {
  const res = await fetch(BASE + path, { headers: { authorization: 'Bearer ' + TOKEN } });
  assert.equal(res.status, 200, path);
  return res.text();
};

try {
  // flaky fails on attempts 1 and 2 (exit 1) and succeeds on 3; steady runs beside it; after waits for flaky
  await deploy({ id: 'dash-flaky', name: 'Flaky', tasks: [
    { id: 'flaky', image: 'busybox:latest', retry: { attempts: 3, backoff: '1s' },
      command: ['sh', '-c', 'echo "attempt $GOFER_TASK_ATTEMPT of flaky"; sleep 1; [ "$GOFER_TASK_ATTEMPT" -ge 3 ] || { echo "failing attempt $GOFER_TASK_ATTEMPT" >&2; exit 1; }'] },
    { id: 'steady', image: 'busybox:latest', command: ['sh', '-c', 'echo steady; sleep 3'] },
    { id: 'after', image: 'busybox:latest', depends_on: { flaky: 'success' }, command: ['sh', '-c', 'echo after'] },
  ] });
  let run;
  const bars = () => page.evaluate(() => {
    const svg = document.querySelector('#run-timeline svg');
    const row = svg && svg.querySelector('a.row[data-task="flaky"]');
    if (!row) return null;
    return { t0: +svg.dataset.t0, msPerPx: +svg.dataset.msPerPx, x0: +svg.dataset.x0, width: +svg.getAttribute('width'), label: row.getAttribute('aria-label'),
      attempts: [...row.querySelectorAll('g.attempt')].map(g => {
        const b = g.querySelector('rect.bar');
        const w = g.querySelector('rect.wait');
        return { attempt: +g.dataset.attempt, phase: g.dataset.phase, title: g.querySelector('title')?.textContent,
          from: b ? +b.dataset.from : 0, to: b ? +b.dataset.to : 0, x: b ? +b.getAttribute('x') : 0, w: b ? +b.getAttribute('width') : 0,
          waitFrom: w ? +w.dataset.from : 0, waitTo: w ? +w.dataset.to : 0 };
      }) };
  });

  await step('timeline: a bar per attempt appears live while the run runs', () => pages, async () => {
    run = await startRun('dash-flaky');
    await page.goto(runUrl('dash-flaky', run));
    await page.waitForSelector('#stream-state[data-state="live"]', { state: 'attached' });
    await page.evaluate(() => { window.__sameDocument = 'yes'; });
    // attempt 1 failed and attempt 2 runs or waits: two attempts on flaky's row, the first one red
    await page.waitForSelector('#run-timeline a.row[data-task="flaky"][data-attempts="2"] g.attempt[data-attempt="1"][data-phase="failed"]', { timeout: 90000 });
    await screenshot(page, 'timeline-attempt-2');
    await page.waitForSelector('#run-timeline a.row[data-task="flaky"][data-attempts="3"]', { timeout: 90000 });
    await page.waitForSelector('#run-status [data-phase="successful"]', { timeout: 90000 });
    assert.equal(await page.evaluate(() => window.__sameDocument), 'yes', 'live, without a reload');
  });

  await step('timeline: 3 bars for flaky at the API\'s attempt times, coloured by each attempt\'s status', () => pages, async () => {
    const t = (await api('GET', `${P}/dash-flaky/runs/${run}/tasks/flaky`)).task_execution;
    assert.equal(t.attempt, 3);
    assert.equal(t.attempts.length, 2);
    const expected = [...t.attempts.map(a => ({ attempt: a.attempt, started: a.started, ended: a.ended, phase: 'failed' })),
      { attempt: 3, started: t.started, ended: t.ended, phase: 'successful' }];
    await page.waitForFunction(e => {
      const bars = [...document.querySelectorAll('#run-timeline a.row[data-task="flaky"] rect.bar')];
      return bars.length === 3 && bars.every((b, i) => +b.dataset.from === e[i].started && +b.dataset.to === e[i].ended);
    }, expected);
    const tl = await bars();
    assert.equal(tl.attempts.length, 3, 'one bar per attempt');
    tl.attempts.forEach((b, i) => {
      const e = expected[i];
      assert.equal(b.attempt, e.attempt);
      assert.equal(b.phase, e.phase, `attempt ${e.attempt} coloured by its own status`);
      assert.equal(b.from, e.started, `attempt ${e.attempt} starts when the API says`);
      assert.equal(b.to, e.ended, `attempt ${e.attempt} ends when the API says`);
      assert.ok(Math.abs(b.x - (tl.x0 + (e.started - tl.t0) / tl.msPerPx)) < 0.5, `attempt ${e.attempt} x on the shared axis`);
      assert.ok(Math.abs(b.w - Math.max(2, (e.ended - e.started) / tl.msPerPx)) < 0.5, `attempt ${e.attempt} width`);
      assert.match(b.title, new RegExp(`^flaky, attempt ${e.attempt} of 3: ${e.phase}`), 'hover says which attempt of how many');
      if (i > 0) {
        // waiting for the retry (backoff) drawn apart: from the previous attempt's end to this one's start
        assert.equal(b.waitFrom, expected[i - 1].ended, `attempt ${e.attempt} waits from the previous end`);
        assert.equal(b.waitTo, e.started, `attempt ${e.attempt} waits until it starts`);
        assert.ok(b.from >= expected[i - 1].ended, 'attempts do not overlap');
      }
    });
    assert.match(tl.attempts[0].title, /exit code 1/);
    assert.ok(await page.locator('#run-timeline a.row[data-task="steady"] rect.bar').count() === 1, 'a task that ran once has one bar');
    // keyboard: one Tab stop per task; its label tells every attempt
    await page.focus('#run-timeline a.row[data-task="flaky"]');
    assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^flaky: successful after 3 attempts; attempt 1 of 3: failed.*attempt 3 of 3: successful/);
    assert.deepEqual(await page.$$eval('#run-timeline .edge.on', es => es.map(e => e.getAttribute('data-parent'))), []);
    await page.focus('#run-timeline a.row[data-task="after"]');
    assert.deepEqual(await page.$$eval('#run-timeline .edge.on', es => es.map(e => e.getAttribute('data-parent'))), ['flaky']);
    await screenshot(page, 'timeline-attempts');
    await docShot(page.locator('#timeline-section'), 'timeline-attempts');
  });

  await step('timeline: phone width keeps every attempt in view', () => pages, async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.addInitScript(t => sessionStorage.setItem('gofer.token', t), TOKEN);
    const p2 = await phone.newPage();
    pages.push(p2);
    await p2.goto(runUrl('dash-flaky', run));
    await p2.waitForSelector('#run-timeline a.row[data-task="flaky"][data-attempts="3"]');
    const fit = await p2.evaluate(() => {
      const svg = document.querySelector('#run-timeline svg').getBoundingClientRect();
      const bars = [...document.querySelectorAll('#run-timeline a.row[data-task="flaky"] rect.bar')].map(b => b.getBoundingClientRect());
      return { svgRight: svg.right, vw: window.innerWidth, bars: bars.map(b => [b.left, b.right]) };
    });
    assert.ok(fit.svgRight <= fit.vw + 1, `the timeline fits the phone: ${JSON.stringify(fit)}`);
    assert.equal(fit.bars.length, 3);
    fit.bars.forEach(([l, r]) => assert.ok(l >= 0 && r <= fit.vw + 1, 'each bar on screen'));
    await screenshot(p2, 'timeline-attempts-phone');
    await phone.close();
  });

  await step('logs: each attempt downloads as its own file, streamed by the browser', () => pages, async () => {
    await page.goto(runUrl('dash-flaky', run) + '/tasks/flaky');
    await page.waitForFunction(() => document.querySelector('#log-text')?.textContent.includes('attempt 3 of flaky'));
    assert.deepEqual(await page.$$eval('#log-downloads button.log-download', bs => bs.map(b => b.textContent)), ['Attempt 1', 'Attempt 2', 'Attempt 3']);
    await screenshot(page, 'task-attempt-downloads');
    for (const n of [1, 2, 3]) {
      const before = requests.length;
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#log-downloads button[data-attempt="${n}"]`)]);
      assert.equal(download.suggestedFilename(), `dash-flaky-${run}-flaky.attempt-${n}.log`);
      const saved = await readFile(await download.path(), 'utf8');
      const expected = await text(`${P}/dash-flaky/runs/${run}/tasks/flaky/logs?attempt=${n}`);
      assert.equal(saved, expected, `attempt ${n}'s whole log`);
      assert.match(saved, new RegExp(`^attempt ${n} of flaky\n`));
      if (n < 3) assert.match(saved, new RegExp(`failing attempt ${n}\n`));
      else assert.doesNotMatch(saved, /failing/);
      // the browser fetched the file itself from a one-use link: the page never held the bytes (no blob: URL)
      const url = download.url();
      assert.match(url, new RegExp(`^${BASE}/api/log-downloads/[A-Za-z0-9_-]{43}$`), url);
      assert.ok(!requests.slice(before).some(u => /\/logs(\?|$)/.test(u)), 'the page did not read the log to save it');
      assert.equal((await fetch(url)).status, 404, 'a link works once');
    }
    // a link without the token is refused where it is asked for
    assert.equal((await fetch(`${BASE}${P}/dash-flaky/runs/${run}/tasks/flaky/logs/download`, { method: 'POST' })).status, 401);
    const bad = await fetch(`${BASE}${P}/dash-flaky/runs/${run}/tasks/flaky/logs/download?attempt=4`, { method: 'POST', headers: { authorization: 'Bearer ' + TOKEN } });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).message, /attempt: .*1 to 3, got 4/);
  });

  assert.deepEqual(problems, [], 'no errors in the page');
  console.log('all attempt scenarios passed');
} finally {
  await browser.close();
}
