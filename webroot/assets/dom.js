// What every view shares: building elements, formatting times and states, errors, links, the page's
// title and breadcrumbs.
import { api } from './api.js';

export const main = document.getElementById('main');
const crumbs = document.getElementById('crumbs');
export const enc = encodeURIComponent;

// the router's "draw the current view again" (e.g. after a change of token), set once by app.js
let reloadView = () => {};
export function setReload(fn) {
  reloadView = fn;
}
export function reload() {
  reloadView();
}

export function h(tag, attrs, ...children) {
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
export function fmtTime(ms) {
  if (!ms) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
export function fmtDur(ms) {
  if (ms < 0 || ms === null || ms === undefined || isNaN(ms)) return '—';
  if (ms < 1000) return ms + 'ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(1) + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.floor(s % 60)}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
export function ago(ms) {
  if (!ms) return 'never';
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 60) return s + 's ago';
  if (s < 3600) return Math.round(s / 60) + 'm ago';
  if (s < 86400) return Math.round(s / 3600) + 'h ago';
  return Math.round(s / 86400) + 'd ago';
}
export function duration(started, ended) {
  if (!started) return '—';
  return fmtDur((ended || Date.now()) - started);
}
// what a user cares about: the status once complete, else where it is in its life
export const phase = x => (x.state === 'complete' ? x.status : x.state);
export const badge = p => h('span', { class: 'badge p-' + p, 'data-phase': p }, p);
export function errorBox(e) {
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
export function keepFocus(redraw) {
  const a = document.activeElement;
  const id = a && a !== document.body ? a.id : '';
  const href = a && a.getAttribute ? a.getAttribute('href') : null;
  redraw();
  if (!a || a === document.body || document.activeElement === a) return;
  const again = document.contains(a) ? a
    : (id && document.getElementById(id)) || (href && main.querySelector(`[href="${CSS.escape(href)}"]`));
  if (again) again.focus({ preventScroll: true });
}
export const links = {
  ns: ns => `#/ns/${enc(ns)}`,
  pipeline: (ns, p, q) => `#/ns/${enc(ns)}/pipelines/${enc(p)}` + (q ? '?' + q : ''),
  run: (ns, p, r) => `#/ns/${enc(ns)}/pipelines/${enc(p)}/runs/${r}`,
  task: (ns, p, r, t) => `#/ns/${enc(ns)}/pipelines/${enc(p)}/runs/${r}/tasks/${enc(t)}`,
};
export function setCrumbs(...parts) {
  crumbs.textContent = '';
  parts.forEach((p, i) => {
    if (i) crumbs.appendChild(document.createTextNode(' / '));
    crumbs.appendChild(p.href ? h('a', { href: p.href }, p.text) : h('span', {}, p.text));
  });
}
// Hands a blob to the browser as a download named `name`.
export function saveFile(blob, name) {
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

export function setTitle(t) {
  document.title = t ? t + ' · Gofer' : 'Gofer';
}
