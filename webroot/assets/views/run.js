// A run: its facts, the live task graph and table, and the open task's panel; kept current by the
// tab's event stream (no polling while it is up).
import { api } from '../api.js';
import * as dag from '../dag.js';
import { coalesce, watch } from '../events.js';
import { badge, duration, errorBox, fmtTime, h, keepFocus, links, main, phase, saveFile, setCrumbs, setTitle } from '../dom.js';
import { renderTimeline, svgFile } from '../timeline.js';
import { taskPanel } from './task-log.js';

export function runView(r) {
  const { ns, p } = r;
  const runId = r.r;
  setCrumbs({ text: 'Namespaces', href: '#/' }, { text: ns, href: links.ns(ns) }, { text: p, href: links.pipeline(ns, p) }, { text: 'run ' + runId });
  setTitle(`${p} #${runId}`);
  const head = h('div', { class: 'head' }, h('h1', {}, `Run #${runId}`, ' ', h('span', { class: 'muted' }, 'of ', h('a', { href: links.pipeline(ns, p) }, p))));
  const facts = h('div', { class: 'run-facts' });
  const graph = h('div', { class: 'graph', id: 'run-graph' }, h('p', { class: 'muted' }, 'Loading…'));
  const taskTable = h('div', {});
  const panel = h('section', { class: 'task-panel', id: 'task-panel', 'aria-label': 'Task' });
  const problem = h('div', {});
  const timeline = h('div', { class: 'timeline', id: 'run-timeline' });
  const saveSvg = h('button', { type: 'button', id: 'timeline-save', onclick: () => {
    const svg = timeline.querySelector('svg');
    if (svg) saveFile(svgFile(svg), `${p}-${runId}-timeline.svg`);
  } }, 'Save as SVG');
  const timelineSection = h('section', { id: 'timeline-section', 'aria-labelledby': 'timeline-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'timeline-title' }, 'Timeline'), h('span', { class: 'spacer' }),
      h('a', { href: links.run(ns, p, runId) + '/timeline', class: 'button', id: 'timeline-link' }, 'Link'), saveSvg),
    h('p', { class: 'legend muted' }, 'Thin bar: waiting; thick bar: running, one per attempt of a retried task. Hover or focus a task for the edges from its parents.'), timeline);
  main.append(head, problem, facts, graph, timelineSection, panel, h('section', {}, h('h2', {}, 'Tasks'), taskTable));
  let focusTimeline = r.focus === 'timeline';
  const drawTimeline = () => {
    if (!runNow) return;
    keepFocus(() => renderTimeline(timeline, runNow, [...tasksById.values()], id => links.task(ns, p, runId, id)));
    if (focusTimeline) {
      focusTimeline = false;
      timelineSection.scrollIntoView();
    }
  };
  const onResize = () => drawTimeline();
  window.addEventListener('resize', onResize);

  let g = null;
  let tasksById = new Map();
  let runNow = null;
  let selected = r.t || null;
  let lines = r.lines || null; // a linked line range of the selected task's log
  let logs = null; // the open log view
  let alive = true;
  let last = '';

  const cancel = h('button', { type: 'button', id: 'cancel-run', class: 'danger', onclick: async () => {
    if (!confirm(`Cancel run #${runId} of ${p}? Running containers are stopped.`)) return;
    cancel.disabled = true;
    cancel.textContent = 'Cancelling…';
    try {
      await api.del(api.paths.run(ns, p, runId));
    } catch (e) {
      cancel.disabled = false;
      cancel.textContent = 'Cancel run';
      problem.replaceChildren(errorBox(e));
    }
  } }, 'Cancel run');

  // re-run from failure: a new run that reuses the tasks that succeeded here
  const retry = h('button', { type: 'button', id: 'retry-run', class: 'primary', onclick: async () => {
    retry.disabled = true;
    retry.textContent = 'Retrying…';
    try {
      const res = await api.post(api.paths.run(ns, p, runId) + '/retry', {});
      location.hash = links.run(ns, p, res.run.run_id);
    } catch (e) {
      retry.disabled = false;
      retry.textContent = 'Retry from failure';
      problem.replaceChildren(errorBox(e));
    }
  } }, 'Retry from failure');

  function renderFacts(run) {
    const vars = run.variables || [];
    const w = run.waiting_for;
    facts.replaceChildren(
      h('div', { class: 'meta' }, h('span', { id: 'run-status' }, badge(phase(run))),
        run.status_reason ? h('span', { class: 'reason' }, run.status_reason.reason + (run.status_reason.description ? ': ' + run.status_reason.description : '')) : null,
        run.state !== 'complete' ? cancel : null,
        run.state === 'complete' && (run.status === 'failed' || run.status === 'cancelled') ? retry : null),
      // replaceChildren turns null into the text "null": an empty string adds nothing visible
      w ? h('p', { id: 'run-waiting', class: 'waiting' }, `Waiting (${w.kind}): ${w.description} — `,
        h('a', { href: links.run(ns, w.pipeline_id, w.run_id) }, `${w.pipeline_id} #${w.run_id}`)) : '',
      h('dl', { class: 'facts' },
        h('dt', {}, 'Started'), h('dd', {}, fmtTime(run.started)),
        h('dt', {}, 'Duration'), h('dd', { id: 'run-duration' }, duration(run.started, run.ended)),
        h('dt', {}, 'Initiator'), h('dd', {}, run.initiator ? `${run.initiator.user || ''} (${run.initiator.id || ''})` : '—'),
        h('dt', {}, 'Config version'), h('dd', {}, 'v' + run.pipeline_config_version),
        h('dt', {}, 'Variables'), h('dd', { id: 'run-variables' }, vars.length ? h('ul', { class: 'vars-list' }, vars.map(v =>
          // secret values are placeholders on the server already; never echo anything that says it is a secret
          h('li', {}, h('code', {}, v.key), ' = ', h('code', {}, /secret/i.test(v.source || '') ? '••••••' : v.value), h('span', { class: 'muted' }, ' ' + (v.source || ''))))) : 'none')));
  }

  function renderTasks(list) {
    taskTable.replaceChildren(h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Task'), h('th', {}, 'Status'), h('th', {}, 'Duration'), h('th', {}, 'Exit'))),
      h('tbody', {}, list.map(t => h('tr', { 'data-task': t.task_id, class: t.task_id === selected ? 'selected' : '' },
        h('td', {}, h('a', { href: links.task(ns, p, runId, t.task_id) }, t.task_id)),
        h('td', {}, badge(phase(t)), t.status_reason ? h('span', { class: 'muted reason' }, ' ' + t.status_reason.reason) : null,
          t.attempt > 1 ? h('span', { class: 'muted attempt' }, ' attempt ' + t.attempt) : null,
          t.reused_from_run ? h('span', { class: 'muted reason' }, ' reused from ', h('a', { href: links.run(ns, p, t.reused_from_run) }, '#' + t.reused_from_run)) : null),
        h('td', { class: 'duration' }, duration(t.started, t.ended)),
        h('td', {}, t.exit_code === null || t.exit_code === undefined || t.state !== 'complete' ? '—' : String(t.exit_code)))))));
  }

  function nodeDetail(t) {
    const ph = phase(t);
    if (t.started) return `${ph} · ${duration(t.started, t.ended)}`;
    return ph;
  }

  function update(snapshot) {
    keepFocus(() => apply(snapshot));
  }

  function apply({ run, tasks }) {
    runNow = run;
    tasksById = new Map(tasks.map(t => [t.task_id, t]));
    renderFacts(run);
    if (!g) {
      g = dag.render(graph, tasks.map(t => ({ id: t.task_id, depends_on: t.task.depends_on })), id => links.task(ns, p, runId, id));
    }
    tasks.forEach(t => g.update(t.task_id, { phase: phase(t), detail: nodeDetail(t), selected: t.task_id === selected }));
    renderTasks(tasks);
    drawTimeline();
    if (logs && tasksById.has(logs.task)) logs.update(tasksById.get(logs.task));
    else if (selected && !logs) select(selected);
  }

  function select(taskId, range, focus) {
    if (focus === 'timeline') {
      focusTimeline = true;
      drawTimeline();
    }
    selected = taskId || null;
    if (range !== undefined) lines = range;
    if (g) tasksById.forEach(t => g.update(t.task_id, { phase: phase(t), detail: nodeDetail(t), selected: t.task_id === selected }));
    taskTable.querySelectorAll('tr[data-task]').forEach(tr => tr.classList.toggle('selected', tr.getAttribute('data-task') === selected));
    if (logs && logs.task !== selected) { logs.dispose(); logs = null; panel.textContent = ''; }
    if (!selected) { setTitle(`${p} #${runId}`); return; }
    const t = tasksById.get(selected);
    if (!t) {
      if (runNow) panel.replaceChildren(errorBox({ message: `Run #${runId} has no task '${selected}'.` }));
      return;
    }
    setTitle(`${selected} · ${p} #${runId}`);
    if (!logs) logs = taskPanel(panel, ns, p, runId, t, lines);
    else if (range) logs.showLines(range);
  }

  // The run and its tasks, read again after each event about this run (one read at a time). A read that
  // started before the latest event may be stale: the read queued behind it draws instead.
  let generation = 0;
  const refresh = coalesce(async () => {
    const mine = generation;
    try {
      const [rr, tt] = await Promise.all([api.get(api.paths.run(ns, p, runId)), api.get(api.paths.run(ns, p, runId) + '/tasks')]);
      if (!alive || mine !== generation) return;
      const snapshot = JSON.stringify([rr.run, tt.task_executions]);
      if (snapshot === last) return;
      last = snapshot;
      if (problem.firstChild) problem.textContent = '';
      update({ run: rr.run, tasks: tt.task_executions });
    } catch (e) {
      if (alive) problem.replaceChildren(errorBox(e));
    }
  });
  // An event says enough to draw the change at once (state, status, when); the read that follows fills in
  // the rest (exit code, reason).
  function onEvent(kind, d, e) {
    generation++;
    if (runNow) {
      const run = Object.assign({}, runNow);
      const tasks = [...tasksById.values()].map(t => (t.task_id === d.task_execution_id ? Object.assign({}, t) : t));
      const t = tasks.find(x => x.task_id === d.task_execution_id);
      if (kind === 'started_run') run.state = 'running';
      else if (kind === 'completed_run') Object.assign(run, { state: 'complete', status: d.status, ended: run.ended || e.emitted });
      else if (kind === 'started_task_execution' && t) Object.assign(t, { state: 'running', started: t.started || e.emitted });
      else if (kind === 'completed_task_execution' && t) Object.assign(t, { state: 'complete', status: d.status, ended: t.ended || e.emitted });
      else if (kind === 'scheduled_task_retry' && t && t.started && d.attempt > (t.attempt || 1)) {
        // the running attempt ended and the next one waits: draw it as an earlier attempt now (the read fills in its exit code)
        const ended = { attempt: t.attempt || 1, started: t.started, ended: e.emitted, exit_code: null, status_reason: null };
        Object.assign(t, { state: 'waiting', attempt: d.attempt, attempts: [...(t.attempts || []), ended], started: 0, ended: 0, retry_at: d.retry_at });
      }
      if (/^(started|completed)_(run|task_execution)$|^scheduled_task_retry$/.test(kind)) update({ run, tasks });
    }
    refresh();
  }
  const w = watch({ namespace: ns, pipeline: p, run: runId }, onEvent, refresh);
  w.ready.then(refresh);
  // durations of what is running grow even when nothing else changes: redraw them locally (no request)
  const ticker = setInterval(() => {
    if (!runNow || runNow.state === 'complete' || !g) return;
    drawTimeline();
    const d = facts.querySelector('#run-duration');
    if (d) d.textContent = duration(runNow.started, runNow.ended);
    tasksById.forEach(t => {
      if (t.state !== 'running') return;
      g.update(t.task_id, { phase: phase(t), detail: nodeDetail(t), selected: t.task_id === selected });
      const cell = taskTable.querySelector(`tr[data-task="${CSS.escape(t.task_id)}"] td.duration`);
      if (cell) cell.textContent = duration(t.started, t.ended);
    });
  }, 1000);
  return {
    select,
    dispose() {
      alive = false;
      w.stop();
      clearInterval(ticker);
      window.removeEventListener('resize', onResize);
      if (logs) logs.dispose();
    },
  };
}

