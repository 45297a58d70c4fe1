// Installed extensions and their subscriptions (only offered when the server has the extensions API).
import { api } from '../api.js';
import { coalesce, watch } from '../events.js';
import { badge, enc, errorBox, fmtTime, h, links, main, setCrumbs, setTitle } from '../dom.js';

export function extensions() {
  setCrumbs({ text: 'Extensions' });
  setTitle('Extensions');
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('h1', {}, 'Extensions'), body);
  let alive = true;
  const refresh = coalesce(() => api.get('/api/extensions').then(async res => {
    const rows = await Promise.all(res.extensions.map(async x => {
      const id = x.registration ? x.registration.extension_id : x.id;
      const subs = await api.get(`/api/extensions/${enc(id)}/subscriptions`).catch(() => ({ subscriptions: [] }));
      return { x, id, subs: subs.subscriptions || [] };
    }));
    if (!alive) return;
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
  }).catch(e => { if (alive) body.replaceChildren(errorBox(e)); }));
  const w = watch({}, kind => { if (/_extension$|^pipeline_extension_subscription_/.test(kind)) refresh(); }, refresh);
  w.ready.then(refresh);
  return { dispose() { alive = false; w.stop(); } };
}
