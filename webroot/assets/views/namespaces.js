// The list of namespaces, and one namespace's pipelines with their last runs; both follow the event stream.
import { api } from '../api.js';
import { coalesce, watch } from '../events.js';
import { ago, badge, errorBox, fmtTime, h, links, main, phase, setCrumbs, setTitle } from '../dom.js';

export function home() {
  setCrumbs({ text: 'Namespaces' });
  setTitle('Namespaces');
  const list = h('div', { class: 'cards' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('h1', {}, 'Namespaces'), list);
  let alive = true;
  const refresh = coalesce(() => api.get('/api/namespaces').then(res => {
    if (!alive) return;
    list.replaceChildren(...res.namespaces.map(n => h('a', { class: 'card', href: links.ns(n.id) },
      h('strong', {}, n.name || n.id), h('span', { class: 'muted' }, n.id), h('p', {}, n.description || ''))));
    if (!res.namespaces.length) list.append(h('p', {}, 'No namespaces.'));
  }).catch(e => list.replaceChildren(errorBox(e))));
  const w = watch({}, kind => { if (kind.endsWith('_namespace')) refresh(); }, refresh);
  w.ready.then(refresh);
  return { dispose() { alive = false; w.stop(); } };
}

export function namespace(r) {
  const ns = r.ns;
  setCrumbs({ text: 'Namespaces', href: '#/' }, { text: ns });
  setTitle(ns);
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('h1', {}, 'Pipelines in ', h('code', {}, ns)), body);
  let alive = true;
  const refresh = coalesce(() => api.get(api.paths.pipelines(ns)).then(async res => {
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
  }).catch(e => { if (alive) body.replaceChildren(errorBox(e)); }));
  // runs starting and ending, pipelines added, enabled or disabled: everything this table shows
  const w = watch({ namespace: ns }, kind => { if (/_run$|_pipeline$|_deployment$|registered_config/.test(kind)) refresh(); }, refresh);
  w.ready.then(refresh);
  return { dispose() { alive = false; w.stop(); } };
}

// the last runs' statuses, oldest on the left, each a link to its run
function strip(ns, p, runs) {
  return h('span', { class: 'strip', 'aria-label': 'last runs' }, runs.slice().reverse().map(run =>
    h('a', { href: links.run(ns, p, run.run_id), class: 'tick p-' + phase(run), title: `run ${run.run_id}: ${phase(run)}`, 'aria-label': `run ${run.run_id} ${phase(run)}` })));
}
