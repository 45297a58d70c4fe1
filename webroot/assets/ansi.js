// ANSI SGR colour codes (ESC [ ... m) to HTML spans, chunk by chunk: a colour set in one chunk carries
// on into the next, and an escape sequence split across chunks is completed before it is read.
// Other control sequences (cursor moves, erase line) are dropped; text is always HTML-escaped.
const ESC = '\u001b';
const PALETTE = ['#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
  '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function color256(n) {
  if (n < 16) return PALETTE[n];
  if (n < 232) {
    n -= 16;
    const step = v => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${step(Math.floor(n / 36))},${step(Math.floor(n / 6) % 6)},${step(n % 6)})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

class AnsiRenderer {
  constructor() {
    this.style = {};
    this.carry = '';
  }

  apply(params) {
    const codes = params === '' ? [0] : params.split(';').map(x => parseInt(x || '0', 10));
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) this.style = {};
      else if (c === 1) this.style.bold = true;
      else if (c === 2) this.style.dim = true;
      else if (c === 3) this.style.italic = true;
      else if (c === 4) this.style.underline = true;
      else if (c === 22) { delete this.style.bold; delete this.style.dim; }
      else if (c === 23) delete this.style.italic;
      else if (c === 24) delete this.style.underline;
      else if (c >= 30 && c <= 37) this.style.fg = PALETTE[c - 30];
      else if (c >= 90 && c <= 97) this.style.fg = PALETTE[c - 90 + 8];
      else if (c === 39) delete this.style.fg;
      else if (c >= 40 && c <= 47) this.style.bg = PALETTE[c - 40];
      else if (c >= 100 && c <= 107) this.style.bg = PALETTE[c - 100 + 8];
      else if (c === 49) delete this.style.bg;
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
        this.style[c === 38 ? 'fg' : 'bg'] = color256(codes[i + 2] || 0);
        i += 2;
      } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
        this.style[c === 38 ? 'fg' : 'bg'] = `rgb(${codes[i + 2] | 0},${codes[i + 3] | 0},${codes[i + 4] | 0})`;
        i += 4;
      }
    }
  }

  css() {
    const s = this.style;
    const parts = [];
    if (s.fg) parts.push('color:' + s.fg);
    if (s.bg) parts.push('background:' + s.bg);
    if (s.bold) parts.push('font-weight:bold');
    if (s.dim) parts.push('opacity:.7');
    if (s.italic) parts.push('font-style:italic');
    if (s.underline) parts.push('text-decoration:underline');
    return parts.join(';');
  }

  span(text) {
    if (!text) return '';
    const css = this.css();
    return css ? `<span class="ansi" style="${css}">${escapeHtml(text)}</span>` : escapeHtml(text);
  }

  // Returns the HTML for this chunk; keeps an unfinished escape sequence for the next one.
  push(chunk) {
    let text = this.carry + chunk;
    this.carry = '';
    let out = '';
    let i = 0;
    for (;;) {
      const at = text.indexOf(ESC, i);
      if (at < 0) {
        out += this.span(text.slice(i));
        break;
      }
      out += this.span(text.slice(i, at));
      // CSI: ESC [ params final-byte
      const m = /^\u001b\[([0-9;?]*)([@-~])/.exec(text.slice(at, at + 64));
      if (m) {
        if (m[2] === 'm') this.apply(m[1]);
        i = at + m[0].length;
      } else if (text.length - at < 64 && /^\u001b(\[[0-9;?]*)?$/.test(text.slice(at))) {
        this.carry = text.slice(at); // the rest of this sequence is in the next chunk
        break;
      } else {
        i = at + 1; // a lone ESC: drop it
      }
    }
    return out;
  }
}

export { AnsiRenderer, escapeHtml };
