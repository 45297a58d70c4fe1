// A task's panel in the run view: its details and its log (streamed while it runs, auto-scrolling unless
// the reader scrolled up; searchable; every line linkable).
import { api } from '../api.js';
import { badge, duration, errorBox, fmtTime, h, links, phase } from '../dom.js';
import { LogView } from '../log-view.js';

export function taskPanel(panel, ns, p, runId, first, lines) {
  const taskId = first.task_id;
  const path = api.paths.logs(ns, p, runId, taskId);
  const details = h('dl', { class: 'facts' });
  const log = new LogView(`Logs of ${taskId}`, (from, to) => links.task(ns, p, runId, taskId) + '#L' + from + (to && to !== from ? '-L' + to : ''));
  const liveMark = h('span', { class: 'live-mark', id: 'log-live' });
  const jump = h('button', { type: 'button', id: 'log-follow', hidden: true, onclick: () => { log.follow(); jump.hidden = true; } }, 'Follow new output ↓');
  // only while output still arrives: a finished log has nothing new to follow
  log.onStickChange = stick => { jump.hidden = stick || !streaming || log.box.scrollHeight <= log.box.clientHeight; };
  // the whole log of each attempt as a file, streamed by the browser (never through the page); a retried task
  // gets one button per attempt, since each attempt is its own container with its own log
  const downloads = h('span', { class: 'log-downloads', id: 'log-downloads' });
  const save = async (button, attempt) => {
    button.disabled = true;
    try {
      await api.download(path, attempt);
    } catch (e) {
      panel.append(errorBox(e));
    } finally {
      button.disabled = false;
    }
  };
  const renderDownloads = t => {
    const n = t.attempt || 1;
    if (downloads.dataset.attempts === String(n)) return;
    downloads.dataset.attempts = String(n);
    const button = (attempt, text, id) => {
      const b = h('button', { type: 'button', class: 'log-download', id, 'data-attempt': attempt,
        title: n > 1 ? `The whole log of attempt ${attempt} of ${taskId}` : `The whole log of ${taskId}`,
        onclick: () => save(b, n > 1 ? attempt : 0) }, text);
      return b;
    };
    const earlier = [];
    for (let a = 1; a < n; a++) earlier.push(button(a, `Attempt ${a}`, 'log-download-' + a));
    downloads.replaceChildren(...(n > 1 ? ['Download log: ', ...earlier, button(n, `Attempt ${n}`, 'log-download')] : [button(1, 'Download log', 'log-download')]));
  };
  panel.replaceChildren(
    h('div', { class: 'panel-head' }, h('h2', {}, 'Task ', h('code', {}, taskId)), h('span', { id: 'task-status' }), liveMark,
      h('span', { class: 'spacer' }), downloads, h('a', { href: links.run(ns, p, runId), class: 'button', 'aria-label': 'Close task' }, 'Close')),
    details, findBar(log), h('p', { class: 'legend muted' }, 'Output in ', h('span', { class: 'stderr-sample' }, 'red'), ' came from stderr. ',
      'Click a line number to link to it, shift-click another for a range.'), jump, log.box);

  let controller = null;
  let streaming = false;
  let task = first;
  let shownAttempt = 0; // the attempt whose log is shown (the latest)

  function renderDetails(t) {
    renderDownloads(t);
    panel.querySelector('#task-status').replaceChildren(badge(phase(t)));
    const keys = (t.variables || []).map(v => v.key);
    details.replaceChildren(...[
      h('dt', {}, 'Exit code'), h('dd', { id: 'task-exit' }, t.state === 'complete' && t.exit_code !== null && t.exit_code !== undefined ? String(t.exit_code) : '—'),
      h('dt', {}, 'Started'), h('dd', {}, fmtTime(t.started)),
      h('dt', {}, 'Ended'), h('dd', {}, fmtTime(t.ended)),
      h('dt', {}, 'Duration'), h('dd', {}, duration(t.started, t.ended)),
      h('dt', {}, 'Image'), h('dd', {}, h('code', {}, t.task.image)),
      t.status_reason ? [h('dt', {}, 'Reason'), h('dd', {}, `${t.status_reason.reason}: ${t.status_reason.description || ''}`)] : null,
      t.attempt > 1 ? [h('dt', {}, 'Attempt'), h('dd', { id: 'task-attempts' }, `${t.attempt}; earlier: ` + (t.attempts || [])
        .map(a => `#${a.attempt} exit ${a.exit_code ?? '—'} (${a.status_reason ? a.status_reason.reason : ''})`).join(', '))] : null,
      h('dt', {}, 'Env keys'), h('dd', { class: 'env-keys' }, keys.length ? keys.map(k => h('code', {}, k)) : 'none'),
    ].flat().filter(Boolean));
  }

  // (Re)reads the log from the start; follows it while the task is not complete. Asks for ndjson so
  // stderr can be marked; a server that answers plain text (no stream tags) is shown as it is.
  function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const mine = controller;
    let partial = '';
    log.clear();
    shownAttempt = task.attempt || 1;
    const follow = task.state !== 'complete';
    streaming = follow;
    liveMark.textContent = follow ? '● live' : '';
    api.stream(path + '?format=ndjson' + (follow ? '&follow=true' : ''), (text, res) => {
      if (mine.signal.aborted) return;
      if (!/ndjson/.test(res.headers.get('content-type') || '')) {
        log.push('stdout', text);
      } else {
        const records = (partial + text).split('\n');
        partial = records.pop();
        for (const record of records) {
          if (!record) continue;
          const rec = JSON.parse(record);
          log.push(rec.stream, rec.text);
        }
      }
      log.revealPending(false);
    }, mine.signal).then(() => {
      if (mine !== controller) return;
      streaming = false;
      liveMark.textContent = '';
      if (!log.lineCount) log.setPlaceholder(task.state === 'complete' ? '(no output)' : '');
      log.revealPending(true);
    }).catch(e => {
      if (e.name === 'AbortError' || mine !== controller) return;
      streaming = false;
      liveMark.textContent = '';
      panel.append(errorBox(e));
    });
  }

  let settleTimer = null;
  renderDetails(first);
  if (lines) log.showLines(lines);
  load();
  return {
    task: taskId,
    showLines(range) {
      log.showLines(range);
    },
    update(t) {
      const wasComplete = task.state === 'complete';
      task = t;
      renderDetails(t);
      // a retried task's next attempt started: its log is a new one
      if ((t.attempt || 1) !== shownAttempt && t.state === 'running') {
        load();
        return;
      }
      // a task that ends without ever starting (skipped, cancelled) has no stream to close: read it once
      if (!wasComplete && t.state === 'complete' && streaming) {
        clearTimeout(settleTimer);
        settleTimer = setTimeout(() => { if (streaming) load(); }, 3000);
      }
    },
    dispose() {
      clearTimeout(settleTimer);
      if (controller) controller.abort();
    },
  };
}

