// The dashboard: hash routes (every view has a URL to share), one view at a time, plain DOM. Each view
// lives in its own module under views/; this one only maps URLs to views.
import { api } from './api.js';
import { h, main, setCrumbs, setReload, setTitle } from './dom.js';
import { extensions } from './views/extensions.js';
import { home, namespace } from './views/namespaces.js';
import { pipeline } from './views/pipeline.js';
import { runView } from './views/run.js';

// A task's log lines ride after the route, GitHub style: #/ns/x/pipelines/p/runs/1/tasks/t#L120-L140
function lineRange(fragment) {
  const m = /^L(\d+)(?:-L(\d+))?$/.exec(fragment || '');
  if (!m) return null;
  const from = parseInt(m[1], 10);
  const to = m[2] ? parseInt(m[2], 10) : from;
  return [Math.min(from, to), Math.max(from, to)];
}

function parseRoute() {
  const [route, fragment] = (location.hash.replace(/^#/, '') || '/').split('#');
  const raw = route || '/';
  const [path, query] = raw.split('?');
  const q = new URLSearchParams(query || '');
  const s = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (s.length === 0) return { view: 'home' };
  if (s[0] === 'extensions' && s.length === 1) return { view: 'extensions' };
  if (s[0] === 'ns' && s.length === 2) return { view: 'namespace', ns: s[1] };
  if (s[0] === 'ns' && s[2] === 'pipelines' && s.length === 4) return { view: 'pipeline', ns: s[1], p: s[3], q };
  if (s[0] === 'ns' && s[2] === 'pipelines' && s[4] === 'runs' && s.length === 6) return { view: 'run', ns: s[1], p: s[3], r: s[5] };
  if (s[0] === 'ns' && s[2] === 'pipelines' && s[4] === 'runs' && s[6] === 'timeline' && s.length === 7) return { view: 'run', ns: s[1], p: s[3], r: s[5], focus: 'timeline' };
  if (s[0] === 'ns' && s[2] === 'pipelines' && s[4] === 'runs' && s[6] === 'tasks' && s.length === 8) return { view: 'run', ns: s[1], p: s[3], r: s[5], t: s[7], lines: lineRange(fragment) };
  return { view: 'missing', path };
}

function missing(r) {
  setCrumbs();
  setTitle('Not found');
  main.append(h('h1', {}, 'Not found'), h('p', {}, 'No view at ', h('code', {}, r.path), '. ', h('a', { href: '#/' }, 'Go to namespaces')));
}

const views = { home, namespace, pipeline, run: runView, extensions, missing };
let current = null; // {key, dispose(), select?(task)}

function route() {
  const r = parseRoute();
  const key = r.view === 'run' ? `run:${r.ns}/${r.p}/${r.r}` : null;
  if (current && key && current.key === key && current.select) {
    current.select(r.t, r.lines, r.focus); // same run: only the task panel changes, the graph stays
    return;
  }
  if (current) current.dispose();
  main.textContent = '';
  current = views[r.view](r) || { dispose() {} };
  current.key = key;
}

// Redraws the current view from scratch (e.g. after a change of token).
setReload(() => {
  if (current) current.dispose();
  current = null;
  route();
});

// The extensions API arrives with a later server version: offer the view only where it answers.
api.get('/api/extensions').then(() => { document.getElementById('nav-extensions').hidden = false; }).catch(() => {});

window.addEventListener('hashchange', route);
route();
