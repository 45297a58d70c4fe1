// A log of any length shown a screenful at a time: every line is kept as HTML (ANSI colours, stderr
// marked) and as plain text (for search), but only the lines in view, plus a margin, are in the DOM, so a
// 100,000-line log scrolls and searches without freezing the page. Lines are numbered; each number links to
// its line (shift-click another for a range, as GitHub does); find highlights every match and steps
// through them.
import { AnsiRenderer, escapeHtml } from './ansi.js';
import { h } from './dom.js';

const LINE_H = 19; // px: every line is one row of this height (CSS .log-line)
const MARGIN = 40; // lines rendered above and below the visible ones
const ESCAPES = /\u001b\[[0-9;?]*[@-~]/g;

export class LogView {
  // lineHref(from, to) -> the URL of a line (to null) or a range
  constructor(label, lineHref) {
    this.lineHref = lineHref;
    this.html = [];
    this.text = [];
    this.partialHtml = '';
    this.partialText = '';
    this.renderers = { stdout: new AnsiRenderer(), stderr: new AnsiRenderer() };
    this.query = '';
    this.matches = []; // [{line, at}] in log order
    this.current = -1;
    this.range = null; // [from, to], 1-based, highlighted
    this.pendingScroll = false;
    this.stick = true;
    this.onStickChange = () => {};
    this.anchor = null; // the last line number clicked, for shift-click ranges
    this.text$ = h('div', { class: 'log-text', id: 'log-text' });
    this.space = h('div', { class: 'log-space' }, this.text$);
    this.box = h('div', { class: 'log', id: 'log', tabindex: '0', role: 'log', 'aria-label': label, 'data-lines': '0' }, this.space);
    this.box.addEventListener('scroll', () => {
      const stick = this.box.scrollTop + this.box.clientHeight >= this.box.scrollHeight - 8;
      if (stick !== this.stick) {
        this.stick = stick;
        this.onStickChange(stick);
      }
      this.schedule();
    });
    this.text$.addEventListener('click', e => this.clickNumber(e));
    this.frame = 0;
  }

  get lineCount() {
    return this.html.length + (this.partialHtml || this.partialText ? 1 : 0);
  }

  clear(placeholder) {
    this.html = [];
    this.text = [];
    this.partialHtml = this.partialText = '';
    this.renderers = { stdout: new AnsiRenderer(), stderr: new AnsiRenderer() };
    this.matches = [];
    this.current = -1;
    this.placeholder = placeholder || '';
    this.schedule();
  }

  // Appends output of one stream (stdout/stderr); text may hold many lines and end mid-line.
  push(stream, text) {
    const r = this.renderers[stream] || this.renderers.stdout;
    const parts = text.split('\n');
    parts.forEach((seg, i) => {
      if (i > 0) this.endLine();
      if (!seg) return;
      const html = r.push(seg);
      this.partialHtml += stream === 'stderr' ? `<span class="stderr" title="stderr">${html}</span>` : html;
      this.partialText += seg.replace(ESCAPES, '');
    });
    this.schedule();
  }

  endLine() {
    this.html.push(this.partialHtml);
    this.text.push(this.partialText);
    if (this.query) this.findIn(this.text.length - 1);
    this.partialHtml = this.partialText = '';
  }

  setPlaceholder(text) {
    this.placeholder = text;
    this.schedule();
  }

  follow() {
    this.stick = true;
    this.range = null;
    this.box.scrollTop = this.box.scrollHeight;
    this.schedule();
  }

  // ---- search ----

  find(query) {
    this.query = query.toLowerCase();
    this.matches = [];
    this.current = -1;
    if (this.query) for (let i = 0; i < this.text.length; i++) this.findIn(i);
    if (this.matches.length) this.step(1);
    this.schedule();
    return this.matches.length;
  }

  findIn(line) {
    const t = this.text[line].toLowerCase();
    for (let at = t.indexOf(this.query); at >= 0; at = t.indexOf(this.query, at + this.query.length)) {
      this.matches.push({ line, at });
    }
  }

  // Moves to the next (+1) or previous (-1) match and scrolls it into view.
  step(direction) {
    const n = this.matches.length;
    if (!n) return;
    this.current = (this.current + direction + n) % n;
    this.scrollToLine(this.matches[this.current].line);
  }

  // ---- line links ----

  // Highlights lines from..to (1-based) and scrolls to them once they have arrived.
  showLines(range) {
    this.range = range;
    this.pendingScroll = !!range;
    this.revealPending();
    this.schedule();
  }

  // Called as lines arrive and when the log has ended (all = true): scrolls to a linked line once it exists.
  revealPending(all) {
    if (!this.pendingScroll || !this.range) return;
    if (this.lineCount >= this.range[0] || all) {
      this.pendingScroll = false;
      this.scrollToLine(Math.min(this.range[0], this.lineCount) - 1);
    }
  }

  scrollToLine(index) {
    this.stick = false;
    this.onStickChange(false);
    this.render(); // the space must be tall enough first
    this.box.scrollTop = Math.max(0, index * LINE_H - this.box.clientHeight / 3);
    this.schedule();
  }

  clickNumber(e) {
    const a = e.target.closest('a.ln');
    if (!a) return;
    const n = parseInt(a.getAttribute('data-n'), 10);
    if (e.shiftKey && this.anchor) {
      e.preventDefault();
      const [from, to] = [Math.min(this.anchor, n), Math.max(this.anchor, n)];
      location.hash = this.lineHref(from, to).replace(/^#/, '');
      return;
    }
    this.anchor = n;
  }

  // ---- drawing: at most once a frame, only what is in view ----

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render() {
    const total = this.lineCount;
    this.box.setAttribute('data-lines', String(total));
    this.space.style.height = Math.max(total, 1) * LINE_H + 'px';
    if (this.stick && !this.range) this.box.scrollTop = this.box.scrollHeight;
    if (!total) {
      this.text$.style.top = '0px';
      this.text$.textContent = this.placeholder || '';
      return;
    }
    const top = this.box.scrollTop;
    const first = Math.max(0, Math.floor(top / LINE_H) - MARGIN);
    const last = Math.min(total, Math.ceil((top + this.box.clientHeight) / LINE_H) + MARGIN);
    const current = this.current >= 0 ? this.matches[this.current] : null;
    let out = '';
    for (let i = first; i < last; i++) {
      const finished = i < this.html.length;
      const text = finished ? this.text[i] : this.partialText;
      const n = i + 1;
      const hl = this.range && n >= this.range[0] && n <= this.range[1];
      let body;
      if (this.query && text.toLowerCase().includes(this.query)) body = this.marked(text, i, current);
      else body = finished ? this.html[i] : this.partialHtml;
      out += `<div class="log-line${hl ? ' hl' : ''}" data-line="${n}"><a class="ln" data-n="${n}" href="${escapeHtml(this.lineHref(n, null))}" aria-label="line ${n}"></a><span class="lt">${body}</span></div>`;
    }
    this.text$.style.top = first * LINE_H + 'px';
    this.text$.innerHTML = out;
  }

  // a matching line as plain text with every match marked (colours give way to the highlight)
  marked(text, line, current) {
    const lower = text.toLowerCase();
    const q = this.query;
    let out = '';
    let from = 0;
    for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) {
      const isCurrent = current && current.line === line && current.at === at;
      out += escapeHtml(text.slice(from, at)) + `<mark${isCurrent ? ' class="current"' : ''}>${escapeHtml(text.slice(at, at + q.length))}</mark>`;
      from = at + q.length;
    }
    return out + escapeHtml(text.slice(from));
  }
}
