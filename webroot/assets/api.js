// The dashboard's only way to the server: the public REST API, with the user's token (if the server
// asks for one) kept in session storage and sent as a bearer token on every call.
const TOKEN_KEY = 'gofer.token';
const ARRIVED = 'token-arrived'; // the dialog's return value when a token came by another way
let pendingPrompt = null;
let refused = null; // the stored token (or null) whose 401 opened the dialog

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || ('HTTP ' + status));
    this.status = status;
    this.body = body;
  }
}

function headers(extra) {
  const h = Object.assign({ 'gofer-api-version': 'v0' }, extra || {});
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) h['Authorization'] = 'Bearer ' + token;
  return h;
}

// One dialog at a time, however many calls got 401 together; resolves false if the user gives up,
// true once there is a token to try (typed here, or accepted elsewhere: see tokenArrived).
function askToken(reason) {
  if (pendingPrompt) return pendingPrompt;
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-reason').textContent =
    (reason ? reason + ' ' : '') + 'The token is kept in this browser tab only (session storage).';
  input.value = '';
  dialog.returnValue = ''; // Escape keeps the previous value
  refused = sessionStorage.getItem(TOKEN_KEY);
  pendingPrompt = new Promise(resolve => {
    dialog.addEventListener('close', () => {
      pendingPrompt = null;
      if (dialog.returnValue === 'ok' && input.value.trim()) {
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        resolve(true);
      } else {
        resolve(dialog.returnValue === ARRIVED && !!sessionStorage.getItem(TOKEN_KEY));
      }
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
  return pendingPrompt;
}

// A token other than the refused one came by another way than this dialog: the server accepted it on a
// call made while the dialog was open (e.g. a view loaded with it), or another document of this tab's
// session stored it. The dialog closes and the calls waiting on it try the stored token (a bad one asks again).
function tokenArrived(token) {
  const dialog = document.getElementById('token-dialog');
  if (pendingPrompt && dialog.open && token && token !== refused) dialog.close(ARRIVED);
}
window.addEventListener('storage', e => {
  if (e.storageArea === sessionStorage && e.key === TOKEN_KEY) tokenArrived(e.newValue);
});

// fetch with the token; on 401 asks for a (new) token and tries again.
async function send(method, path, init) {
  for (;;) {
    const used = sessionStorage.getItem(TOKEN_KEY);
    const res = await fetch(path, Object.assign({}, init, { method, headers: headers(init && init.headers) }));
    if (res.status !== 401) {
      tokenArrived(used); // accepted: no dialog may stay open over the page
      return res;
    }
    // the user entered a new token (another call's dialog) while this call was under way: try that one
    if (sessionStorage.getItem(TOKEN_KEY) !== used) continue;
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    const again = await askToken(body && body.message ? body.message + '.' : 'This server needs an API token.');
    if (!again) throw new ApiError(401, body || { message: 'an API token is needed' });
  }
}

async function json(method, path, body) {
  const init = body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  const res = await send(method, path, init);
  const text = await res.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch (e) { parsed = { message: text }; }
  }
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed;
}

// Reads a text (possibly endless, chunked) response as it arrives: onText(string, response) per chunk.
async function stream(path, onText, signal, headers) {
  const res = await send('GET', path, { signal, headers });
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, body);
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    if (text) onText(text, res);
  }
  const rest = decoder.decode();
  if (rest) onText(rest, res);
}

// Saves one attempt's log (0 = the latest) as a file. The browser streams it to disk itself, so a log of any size
// never passes through the page: the server gives a one-use link for it (asked with the token, which a followed
// link could not carry), and the browser follows that link as a download.
async function download(logsPath, attempt) {
  const link = await json('POST', logsPath + '/download' + (attempt ? '?attempt=' + attempt : ''));
  const a = document.createElement('a');
  a.href = link.url;
  a.download = link.filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  return link;
}

const enc = encodeURIComponent;
const paths = {
  pipelines: ns => `/api/namespaces/${enc(ns)}/pipelines`,
  pipeline: (ns, p) => `/api/namespaces/${enc(ns)}/pipelines/${enc(p)}`,
  runs: (ns, p) => `/api/namespaces/${enc(ns)}/pipelines/${enc(p)}/runs`,
  run: (ns, p, r) => `/api/namespaces/${enc(ns)}/pipelines/${enc(p)}/runs/${enc(r)}`,
  logs: (ns, p, r, t) => `/api/namespaces/${enc(ns)}/pipelines/${enc(p)}/runs/${enc(r)}/tasks/${enc(t)}/logs`,
};

export const api = {
  ApiError, paths, stream, download,
  get: path => json('GET', path),
  post: (path, body) => json('POST', path, body),
  patch: (path, body) => json('PATCH', path, body),
  del: path => json('DELETE', path),
  forgetToken: () => sessionStorage.removeItem(TOKEN_KEY),
};
