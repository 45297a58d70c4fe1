// A pipeline: its task graph, its runs (newest first, paged), the start form and its config versions.
import { api } from '../api.js';
import * as dag from '../dag.js';
import { coalesce, watch } from '../events.js';
import { renderHistory } from '../history.js';
import { badge, duration, enc, errorBox, fmtTime, h, keepFocus, links, main, phase, setCrumbs, setTitle } from '../dom.js';

const PAGE_SIZE = 50;
const HISTORY = 50;

export function pipeline(r) {
  const { ns, p, q } = r;
  const page = Math.max(1, parseInt(q.get('page') || '1', 10) || 1);
  const size = Math.min(1000, Math.max(1, parseInt(q.get('size') || String(PAGE_SIZE), 10) || PAGE_SIZE));
  setCrumbs({ text: 'Namespaces', href: '#/' }, { text: ns, href: links.ns(ns) }, { text: p });
  setTitle(p);
  const header = h('div', { class: 'head' }, h('h1', {}, p));
  const runsBox = h('section', { 'aria-labelledby': 'runs-title' }, h('h2', { id: 'runs-title' }, 'Runs'), h('p', { class: 'muted' }, 'Loading…'));
  const graphBox = h('section', { 'aria-labelledby': 'graph-title' }, h('h2', { id: 'graph-title' }, 'Tasks'));
  const versionsBox = h('section', { 'aria-labelledby': 'versions-title' }, h('h2', { id: 'versions-title' }, 'Config versions'));
  const historyBox = h('div', { id: 'history' });
  const historySection = h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'Last 50 runs'), historyBox);
  const start = startForm(ns, p);
  main.append(header, h('div', { class: 'columns' }, h('div', { class: 'wide' }, graphBox, historySection, runsBox), h('div', { class: 'side' }, start.section, versionsBox)));
  let alive = true;

  // the history strip shows the newest 50 whatever page the table is on: one read when they are the same runs
  const history = runs => keepFocus(() => renderHistory(historyBox, runs.slice(0, HISTORY), id => links.run(ns, p, id)));
  const refreshHistory = coalesce(() => api.get(api.paths.runs(ns, p) + `?reverse=true&limit=${HISTORY}`)
    .then(res => { if (alive) history(res.runs); })
    .catch(e => { if (alive) historyBox.replaceChildren(errorBox(e)); }));
  const refreshRuns = coalesce(() => api.get(api.paths.runs(ns, p) + `?reverse=true&limit=${size}&offset=${(page - 1) * size}`).then(res => {
    if (!alive) return;
    const runs = res.runs;
    if (page === 1 && size >= HISTORY) history(runs);
    else refreshHistory();
    const table = h('table', { class: 'list runs' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'Status'), h('th', {}, 'Started'), h('th', {}, 'Duration'), h('th', { class: 'hide-narrow' }, 'Initiator'))),
      h('tbody', {}, runs.map(run => h('tr', { 'data-run': run.run_id },
        h('td', {}, h('a', { href: links.run(ns, p, run.run_id) }, '#' + run.run_id)),
        h('td', {}, badge(phase(run)), run.status_reason ? h('span', { class: 'muted reason' }, ' ' + run.status_reason.reason) : null,
          run.waiting_for ? h('span', { class: 'muted reason waiting' }, ' waiting: ' + run.waiting_for.kind) : null),
        h('td', {}, fmtTime(run.started)),
        h('td', {}, duration(run.started, run.ended)),
        h('td', { class: 'hide-narrow' }, run.initiator ? run.initiator.user || run.initiator.id : '')))));
    const q2 = n => `page=${n}` + (size !== PAGE_SIZE ? `&size=${size}` : '');
    const pager = h('nav', { class: 'pager', 'aria-label': 'Run pages' },
      page > 1 ? h('a', { href: links.pipeline(ns, p, q2(page - 1)), rel: 'prev' }, '← Newer') : h('span', {}),
      h('span', { class: 'muted' }, `page ${page}` + (runs.length ? ` · runs #${runs[0].run_id}–#${runs[runs.length - 1].run_id}` : '')),
      runs.length === size ? h('a', { href: links.pipeline(ns, p, q2(page + 1)), rel: 'next' }, 'Older →') : h('span', {}));
    keepFocus(() => runsBox.replaceChildren(runsBox.firstChild, runs.length ? table : h('p', { class: 'muted' }, page > 1 ? 'No runs on this page.' : 'No runs yet.'), pager));
  }).catch(e => { if (alive) runsBox.replaceChildren(runsBox.firstChild, errorBox(e)); }));

  const refreshMeta = coalesce(() => Promise.all([api.get(api.paths.pipeline(ns, p)), api.get(api.paths.pipeline(ns, p) + '/configs')]).then(([meta, cfgs]) => {
    if (!alive) return;
    const m = meta.pipeline;
    const configs = cfgs.configs.slice().sort((a, b) => b.version - a.version);
    const liveCfg = configs.find(c => c.state === 'live') || configs[0];
    // runs start from the live version: its inputs make the form
    start.setInputs((configs.find(c => c.state === 'live') || {}).inputs || []);
    const toggleStatus = h('div', { id: 'toggle-status' });
    // PATCH .../pipelines/{id} {state}: a disabled pipeline starts no new runs
    const toggle = h('button', { type: 'button', id: 'toggle-state', onclick: async () => {
      const next = m.state === 'disabled' ? 'active' : 'disabled';
      toggle.disabled = true;
      toggleStatus.textContent = '';
      try {
        await api.patch(api.paths.pipeline(ns, p), { state: next });
        refreshMeta();
      } catch (e) {
        toggle.disabled = false;
        toggleStatus.replaceChildren(errorBox(e));
      }
    } }, m.state === 'disabled' ? 'Enable' : 'Disable');
    keepFocus(() => header.replaceChildren(h('h1', {}, liveCfg ? liveCfg.name : p, ' ', h('code', { class: 'muted' }, p)),
      h('div', { class: 'meta' }, h('span', { id: 'pipeline-state' }, badge(m.state)),
        liveCfg ? h('span', {}, ` live version ${liveCfg.version}`) : ' no live version', ' ', toggle), toggleStatus));
    if (liveCfg) {
      const tasks = Object.values(liveCfg.tasks);
      const box = h('div', { class: 'graph' });
      const taskInfo = h('div', { class: 'task-config' });
      graphBox.replaceChildren(graphBox.firstChild, box, taskInfo);
      const g = dag.render(box, tasks, id => links.pipeline(ns, p, 'task=' + enc(id)));
      tasks.forEach(t => g.update(t.id, { phase: 'config', detail: t.image, selected: q.get('task') === t.id }));
      const sel = liveCfg.tasks[q.get('task')];
      if (sel) taskInfo.replaceChildren(taskConfig(sel));
    }
    versionsBox.replaceChildren(versionsBox.firstChild, h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Version'), h('th', {}, 'State'), h('th', {}, 'Registered'), h('th', {}, 'Tasks'))),
      h('tbody', {}, configs.map(c => h('tr', {}, h('td', {}, 'v' + c.version), h('td', {}, badge(c.state)), h('td', {}, fmtTime(c.registered)), h('td', {}, Object.keys(c.tasks).length))))));
  }).catch(e => { if (alive) header.append(errorBox(e)); }));

  // new runs and their ends, enable/disable and new config versions: each redraws what it changes
  const w = watch({ namespace: ns, pipeline: p }, kind => {
    if (/_run$|_run_cancellation$/.test(kind)) refreshRuns();
    else if (/_pipeline$|_deployment$|registered_config/.test(kind)) refreshMeta();
  }, () => { refreshRuns(); refreshMeta(); });
  w.ready.then(() => { refreshRuns(); refreshMeta(); });
  return { dispose() { alive = false; w.stop(); } };
}

