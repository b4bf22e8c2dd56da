// Platform console: a little script over server-rendered HTML. Fragments (data-fragment) re-render from
// the server on each `run` server-sent event (data-events) or on a timer (data-every); buttons with
// data-post call the API (the HttpOnly cookie carries the token); a step's log shows below the run.
(() => {
  'use strict';
  const flash = (text, error) => {
    const el = document.getElementById('flash');
    if (!el) return;
    el.textContent = text;
    el.className = error ? 'error' : '';
  };

  // A failed refresh (the server busy, a network blip) leaves the fragment as it was: the next event tries again.
  const refresh = async (el) => {
    try {
      const response = await fetch(el.dataset.fragment, { credentials: 'same-origin' });
      if (response.ok) el.innerHTML = await response.text();
    } catch (e) {
      console.warn('refresh failed', e);
    }
  };

  // The run's log: the chosen step's output, fetched again when the stream says it has more.
  let logStep = null;
  const showLog = async (step) => {
    const pre = document.getElementById('log');
    if (!pre) return;
    logStep = step;
    document.getElementById('log-step').textContent = step;
    const response = await fetch(`/api/runs/${pre.dataset.run}/steps/${encodeURIComponent(step)}/logs`, { credentials: 'same-origin' });
    if (!response.ok) return;
    const logs = await response.json();
    const text = logs.chunks.map(c => c.text).join('') + logs.omitted.map(o => `… ${o}\n`).join('');
    if (logStep === step) pre.textContent = text || '(no output kept)';
  };

  for (const el of document.querySelectorAll('[data-fragment]')) {
    if (el.dataset.events) {
      const events = new EventSource(el.dataset.events);
      // At most one refresh at a time, and a pause after it as long as it took (at least 0.3 s): a run
      // of thousands of steps is re-rendered less often instead of keeping the server busy.
      let queued = false;
      events.addEventListener('run', () => {
        if (queued) return;
        queued = true;
        setTimeout(async () => {
          const started = performance.now();
          await refresh(el);
          setTimeout(() => { queued = false; }, Math.max(300, performance.now() - started));
        }, 150);
      });
      events.addEventListener('log', (e) => {
        if (logStep !== null && JSON.parse(e.data).step === logStep) showLog(logStep);
      });
      events.addEventListener('end', async () => {
        events.close();
        await refresh(el);
        if (logStep !== null) showLog(logStep);
      });
    } else if (el.dataset.every) {
      setInterval(() => refresh(el), Number(el.dataset.every));
    }
  }

  document.addEventListener('click', async (e) => {
    const button = e.target.closest('button');
    if (!button) return;
    if (button.dataset.log) {
      await showLog(button.dataset.log);
      return;
    }
    if (!button.dataset.post) return;
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    const body = JSON.parse(button.dataset.body || '{}');
    if (button.dataset.ask) {
      const comment = window.prompt(button.dataset.ask);
      if (comment === null) return;
      body.comment = comment;
    }
    button.disabled = true;
    const response = await fetch(button.dataset.post, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      button.disabled = false;
      flash(`${answer.title || response.status}: ${answer.detail || ''}`, true);
      return;
    }
    if (answer.runId) {
      window.location.href = `/runs/${answer.runId}`;
      return;
    }
    flash(`${button.textContent}: asked`);
  });

  // The editor: validate and simulate the text; a group's toggle simulates again with it sequential.
  const editor = document.getElementById('editor');
  if (editor) {
    const preview = document.getElementById('preview');
    const simulate = async () => {
      const groups = [...preview.querySelectorAll('input[name=group]:checked')].map(i => i.value);
      const response = await fetch(editor.dataset.preview, {
        method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ pipeline: new FormData(editor).get('pipeline'), sequentialGroups: groups }),
      });
      preview.innerHTML = await response.text();
    };
    editor.addEventListener('submit', (e) => { e.preventDefault(); simulate(); });
    // Run the text as it stands (inputs take their defaults); a refusal shows its errors like a validation.
    document.getElementById('run-pipeline').addEventListener('click', async () => {
      const response = await fetch('/api/runs', {
        method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ pipeline: new FormData(editor).get('pipeline') }),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) { window.location.href = `/runs/${answer.runId}`; return; }
      flash(`${answer.title || response.status}: ${(answer.errors || [answer.detail || '']).join(' · ')}`, true);
    });
    preview.addEventListener('change', (e) => { if (e.target.name === 'group') simulate(); });
    preview.addEventListener('click', (e) => {
      const at = e.target.closest('a.at');
      if (!at) return;
      e.preventDefault();
      const text = editor.querySelector('textarea');
      const lines = text.value.split('\n');
      const line = Math.min(Number(at.dataset.line), lines.length) - 1;
      const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + Number(at.dataset.col) - 1;
      text.focus();
      text.setSelectionRange(offset, offset + Math.max(1, lines[line].length - Number(at.dataset.col) + 1));
    });
  }
})();
