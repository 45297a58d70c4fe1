// The DAG of a pipeline, drawn left to right: each task in the column after its deepest parent,
// tasks within a column ordered by the average position of their neighbours (a few Sugiyama-style
// barycenter sweeps) so edges cross less, then drawn as SVG with the edge's condition on it.
const NODE_W = 168, NODE_H = 46, GAP_X = 76, GAP_Y = 22, PAD = 16;
const SVG = 'http://www.w3.org/2000/svg';

// tasks: [{id, depends_on: {parent: condition}}] -> {nodes: Map id -> {id, layer, x, y}, edges, width, height}
function layout(tasks) {
  const byId = new Map(tasks.map(t => [t.id, t]));
  const layerOf = new Map();
  const depth = id => {
    if (layerOf.has(id)) return layerOf.get(id);
    layerOf.set(id, 0); // guards against a cycle (the server refuses them; never loop here anyway)
    const parents = Object.keys((byId.get(id) || {}).depends_on || {}).filter(p => byId.has(p));
    const d = parents.length ? 1 + Math.max(...parents.map(depth)) : 0;
    layerOf.set(id, d);
    return d;
  };
  tasks.forEach(t => depth(t.id));

  const layers = [];
  tasks.forEach(t => (layers[layerOf.get(t.id)] = layers[layerOf.get(t.id)] || []).push(t.id));
  const edges = [];
  const parentsOf = new Map(tasks.map(t => [t.id, []]));
  const childrenOf = new Map(tasks.map(t => [t.id, []]));
  tasks.forEach(t => Object.entries(t.depends_on || {}).forEach(([p, cond]) => {
    if (!byId.has(p)) return;
    edges.push({ from: p, to: t.id, condition: cond });
    parentsOf.get(t.id).push(p);
    childrenOf.get(p).push(t.id);
  }));

  const pos = new Map();
  const index = () => layers.forEach(l => l.forEach((id, i) => pos.set(id, (i + 0.5) / l.length)));
  const sortBy = (layer, neighbours) => {
    const key = new Map(layer.map((id, i) => {
      const ns = neighbours.get(id);
      return [id, ns.length ? ns.reduce((s, n) => s + pos.get(n), 0) / ns.length : pos.get(id)];
    }));
    layer.sort((a, b) => key.get(a) - key.get(b));
  };
  index();
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let l = 1; l < layers.length; l++) { sortBy(layers[l], parentsOf); index(); }
    for (let l = layers.length - 2; l >= 0; l--) { sortBy(layers[l], childrenOf); index(); }
  }

  const tallest = Math.max(1, ...layers.map(l => l.length));
  const nodes = new Map();
  layers.forEach((l, li) => {
    const offset = (tallest - l.length) * (NODE_H + GAP_Y) / 2;
    l.forEach((id, i) => nodes.set(id, {
      id, layer: li,
      x: PAD + li * (NODE_W + GAP_X),
      y: PAD + offset + i * (NODE_H + GAP_Y),
    }));
  });
  return {
    nodes, edges,
    width: PAD * 2 + layers.length * NODE_W + Math.max(0, layers.length - 1) * GAP_X,
    height: PAD * 2 + tallest * NODE_H + (tallest - 1) * GAP_Y,
  };
}

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  if (parent) parent.appendChild(e);
  return e;
}

// Draws the graph into container; href(id) gives each node's link (keyboard: every node is a link).
// Returns {update(id, {phase, label, detail, selected})} to restyle nodes without redrawing.
function render(container, tasks, href) {
  const g = layout(tasks);
  container.textContent = '';
  const svg = el('svg', {
    width: g.width, height: g.height, viewBox: `0 0 ${g.width} ${g.height}`,
    class: 'dag', role: 'img', 'aria-label': `Task graph, ${tasks.length} tasks`,
  }, container);
  const defs = el('defs', {}, svg);
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }, marker);

  const edgeLayer = el('g', { class: 'edges' }, svg);
  g.edges.forEach(e => {
    const a = g.nodes.get(e.from), b = g.nodes.get(e.to);
    const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    el('path', { d: `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`, class: 'edge c-' + e.condition, 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }, edgeLayer);
    const label = el('text', { x: x2 - 8, y: y2 - 6, class: 'edge-label', 'text-anchor': 'end' }, edgeLayer);
    label.textContent = e.condition;
  });

  const nodeEls = new Map();
  const nodeLayer = el('g', { class: 'nodes' }, svg);
  g.nodes.forEach(n => {
    const a = el('a', { href: href(n.id), class: 'node', 'data-task': n.id, 'data-phase': 'none' }, nodeLayer);
    el('title', {}, a).textContent = n.id;
    el('rect', { x: n.x, y: n.y, width: NODE_W, height: NODE_H, rx: 7 }, a);
    const name = el('text', { x: n.x + 12, y: n.y + 19, class: 'node-name' }, a);
    name.textContent = n.id.length > 20 ? n.id.slice(0, 19) + '…' : n.id;
    const detail = el('text', { x: n.x + 12, y: n.y + 36, class: 'node-detail' }, a);
    nodeEls.set(n.id, { a, detail });
  });

  return {
    layout: g,
    update(id, { phase, detail, selected }) {
      const n = nodeEls.get(id);
      if (!n) return;
      if (n.a.getAttribute('data-phase') !== phase) n.a.setAttribute('data-phase', phase);
      if (n.detail.textContent !== detail) n.detail.textContent = detail;
      n.a.classList.toggle('selected', !!selected);
      n.a.setAttribute('aria-label', `${id}: ${detail}`);
    },
  };
}

export { layout, render };