function taskConfig(t) {
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Task'), h('dd', {}, h('code', {}, t.id)),
    h('dt', {}, 'Image'), h('dd', {}, h('code', {}, t.image)),
    t.entrypoint ? [h('dt', {}, 'Entrypoint'), h('dd', {}, h('code', {}, JSON.stringify(t.entrypoint)))] : null,
    t.command ? [h('dt', {}, 'Command'), h('dd', {}, h('code', {}, JSON.stringify(t.command)))] : null,
    h('dt', {}, 'Depends on'), h('dd', {}, Object.entries(t.depends_on || {}).map(([k, v]) => `${k} (${v})`).join(', ') || 'nothing'),
    h('dt', {}, 'Variables'), h('dd', {}, (t.variables || []).map(v => v.key).join(', ') || 'none'));
}

// One field per declared input, by type; its value as the API takes it ('' = not given).
function inputField(input) {
  const id = 'input-' + input.name;
  const label = h('label', { for: id }, h('code', {}, input.name), input.required ? ' (required)' : '');
  const hint = input.description ? h('div', { class: 'muted input-hint', id: id + '-hint' }, input.description) : null;
  const common = { id, name: id, 'data-input': input.name, 'aria-describedby': hint ? id + '-hint' : null, required: input.required };
  let field;
  if (input.type === 'boolean') {
    field = h('input', { ...common, type: 'checkbox', checked: input.default === 'true', required: false });
  } else if (input.type === 'choice') {
    const blank = input.default === undefined || input.default === null;
    field = h('select', common, blank ? h('option', { value: '' }, input.required ? 'choose…' : '(none)') : null,
      (input.choices || []).map(c => h('option', { value: c, selected: c === input.default }, c)));
  } else {
    field = h('input', { ...common, type: input.type === 'number' ? 'number' : 'text', step: input.type === 'number' ? 'any' : null,
      value: input.default ?? '', placeholder: input.default ?? '', autocapitalize: 'off', spellcheck: 'false' });
  }
  const value = () => input.type === 'boolean' ? String(field.checked) : field.value;
  const given = () => input.type === 'boolean' || value() !== '' || (input.type === 'string' && input.default != null);
  const parts = input.type === 'boolean' ? [field, label, hint] : [label, field, hint];
  return { row: h('div', { class: 'input-row input-' + input.type }, ...parts), name: input.name, value, given };
}

