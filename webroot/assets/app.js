// The dashboard: hash routes (every view has a URL to share), one view at a time, plain DOM.
(function () {
  'use strict';
  const { api, live, ansi, dag } = window.Gofer;
  const main = document.getElementById('main');
  const crumbs = document.getElementById('crumbs');
  const enc = encodeURIComponent;
  const PAGE_SIZE = 50;

  // ---- small helpers ----------------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null || v === false) return;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach(c => {
      if (c === null || c === undefined || c === false) return;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return e;
  }
  const pad = n => String(n).padStart(2, '0');
  function fmtTime(ms) {
    if (!ms) return '—';
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  function fmtDur(ms) {
    if (ms < 0 || ms === null || ms === undefined || isNaN(ms)) return '—';
    if (ms < 1000) return ms + 'ms';
    const s = ms / 1000;
    if (s < 60) return s.toFixed(1) + 's';
    const m = Math.floor(s / 60);
    if (m < 60) return `${m}m ${Math.floor(s % 60)}s`;
    return `${Math.floor(m / 60)}h ${m % 60}m`;
  }
  function ago(ms) {
    if (!ms) return 'never';
    const s = Math.round((Date.now() - ms) / 1000);
    if (s < 60) return s + 's ago';
    if (s < 3600) return Math.round(s / 60) + 'm ago';
    if (s < 86400) return Math.round(s / 3600) + 'h ago';
    return Math.round(s / 86400) + 'd ago';
  }
  function duration(started, ended) {
    if (!started) return '—';
    return fmtDur((ended || Date.now()) - started);
  }
  // what a user cares about: the status once complete, else where it is in its life
  const phase = x => (x.state === 'complete' ? x.status : x.state);
  const badge = p => h('span', { class: 'badge p-' + p, 'data-phase': p }, p);
  function errorBox(e) {
    if (e && e.status === 403) {
      // the token is valid but its roles do not allow this: say so, and offer to switch tokens (forgetting
      // this one makes the next call get 401, which opens the token dialog)
      return h('div', { class: 'error', role: 'alert', 'data-status': '403' }, 'Not allowed with this token: ', e.message, ' ',
        h('button', { type: 'button', class: 'switch-token', onclick: () => { api.forgetToken(); reload(); } }, 'Use a different token'));
    }
    const msg = e && e.status === 404 ? 'Not found: ' + e.message : (e && e.message) || String(e);
    return h('div', { class: 'error', role: 'alert' }, msg);
  }
  // Redraws replace elements; keep keyboard focus on the element that stands for the same thing.
  function keepFocus(redraw) {
    const a = document.activeElement;
    const id = a && a !== document.body ? a.id : '';
    const href = a && a.getAttribute ? a.getAttribute('href') : null;
    redraw();
    if (!a || a === document.body || document.activeElement === a) return;
    const again = document.contains(a) ? a
      : (id && document.getElementById(id)) || (href && main.querySelector(`[href="${CSS.escape(href)}"]`));
    if (again) again.focus({ preventScroll: true });
  }
  const links = {
    ns: ns => `#/ns/${enc(ns)}`,
    pipeline: (ns, p, q) => `#/ns/${enc(ns)}/pipelines/${enc(p)}` + (q ? '?' + q : ''),
    run: (ns, p, r) => `#/ns/${enc(ns)}/pipelines/${enc(p)}/runs/${r}`,
    task: (ns, p, r, t) => `#/ns/${enc(ns)}/pipelines/${enc(p)}/runs/${r}/tasks/${enc(t)}`,
  };
  function setCrumbs(...parts) {
    crumbs.textContent = '';
    parts.forEach((p, i) => {
      if (i) crumbs.appendChild(document.createTextNode(' / '));
      crumbs.appendChild(p.href ? h('a', { href: p.href }, p.text) : h('span', {}, p.text));
    });
  }
  function setTitle(t) {
    document.title = t ? t + ' · Gofer' : 'Gofer';
  }

  // ---- routing ----------------------------------------------------------------------------------
  function parseRoute() {
    const raw = location.hash.replace(/^#/, '') || '/';
    const [path, query] = raw.split('?');
    const q = new URLSearchParams(query || '');
    const s = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (s.length === 0) return { view: 'home' };
    if (s[0] === 'extensions' && s.length === 1) return { view: 'extensions' };
    if (s[0] === 'ns' && s.length === 2) return { view: 'namespace', ns: s[1] };
    if (s[0] === 'ns' && s[2] === 'pipelines' && s.length === 4) return { view: 'pipeline', ns: s[1], p: s[3], q };
    if (s[0] === 'ns' && s[2] === 'pipelines' && s[4] === 'runs' && s.length === 6) return { view: 'run', ns: s[1], p: s[3], r: s[5] };
    if (s[0] === 'ns' && s[2] === 'pipelines' && s[4] === 'runs' && s[6] === 'tasks' && s.length === 8) return { view: 'run', ns: s[1], p: s[3], r: s[5], t: s[7] };
    return { view: 'missing', path };
  }

  let current = null; // {key, dispose(), select?(task)}
  function route() {
    const r = parseRoute();
    const key = r.view === 'run' ? `run:${r.ns}/${r.p}/${r.r}` : null;
    if (current && key && current.key === key && current.select) {
      current.select(r.t); // same run: only the task panel changes, the graph stays
      return;
    }
    if (current) current.dispose();
    main.textContent = '';
    const views = { home, namespace, pipeline, run: runView, extensions, missing };
    current = views[r.view](r) || { dispose() {} };
    current.key = key;
  }

  // Redraws the current view from scratch (e.g. after a change of token).
  function reload() {
    if (current) current.dispose();
    current = null;
    route();
  }

  function missing(r) {
    setCrumbs();
    setTitle('Not found');
    main.append(h('h1', {}, 'Not found'), h('p', {}, 'No view at ', h('code', {}, r.path), '. ', h('a', { href: '#/' }, 'Go to namespaces')));
  }

  // ---- namespaces -------------------------------------------------------------------------------
  function home() {
    setCrumbs({ text: 'Namespaces' });
    setTitle('Namespaces');
    const list = h('div', { class: 'cards' }, h('p', { class: 'muted' }, 'Loading…'));
    main.append(h('h1', {}, 'Namespaces'), list);
    api.get('/api/namespaces').then(res => {
      list.textContent = '';
      res.namespaces.forEach(n => list.append(h('a', { class: 'card', href: links.ns(n.id) },
        h('strong', {}, n.name || n.id), h('span', { class: 'muted' }, n.id), h('p', {}, n.description || ''))));
      if (!res.namespaces.length) list.append(h('p', {}, 'No namespaces.'));
    }).catch(e => list.replaceChildren(errorBox(e)));
  }

  function namespace(r) {
    const ns = r.ns;
    setCrumbs({ text: 'Namespaces', href: '#/' }, { text: ns });
    setTitle(ns);
    const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
    main.append(h('h1', {}, 'Pipelines in ', h('code', {}, ns)), body);
    let alive = true;
    api.get(api.paths.pipelines(ns)).then(async res => {
      const rows = await Promise.all(res.pipelines.map(async p => {
        const [runs, cfg] = await Promise.all([
          api.get(api.paths.runs(ns, p.pipeline_id) + '?reverse=true&limit=12').catch(() => ({ runs: [] })),
          api.get(api.paths.pipeline(ns, p.pipeline_id) + '/configs/0').catch(() => null),
        ]);
        return { p, runs: runs.runs, name: cfg && cfg.config ? cfg.config.name : '' };
      }));
      if (!alive) return;
      if (!rows.length) {
        body.replaceChildren(h('p', {}, 'No pipelines yet. Deploy one: ', h('code', {}, 'gofer pipeline deploy examples/hello.yaml')));
        return;
      }
      body.replaceChildren(h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Pipeline'), h('th', {}, 'State'), h('th', {}, 'Last runs'), h('th', {}, 'Last ran'))),
        h('tbody', {}, rows.map(({ p, runs, name }) => h('tr', { 'data-pipeline': p.pipeline_id },
          h('td', {}, h('a', { href: links.pipeline(ns, p.pipeline_id) }, h('strong', {}, p.pipeline_id)), name && name !== p.pipeline_id ? h('div', { class: 'muted' }, name) : null),
          h('td', {}, badge(p.state)),
          h('td', {}, strip(ns, p.pipeline_id, runs)),
          h('td', {}, runs.length ? h('span', { title: fmtTime(runs[0].started) }, ago(runs[0].started)) : 'never'))))));
    }).catch(e => body.replaceChildren(errorBox(e)));
    return { dispose() { alive = false; } };
  }

  // the last runs' statuses, oldest on the left, each a link to its run
  function strip(ns, p, runs) {
    return h('span', { class: 'strip', 'aria-label': 'last runs' }, runs.slice().reverse().map(run =>
      h('a', { href: links.run(ns, p, run.run_id), class: 'tick p-' + phase(run), title: `run ${run.run_id}: ${phase(run)}`, 'aria-label': `run ${run.run_id} ${phase(run)}` })));
  }

  // ---- a pipeline -------------------------------------------------------------------------------
  function pipeline(r) {
    const { ns, p, q } = r;
    const page = Math.max(1, parseInt(q.get('page') || '1', 10) || 1);
    const size = Math.min(1000, Math.max(1, parseInt(q.get('size') || String(PAGE_SIZE), 10) || PAGE_SIZE));
    setCrumbs({ text: 'Namespaces', href: '#/' }, { text: ns, href: links.ns(ns) }, { text: p });
    setTitle(p);
    const header = h('div', { class: 'head' }, h('h1', {}, p));
    const runsBox = h('section', { 'aria-labelledby': 'runs-title' }, h('h2', { id: 'runs-title' }, 'Runs'), h('p', { class: 'muted' }, 'Loading…'));
    const graphBox = h('section', { 'aria-labelledby': 'graph-title' }, h('h2', { id: 'graph-title' }, 'Tasks'));
    const versionsBox = h('section', { 'aria-labelledby': 'versions-title' }, h('h2', { id: 'versions-title' }, 'Config versions'));
    main.append(header, h('div', { class: 'columns' }, h('div', { class: 'wide' }, graphBox, runsBox), h('div', { class: 'side' }, startForm(ns, p), versionsBox)));
    let alive = true;

    const t0 = performance.now();
    api.get(api.paths.runs(ns, p) + `?reverse=true&limit=${size}&offset=${(page - 1) * size}`).then(res => {
      if (!alive) return;
      const runs = res.runs;
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
      runsBox.replaceChildren(runsBox.firstChild, runs.length ? table : h('p', { class: 'muted' }, page > 1 ? 'No runs on this page.' : 'No runs yet.'), pager);
      // measured for the load benchmark: fetch + DOM until the browser has laid the table out
      requestAnimationFrame(() => { window.__goferRender = { view: 'pipeline', rows: runs.length, ms: performance.now() - t0, sinceNavigation: performance.now() }; });
    }).catch(e => runsBox.replaceChildren(runsBox.firstChild, errorBox(e)));

    Promise.all([api.get(api.paths.pipeline(ns, p)), api.get(api.paths.pipeline(ns, p) + '/configs')]).then(([meta, cfgs]) => {
      if (!alive) return;
      const m = meta.pipeline;
      const configs = cfgs.configs.slice().sort((a, b) => b.version - a.version);
      const liveCfg = configs.find(c => c.state === 'live') || configs[0];
      const toggleStatus = h('div', { id: 'toggle-status' });
      // PATCH .../pipelines/{id} {state}: a disabled pipeline starts no new runs
      const toggle = h('button', { type: 'button', id: 'toggle-state', onclick: async () => {
        const next = m.state === 'disabled' ? 'active' : 'disabled';
        toggle.disabled = true;
        toggleStatus.textContent = '';
        try {
          await api.patch(api.paths.pipeline(ns, p), { state: next });
          reload();
        } catch (e) {
          toggle.disabled = false;
          toggleStatus.replaceChildren(errorBox(e));
        }
      } }, m.state === 'disabled' ? 'Enable' : 'Disable');
      header.replaceChildren(h('h1', {}, liveCfg ? liveCfg.name : p, ' ', h('code', { class: 'muted' }, p)),
        h('div', { class: 'meta' }, h('span', { id: 'pipeline-state' }, badge(m.state)),
          liveCfg ? h('span', {}, ` live version ${liveCfg.version}`) : ' no live version', ' ', toggle), toggleStatus);
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
    }).catch(e => header.append(errorBox(e)));
    return { dispose() { alive = false; } };
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

  function startForm(ns, p) {
    const rows = h('div', { class: 'vars' });
    const status = h('div', { class: 'form-status', role: 'status' });
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
    form.append(h('h2', {}, 'Start a run'), rows,
      h('button', { type: 'button', id: 'add-variable', onclick: () => addRow().querySelector('input').focus() }, '+ Variable'), ' ', submit, status);
    return h('section', { class: 'card' }, form);
  }

  // ---- a run ------------------------------------------------------------------------------------
  function runView(r) {
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
    main.append(head, problem, facts, graph, panel, h('section', {}, h('h2', {}, 'Tasks'), taskTable));

    let g = null;
    let tasksById = new Map();
    let runNow = null;
    let selected = r.t || null;
    let logs = null; // the open log view
    const t0 = performance.now();

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
        w ? h('p', { id: 'run-waiting', class: 'waiting' }, `Waiting (${w.kind}): ${w.description} — `,
          h('a', { href: links.run(ns, w.pipeline_id, w.run_id) }, `${w.pipeline_id} #${w.run_id}`)) : null,
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
        requestAnimationFrame(() => { window.__goferRender = { view: 'run', tasks: tasks.length, ms: performance.now() - t0, sinceNavigation: performance.now() }; });
      }
      tasks.forEach(t => g.update(t.task_id, { phase: phase(t), detail: nodeDetail(t), selected: t.task_id === selected }));
      renderTasks(tasks);
      if (logs && tasksById.has(logs.task)) logs.update(tasksById.get(logs.task));
      else if (selected && !logs) select(selected);
    }

    function select(taskId) {
      selected = taskId || null;
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
      if (!logs) logs = taskPanel(panel, ns, p, runId, t);
    }

    const stop = live.watchRun(ns, p, runId, update, e => problem.replaceChildren(errorBox(e)));
    // durations of what is running grow even when nothing else changes: redraw them locally (no request)
    const ticker = setInterval(() => {
      if (!runNow || runNow.state === 'complete' || !g) return;
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
        stop();
        clearInterval(ticker);
        if (logs) logs.dispose();
      },
    };
  }

  // A task's details and its logs: streamed while it runs, auto-scrolling unless the reader scrolled up.
  function taskPanel(panel, ns, p, runId, first) {
    const taskId = first.task_id;
    const path = api.paths.logs(ns, p, runId, taskId);
    const details = h('dl', { class: 'facts' });
    const pre = h('pre', { class: 'log-text', id: 'log-text' });
    const box = h('div', { class: 'log', id: 'log', tabindex: '0', role: 'log', 'aria-label': `Logs of ${taskId}` }, pre);
    const liveMark = h('span', { class: 'live-mark', id: 'log-live' });
    const jump = h('button', { type: 'button', id: 'log-follow', hidden: true, onclick: () => { stick = true; box.scrollTop = box.scrollHeight; jump.hidden = true; } }, 'Follow new output ↓');
    const download = h('button', { type: 'button', id: 'log-download', onclick: async () => {
      try {
        const blob = await api.blob(path);
        const a = h('a', { href: URL.createObjectURL(blob), download: `${p}-${runId}-${taskId}.log` });
        document.body.append(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      } catch (e) { panel.append(errorBox(e)); }
    } }, 'Download log');
    panel.replaceChildren(
      h('div', { class: 'panel-head' }, h('h2', {}, 'Task ', h('code', {}, taskId)), h('span', { id: 'task-status' }), liveMark,
        h('span', { class: 'spacer' }), download, h('a', { href: links.run(ns, p, runId), class: 'button', 'aria-label': 'Close task' }, 'Close')),
      details, h('p', { class: 'legend muted' }, 'Output in ', h('span', { class: 'stderr-sample' }, 'red'), ' came from stderr.'), jump, box);

    let stick = true;
    box.addEventListener('scroll', () => {
      stick = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
      jump.hidden = stick || box.scrollHeight <= box.clientHeight;
    });
    let controller = null;
    let streaming = false;
    let task = first;

    function renderDetails(t) {
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
      const renderers = { stdout: new ansi.AnsiRenderer(), stderr: new ansi.AnsiRenderer() };
      let partial = '';
      pre.textContent = '';
      const follow = task.state !== 'complete';
      streaming = follow;
      liveMark.textContent = follow ? '● live' : '';
      const append = html => {
        pre.insertAdjacentHTML('beforeend', html);
        if (stick) box.scrollTop = box.scrollHeight;
      };
      api.stream(path + '?format=ndjson' + (follow ? '&follow=true' : ''), (text, res) => {
        if (mine.signal.aborted) return;
        if (!/ndjson/.test(res.headers.get('content-type') || '')) {
          append(renderers.stdout.push(text));
          return;
        }
        const lines = (partial + text).split('\n');
        partial = lines.pop();
        let html = '';
        for (const line of lines) {
          if (!line) continue;
          const rec = JSON.parse(line);
          const part = (renderers[rec.stream] || renderers.stdout).push(rec.text);
          html += rec.stream === 'stderr' ? `<span class="stderr" title="stderr">${part}</span>` : part;
        }
        if (html) append(html);
      }, mine.signal).then(() => {
        if (mine !== controller) return;
        streaming = false;
        liveMark.textContent = '';
        if (!pre.textContent) pre.textContent = task.state === 'complete' ? '(no output)' : '';
      }).catch(e => {
        if (e.name === 'AbortError' || mine !== controller) return;
        streaming = false;
        liveMark.textContent = '';
        panel.append(errorBox(e));
      });
    }

    let settleTimer = null;
    renderDetails(first);
    load();
    return {
      task: taskId,
      update(t) {
        const wasComplete = task.state === 'complete';
        task = t;
        renderDetails(t);
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

  // ---- extensions (only when the server has them) -----------------------------------------------
  function extensions() {
    setCrumbs({ text: 'Extensions' });
    setTitle('Extensions');
    const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
    main.append(h('h1', {}, 'Extensions'), body);
    api.get('/api/extensions').then(async res => {
      const rows = await Promise.all(res.extensions.map(async x => {
        const id = x.registration ? x.registration.extension_id : x.id;
        const subs = await api.get(`/api/extensions/${enc(id)}/subscriptions`).catch(() => ({ subscriptions: [] }));
        return { x, id, subs: subs.subscriptions || [] };
      }));
      body.replaceChildren(rows.length ? h('div', {}, rows.map(({ x, id, subs }) => h('section', { class: 'card', 'data-extension': id },
        h('h2', {}, id, ' ', badge(x.state), x.registration && x.registration.status ? badge(x.registration.status) : null),
        h('dl', { class: 'facts' }, h('dt', {}, 'Image'), h('dd', {}, h('code', {}, x.registration ? x.registration.image : '')),
          h('dt', {}, 'Started'), h('dd', {}, fmtTime(x.started))),
        h('h3', {}, 'Subscriptions'),
        subs.length ? h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', {}, 'Pipeline'), h('th', {}, 'Label'), h('th', {}, 'Status'), h('th', {}, 'Last error'))),
          h('tbody', {}, subs.map(s => h('tr', {},
            h('td', {}, h('a', { href: links.pipeline(s.namespace_id, s.pipeline_id) }, `${s.namespace_id}/${s.pipeline_id}`)),
            h('td', {}, s.subscription_id), h('td', {}, badge(s.status)),
            h('td', {}, s.status_reason ? `${s.status_reason.reason}: ${s.status_reason.description}` : '—'))))) : h('p', { class: 'muted' }, 'No subscriptions.'))))
        : h('p', {}, 'No extensions installed.'));
    }).catch(e => body.replaceChildren(errorBox(e)));
  }

  // The extensions API arrives with a later server version: offer the view only where it answers.
  api.get('/api/extensions').then(() => { document.getElementById('nav-extensions').hidden = false; }).catch(() => {});

  window.addEventListener('hashchange', route);
  route();
})();