// Find in the log: every match highlighted, a count, Enter / Shift+Enter (or the arrows) to step through them.
function findBar(log) {
  const count = h('span', { class: 'muted', id: 'log-find-count', role: 'status' });
  let timer = null;
  const run = () => {
    const n = log.find(input.value);
    count.textContent = !input.value ? '' : n ? `${log.current + 1} of ${n}` : 'no matches';
  };
  const step = d => {
    log.step(d);
    if (log.matches.length) count.textContent = `${log.current + 1} of ${log.matches.length}`;
  };
  const input = h('input', { type: 'search', id: 'log-find', placeholder: 'Find in log', 'aria-label': 'Find in log', autocomplete: 'off',
    oninput: () => { clearTimeout(timer); timer = setTimeout(run, 120); },
    onkeydown: e => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      clearTimeout(timer);
      if (log.query !== input.value.toLowerCase()) run();
      else step(e.shiftKey ? -1 : 1);
    } });
  return h('div', { class: 'log-find' }, input,
    h('button', { type: 'button', id: 'log-find-prev', 'aria-label': 'Previous match', onclick: () => step(-1) }, '↑'),
    h('button', { type: 'button', id: 'log-find-next', 'aria-label': 'Next match', onclick: () => step(1) }, '↓'), count);
}