function startForm(ns, p) {
  const rows = h('div', { class: 'vars' });
  const inputsBox = h('div', { class: 'inputs', id: 'start-inputs' });
  const status = h('div', { class: 'form-status', role: 'status' });
  let fields = [];
  let shown = '[]';
  const addRow = (k, v) => {
    const row = h('div', { class: 'var-row' },
      h('input', { name: 'key', placeholder: 'NAME', 'aria-label': 'Variable name', value: k || '', autocapitalize: 'off', spellcheck: 'false' }),
      h('input', { name: 'value', placeholder: 'value', 'aria-label': 'Variable value', value: v || '' }),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Remove variable', onclick: () => row.remove() }, '×'));
    rows.append(row);
    return row;
  };
  const form = h('form', { id: 'start-run', onsubmit: async ev => {
    ev.preventDefault();
    const variables = {};
    for (const f of fields) if (f.given()) variables[f.name] = f.value();
    for (const row of rows.querySelectorAll('.var-row')) {
      const k = row.querySelector('[name=key]').value.trim();
      if (!k) continue;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) {
        status.replaceChildren(errorBox({ message: `Variable name '${k}': use letters, digits and _ (not starting with a digit).` }));
        return;
      }
      variables[k] = row.querySelector('[name=value]').value;
    }
    submit.disabled = true;
    status.replaceChildren(h('span', { class: 'muted' }, 'Starting…'));
    try {
      const res = await api.post(api.paths.runs(ns, p), { variables });
      location.hash = links.run(ns, p, res.run.run_id);
    } catch (e) {
      submit.disabled = false;
      status.replaceChildren(errorBox(e));
    }
  } });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'start-run-submit' }, 'Start run');
  // a pipeline with inputs takes only those: free variables are for pipelines without
  const addVariable = h('button', { type: 'button', id: 'add-variable', onclick: () => addRow().querySelector('input').focus() }, '+ Variable');
  form.append(h('h2', {}, 'Start a run'), inputsBox, rows, addVariable, ' ', submit, status);
  const setInputs = inputs => {
    const next = JSON.stringify(inputs);
    if (next === shown) return; // the user's edits stay while the inputs are the same
    shown = next;
    fields = inputs.map(inputField);
    inputsBox.replaceChildren(...fields.map(f => f.row));
    rows.hidden = addVariable.hidden = inputs.length > 0;
    if (inputs.length) rows.replaceChildren();
  };
  return { section: h('section', { class: 'card' }, form), setInputs };
}
