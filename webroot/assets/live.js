// Live run state, behind one function so the transport can change in one place: today it polls the
// REST API (at most once a second); once the server has an event stream, watchRun can listen to it
// instead and every caller stays the same.
(function () {
  'use strict';
  const api = window.Gofer.api;
  const INTERVAL_MS = 1000;

  // Calls onUpdate({run, tasks}) now and after every change until the run is complete (then once more
  // with the final state) or until the returned stop() is called. onError(err) on a failed fetch;
  // polling goes on (the server may come back).
  function watchRun(ns, pipeline, runId, onUpdate, onError) {
    let stopped = false;
    let timer = null;
    let last = '';
    async function tick() {
      const started = Date.now();
      try {
        const [r, t] = await Promise.all([
          api.get(api.paths.run(ns, pipeline, runId)),
          api.get(api.paths.run(ns, pipeline, runId) + '/tasks'),
        ]);
        if (stopped) return;
        const snapshot = JSON.stringify([r.run, t.task_executions]);
        if (snapshot !== last) {
          last = snapshot;
          onUpdate({ run: r.run, tasks: t.task_executions });
        }
        if (r.run.state === 'complete') return; // final state delivered: nothing more will change
      } catch (e) {
        if (stopped) return;
        if (onError) onError(e);
      }
      timer = setTimeout(tick, Math.max(0, INTERVAL_MS - (Date.now() - started)));
    }
    tick();
    return function stop() {
      stopped = true;
      clearTimeout(timer);
    };
  }

  window.Gofer.live = { watchRun, INTERVAL_MS };
})();
