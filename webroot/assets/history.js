// A pipeline's last runs at a glance: one bar per run, oldest on the left, height = duration, colour =
// status, each a link to its run; and over the finished ones, the success rate and the p50/p90 duration.
import { fmtDur, h, phase } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 64;
const COLORS = { successful: '#1f8a4c', failed: '#c62f2f', running: '#2f6fdb', cancelled: '#8a5a00', pending: '#a67c00' };

function el(tag, attrs, ...children) {
  const e = document.createElementNS(NS, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, String(v)));
  children.forEach(c => e.append(c));
  return e;
}

const durationOf = (run, now) => (run.started ? (run.ended || now) - run.started : 0);

// the q-quantile (0..1) of sorted numbers, nearest rank
function quantile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : null;
}

// {finished, successRate (0..1 or null), p50, p90} over the runs that completed
export function stats(runs) {
  const done = runs.filter(r => r.state === 'complete');
  const durations = done.filter(r => r.started && r.ended).map(r => r.ended - r.started).sort((a, b) => a - b);
  return {
    finished: done.length,
    successRate: done.length ? done.filter(r => r.status === 'successful').length / done.length : null,
    p50: quantile(durations, 0.5),
    p90: quantile(durations, 0.9),
  };
}

// runs: newest first, as the API lists them; hrefOf(runId) -> link
export function renderHistory(container, runs, hrefOf, now = Date.now()) {
  const ordered = runs.slice().reverse();
  const longest = Math.max(1, ...ordered.map(r => durationOf(r, now)));
  const slot = 12;
  const width = Math.max(1, ordered.length) * slot;
  const svg = el('svg', { class: 'history-svg', id: 'run-history', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'group',
    'aria-label': `Last ${ordered.length} runs, oldest first` });
  ordered.forEach((run, i) => {
    const d = durationOf(run, now);
    const ph = phase(run);
    const barH = Math.max(3, Math.round((d / longest) * (HEIGHT - 2)));
    const label = `run ${run.run_id}: ${ph}${run.started ? ', ' + fmtDur(d) : ''}`;
    svg.append(el('a', { href: hrefOf(run.run_id), class: 'hbar', 'data-run': run.run_id, 'data-phase': ph, 'data-duration': d, 'aria-label': label },
      el('rect', { x: i * slot + 1, y: HEIGHT - barH, width: slot - 3, height: barH, rx: 1, fill: COLORS[ph] || '#9aa5b5' }),
      el('title', {}, label)));
  });
  const s = stats(runs);
  const summary = h('p', { class: 'history-stats muted', id: 'history-stats', 'data-success-rate': s.successRate === null ? '' : s.successRate.toFixed(4),
    'data-p50': s.p50 === null ? '' : s.p50, 'data-p90': s.p90 === null ? '' : s.p90 },
    s.finished ? `${Math.round(s.successRate * 100)}% successful over the last ${s.finished} finished runs · p50 ${fmtDur(s.p50)} · p90 ${fmtDur(s.p90)}`
      : 'No finished runs yet.');
  container.replaceChildren(h('div', { class: 'history-scroll' }, svg), summary);
}
