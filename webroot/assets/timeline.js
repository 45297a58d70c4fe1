// A run's tasks on one time axis, Gantt style, in plain SVG: one row per task, a thin bar while it waited
// (created until started) and a solid one while it ran (started until ended, or now), coloured by status.
// Hovering or focusing a row shows the edges from its parents' ends to its start. Each row is a link to the
// task, reachable with Tab. The SVG carries its own styles, so "Save as SVG" gives an image for a bug report.
import { fmtDur, phase } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const ROW = 26;
const BAR = 14;
const AXIS = 24;
const PAD = 10;
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400].map(s => s * 1000);
const COLORS = { successful: '#1f8a4c', failed: '#c62f2f', running: '#2f6fdb', cancelled: '#8a5a00', skipped: '#7c8796' };
const STYLE = `text{font:12px system-ui,sans-serif;fill:#1d2330}.tick text{fill:#5f6b7a;font-size:11px}.tick line{stroke:#d9dee5}
.wait{fill:#e8c15a;opacity:.55}.edge{fill:none;stroke:#5f6b7a;stroke-width:1.5;stroke-dasharray:3 2;display:none}
.timeline-svg.show-edges .edge.on{display:inline}a:focus{outline:none}a:focus .row-bg,a:hover .row-bg{fill:#fff3d6}.row-bg{fill:transparent}`;

function el(tag, attrs, ...children) {
  const e = document.createElementNS(NS, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== null && v !== undefined) e.setAttribute(k, String(v)); });
  children.forEach(c => e.append(c));
  return e;
}

// [t0, t1] the axis covers: from the run's start (or the first task's creation) to its end (or now)
export function span(run, tasks, now) {
  const starts = tasks.map(t => t.created || t.started).filter(Boolean);
  const t0 = Math.min(...[run.started, ...starts].filter(Boolean));
  const ends = tasks.map(t => t.ended || (t.started ? now : 0));
  const t1 = run.ended || Math.max(now, ...ends);
  return [t0, Math.max(t1, t0 + 1000)];
}

// tasks: the run's task executions; hrefOf(taskId) -> link. Returns the <svg>.
export function renderTimeline(container, run, given, hrefOf, now = Date.now()) {
  // in the order they started (those that never did last), ties by name
  const tasks = given.slice().sort((a, b) => (a.started || Infinity) - (b.started || Infinity) || a.task_id.localeCompare(b.task_id));
  const width = Math.max(300, container.clientWidth || 600);
  const label = width < 500 ? 86 : 140;
  const [t0, t1] = span(run, tasks, now);
  const msPerPx = (t1 - t0) / (width - label - PAD * 2);
  const x = t => label + PAD + (t - t0) / msPerPx;
  const height = AXIS + tasks.length * ROW + PAD;
  const svg = el('svg', { class: 'timeline-svg', xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
    'aria-label': `Timeline of run ${run.run_id}: ${tasks.length} tasks over ${fmtDur(t1 - t0)}`,
    'data-t0': t0, 'data-ms-per-px': msPerPx, 'data-x0': label + PAD });
  svg.append(el('style', {}, STYLE));

  // the axis: at most ~6 ticks at a round step
  const step = STEPS.find(s => (t1 - t0) / s <= 6) || STEPS[STEPS.length - 1];
  for (let t = 0; t <= t1 - t0; t += step) {
    svg.append(el('g', { class: 'tick' }, el('line', { x1: x(t0 + t), x2: x(t0 + t), y1: AXIS - 6, y2: height - PAD }),
      el('text', { x: x(t0 + t), y: AXIS - 10, 'text-anchor': 'middle' }, fmtDur(t) === '0ms' ? '0s' : fmtDur(t))));
  }

  const row = new Map(tasks.map((t, i) => [t.task_id, i]));
  const yOf = i => AXIS + i * ROW;
  const edges = el('g', { class: 'edges' });
  tasks.forEach((t, i) => {
    const ph = phase(t);
    const start = t.started || 0;
    const end = t.ended || (start ? now : 0);
    const created = t.created || start;
    const y = yOf(i);
    const waitedUntil = start || t.ended || (t.state === 'complete' ? created : now);
    const waited = created && waitedUntil > created ? waitedUntil - created : 0;
    const ran = start ? end - start : 0;
    const a = el('a', { href: hrefOf(t.task_id), class: 'row', 'data-task': t.task_id, 'data-phase': ph,
      'aria-label': `${t.task_id}: ${ph}` + (waited ? `, waited ${fmtDur(waited)}` : '') + (start ? `, ran ${fmtDur(ran)}` : '') });
    a.append(el('rect', { class: 'row-bg', x: 0, y, width, height: ROW }));
    a.append(el('text', { x: 4, y: y + ROW / 2 + 4 }, t.task_id.length > 18 ? t.task_id.slice(0, 17) + '…' : t.task_id));
    if (waited) {
      a.append(el('rect', { class: 'wait', x: x(created), y: y + ROW / 2 - 2, width: Math.max(1, waited / msPerPx), height: 4,
        'data-from': created, 'data-to': created + waited }));
    }
    if (start) {
      a.append(el('rect', { class: 'bar', x: x(start), y: y + (ROW - BAR) / 2, width: Math.max(2, ran / msPerPx), height: BAR, rx: 2,
        fill: COLORS[ph] || '#9aa5b5', 'data-from': start, 'data-to': end }));
    }
    a.append(el('title', {}, a.getAttribute('aria-label')));
    // edges from each parent's end to this task's start (or where it would have started)
    Object.keys((t.task && t.task.depends_on) || {}).forEach(parentId => {
      const parent = tasks[row.get(parentId)];
      if (!parent) return;
      const px = x(parent.ended || (parent.started ? now : t0));
      const py = yOf(row.get(parentId)) + ROW / 2;
      const cx = x(start || waitedUntil);
      const cy = y + ROW / 2;
      edges.append(el('path', { class: 'edge', 'data-child': t.task_id, 'data-parent': parentId,
        d: `M${px},${py} C${px + 12},${py} ${cx - 12},${cy} ${cx},${cy}` }));
    });
    const show = on => {
      svg.classList.toggle('show-edges', on);
      edges.querySelectorAll(`.edge[data-child="${CSS.escape(t.task_id)}"]`).forEach(e => e.classList.toggle('on', on));
    };
    ['mouseenter', 'focus'].forEach(ev => a.addEventListener(ev, () => show(true)));
    ['mouseleave', 'blur'].forEach(ev => a.addEventListener(ev, () => show(false)));
    svg.append(a);
  });
  svg.append(edges);
  container.replaceChildren(svg);
  return svg;
}

// The timeline as a standalone SVG file (styles inside), for a bug report.
export function svgFile(svg) {
  return new Blob(['<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });
}
