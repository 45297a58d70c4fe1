// A run's tasks on one time axis, Gantt style, in plain SVG: one row per task and, on it, one bar per attempt
// (a retried task runs a container per attempt): a thin bar while the attempt waited (the task's creation, or
// the previous attempt's end, until it started) and a solid one while it ran (started until ended, or now),
// coloured by that attempt's status. Hovering or focusing a row shows the edges from its parents' ends to its
// start; hovering an attempt says "attempt N of M". Each row is a link to the task, reachable with Tab.
// The SVG carries its own styles, so "Save as SVG" gives an image for a bug report.
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

// A task's attempts, oldest first: {attempt, of, phase, waitFrom, waitTo, start, end, exit, reason}. Earlier
// attempts come from t.attempts (each failed, or it would not have been retried); the current one is the task's
// own started/ended/state. Times are epoch ms, 0 = not (yet).
export function attemptsOf(t, now) {
  const earlier = t.attempts || [];
  const of = Math.max(t.attempt || 1, (t.task && t.task.retry && t.task.retry.attempts) || 1);
  const out = earlier.map((a, i) => ({ attempt: a.attempt, of, phase: 'failed', waitFrom: i ? earlier[i - 1].ended : (t.created || a.started),
    waitTo: a.started, start: a.started, end: a.ended, exit: a.exit_code, reason: a.status_reason }));
  const start = t.started || 0;
  const waitFrom = earlier.length ? earlier[earlier.length - 1].ended : (t.created || start);
  // waiting until it started, or until now, or until the task ended without starting (skipped, cancelled)
  const waitTo = start || t.ended || (t.state === 'complete' ? waitFrom : now);
  out.push({ attempt: t.attempt || 1, of, phase: phase(t), waitFrom, waitTo, start, end: t.ended || (start ? now : 0),
    exit: t.state === 'complete' ? t.exit_code : null, reason: t.status_reason });
  return out;
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
  // in the order they (first) started (those that never did last), ties by name
  const began = t => (t.attempts && t.attempts.length ? t.attempts[0].started : t.started) || Infinity;
  const tasks = given.slice().sort((a, b) => began(a) - began(b) || a.task_id.localeCompare(b.task_id));
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
    const attempts = attemptsOf(t, now);
    const y = yOf(i);
    const first = attempts[0];
    const current = attempts[attempts.length - 1];
    const start = current.start;
    const describe = at => `attempt ${at.attempt} of ${at.of}: ${at.phase}` + (at.waitTo > at.waitFrom ? `, waited ${fmtDur(at.waitTo - at.waitFrom)}` : '')
      + (at.start ? `, ran ${fmtDur(at.end - at.start)}` : '') + (at.exit !== null && at.exit !== undefined ? `, exit code ${at.exit}` : '');
    const text = attempts.length > 1 ? `${t.task_id}: ${ph} after ${attempts.length} attempts; ` + attempts.map(describe).join('; ')
      : `${t.task_id}: ${ph}` + (first.waitTo > first.waitFrom ? `, waited ${fmtDur(first.waitTo - first.waitFrom)}` : '')
        + (start ? `, ran ${fmtDur(current.end - start)}` : '');
    const a = el('a', { href: hrefOf(t.task_id), class: 'row', 'data-task': t.task_id, 'data-phase': ph, 'data-attempts': attempts.length, 'aria-label': text });
    a.append(el('rect', { class: 'row-bg', x: 0, y, width, height: ROW }));
    a.append(el('text', { x: 4, y: y + ROW / 2 + 4 }, t.task_id.length > 18 ? t.task_id.slice(0, 17) + '…' : t.task_id));
    attempts.forEach(at => {
      const g = el('g', { class: 'attempt', 'data-attempt': at.attempt, 'data-phase': at.phase });
      if (at.waitFrom && at.waitTo > at.waitFrom) {
        g.append(el('rect', { class: 'wait', x: x(at.waitFrom), y: y + ROW / 2 - 2, width: Math.max(1, (at.waitTo - at.waitFrom) / msPerPx), height: 4,
          'data-from': at.waitFrom, 'data-to': at.waitTo }));
      }
      if (at.start) {
        g.append(el('rect', { class: 'bar', x: x(at.start), y: y + (ROW - BAR) / 2, width: Math.max(2, (at.end - at.start) / msPerPx), height: BAR, rx: 2,
          fill: COLORS[at.phase] || '#9aa5b5', 'data-from': at.start, 'data-to': at.end, 'data-attempt': at.attempt, 'data-phase': at.phase }));
      }
      // hover: what this attempt did (the row's own title covers the rest of the row)
      if (attempts.length > 1) g.append(el('title', {}, `${t.task_id}, ${describe(at)}`));
      a.append(g);
    });
    a.insertBefore(el('title', {}, text), a.firstChild);
    // edges from each parent's end to this task's (first attempt's) start, or where it would have started
    Object.keys((t.task && t.task.depends_on) || {}).forEach(parentId => {
      const parent = tasks[row.get(parentId)];
      if (!parent) return;
      const px = x(parent.ended || (parent.started ? now : t0));
      const py = yOf(row.get(parentId)) + ROW / 2;
      const cx = x(first.start || first.waitTo);
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
