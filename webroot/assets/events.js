// The tab's one connection to the server's event stream (GET /api/events, read with fetch so the token
// travels in a header, never in a URL), filtered on the server to what the current view shows. A view says
// what it watches and how to refresh itself; every event it may care about calls it back, and nothing
// polls while the stream is up. While the stream is down the header says "reconnecting", the view
// refreshes slowly (SLOW_POLL_MS) and the stream is retried; the retry sends the last event id it saw
// (Last-Event-ID), so the server replays what happened in between.
import { api } from './api.js';

export const SLOW_POLL_MS = 10000;
const RETRY_MS = [250, 1000, 2000, 4000];
const READY_TIMEOUT_MS = 3000;

let watcher = null; // {filter, onEvent, refresh}
let connectedKey = null; // the filter of the open (or opening) connection
let controller = null;
let lastId = null; // the last event id seen on this filter
let state = 'connecting'; // connecting | live | reconnecting | unavailable
let failures = 0;
let retryTimer = null;
let pollTimer = null;
let opened = [];

const indicator = () => document.getElementById('stream-state');

function setState(next, text) {
  state = next;
  const el = indicator();
  if (!el) return;
  el.setAttribute('data-state', next);
  el.textContent = text || '';
  el.hidden = !text;
}

const keyOf = f => JSON.stringify([f.namespace || '', f.pipeline || '', f.run || '']);

function query(f) {
  const q = new URLSearchParams();
  if (f.namespace) q.set('namespace', f.namespace);
  if (f.pipeline) q.set('pipeline', f.pipeline);
  if (f.run) q.set('run', String(f.run));
  const s = q.toString();
  return '/api/events' + (s ? '?' + s : '');
}

// Server-Sent Events: blocks separated by a blank line; "id:", "event:", "data:" fields; ":" comments.
function parser(onEvent) {
  let buffer = '';
  return text => {
    buffer += text;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id = null;
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (id) lastId = id;
      if (data) onEvent(JSON.parse(data));
    }
  };
}

function connect(resume) {
  if (controller) controller.abort();
  clearTimeout(retryTimer);
  const mine = new AbortController();
  controller = mine;
  const filter = watcher ? watcher.filter : {};
  connectedKey = keyOf(filter);
  if (state === 'live') state = 'connecting'; // not open yet: a view must wait for this connection (the header stays quiet)
  if (!resume) lastId = null;
  const headers = resume && lastId ? { 'Last-Event-ID': lastId } : undefined;
  let isOpen = false;
  const feed = parser(e => { if (watcher && mine === controller) deliver(e); });
  api.stream(query(filter), text => {
    if (mine !== controller) return;
    if (!isOpen) {
      isOpen = true;
      up(resume);
    }
    feed(text);
  }, mine.signal, headers).then(() => {
    if (mine === controller) down(); // the server ended the stream (e.g. it is shutting down)
  }).catch(e => {
    if (mine !== controller || e.name === 'AbortError') return;
    if (e.status === 401 || e.status === 403) {
      // this token may not read events: the views still work, refreshed slowly instead of live
      setState('unavailable', 'Live updates unavailable with this token; refreshing every ' + SLOW_POLL_MS / 1000 + ' s');
      startPolling();
      openedNow();
      return;
    }
    down();
  });
}

function deliver(e) {
  const kind = Object.keys(e.kind || {})[0] || '';
  watcher.onEvent(kind, e.kind[kind] || {}, e);
}

function up(resumed) {
  const wasDown = state === 'reconnecting' || state === 'unavailable';
  failures = 0;
  stopPolling();
  setState('live', '');
  openedNow();
  if (wasDown && resumed && watcher) watcher.refresh(); // catch up on what the replay cannot say (e.g. a view's list)
}

function down() {
  setState('reconnecting', 'Reconnecting… (refreshing every ' + SLOW_POLL_MS / 1000 + ' s meanwhile)');
  openedNow(); // a view waiting for the stream loads without it
  startPolling();
  const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
  failures++;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => connect(true), wait);
}

function openedNow() {
  const waiting = opened;
  opened = [];
  waiting.forEach(resolve => resolve());
}

function startPolling() {
  if (pollTimer) return;
  pollTimer = setInterval(() => { if (watcher) watcher.refresh(); }, SLOW_POLL_MS);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}

/**
 * Makes {filter: {namespace?, pipeline?, run?}} what the tab's stream carries; onEvent(kind, details, event)
 * per event; refresh() redraws the view from the REST API (while the stream is down, and after it is back).
 * Returns {ready, stop}: ready resolves once the stream is open (or has failed), so a view that loads after
 * it misses no change; stop() forgets the view (the connection stays for the next one).
 */
export function watch(filter, onEvent, refresh) {
  const me = { filter, onEvent, refresh };
  watcher = me;
  const ready = new Promise(resolve => {
    if (state === 'live' && connectedKey === keyOf(filter)) return resolve();
    opened.push(resolve);
    setTimeout(resolve, READY_TIMEOUT_MS);
  });
  if (connectedKey !== keyOf(filter) || state === 'unavailable') connect(false);
  else if (state !== 'live') startPolling();
  return {
    ready,
    stop() { if (watcher === me) watcher = null; },
  };
}

// Runs fn at most once at a time; calls that arrive meanwhile make one more run after it (no pile-up).
export function coalesce(fn) {
  let running = null;
  let again = false;
  const run = () => {
    if (running) { again = true; return running; }
    running = Promise.resolve().then(fn).catch(() => {}).finally(() => {
      running = null;
      if (again) { again = false; run(); }
    });
    return running;
  };
  return run;
}
