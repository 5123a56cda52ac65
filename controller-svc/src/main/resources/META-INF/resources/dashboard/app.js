// Sluice dashboard: plain JavaScript, no build step, no third-party code. Served by controller-svc under /dashboard/.
// Reads /dashboard/api (JSON and server-sent events), acts through the REST API (POST /api/v1/rollouts/...).
'use strict';

const TOKEN_KEY = 'sluice.token';
const ACTIONS = {
  'promote': { label: 'Promote', verb: 'Promote', what: 'moves it to its next step (skips the current pause or analysis)' },
  'promote-full': { label: 'Promote full', verb: 'Fully promote', what: 'skips every remaining step and makes it stable' },
  'abort': { label: 'Abort', verb: 'Abort', what: 'sends all traffic back to the stable revision and scales the canary down', danger: true },
  'retry': { label: 'Retry', verb: 'Retry', what: 'starts the aborted update again from its first step' },
  'pause': { label: 'Pause', verb: 'Pause', what: 'holds it at its current step until resumed' },
  'resume': { label: 'Resume', verb: 'Resume', what: 'lets it continue from its current step' },
};
const PHASE_ICON = { Healthy: '✔', Successful: '✔', done: '✔', Progressing: '▶', Running: '▶', current: '▶', Paused: '‖',
  Pending: '…', pending: '○', Inconclusive: '?', InconclusiveAnalysis: '?', Degraded: '✖', Failed: '✖', Error: '!', aborted: '✖' };

let token = sessionStorage.getItem(TOKEN_KEY);
let page = null; // AbortController of the page on screen: leaving a page closes its streams

// ---------- small helpers

function h(tag, attrs, ...children) {
  const el = tag === 'svg' || attrs && attrs.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false || k === 'svg') continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const s = (tag, attrs, ...children) => h(tag, Object.assign({ svg: true }, attrs), ...children);

/** Replaces a container's content, keeping keyboard focus on the element with the same data-key. */
function fill(container, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.getAttribute('data-key') : null;
  container.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  if (key) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

function say(text) {
  document.getElementById('live').textContent = text;
}

/** A rollout's phase; a pause on an Inconclusive analysis is its own badge, `Paused (InconclusiveAnalysis)`. */
function rolloutBadge(r) {
  return r.pauseReason ? badge(r.pauseReason, `${r.phase} (${r.pauseReason})`) : badge(r.phase);
}

function badge(phase, label) {
  const p = phase || 'Unknown';
  return h('span', { class: `badge b-${p}` }, h('span', { 'aria-hidden': 'true' }, PHASE_ICON[p] || '•'), label || p);
}

function age(iso) {
  if (!iso) return '';
  let sec = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
  if (sec < 60) return `${sec}s`;
  const d = Math.floor(sec / 86400), hr = Math.floor(sec % 86400 / 3600), m = Math.floor(sec % 3600 / 60);
  sec %= 60;
  return d ? `${d}d${hr}h` : hr ? `${hr}h${m}m` : `${m}m${sec}s`;
}

function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : '';
}

function short(type) {
  return (type || '').replace(/^dev\.sluice\./, '').replace(/\.v\d+$/, '');
}

function num(value) {
  const m = /-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(value == null ? '' : String(value));
  return m ? Number(m[0]) : NaN;
}

async function problemOf(r) {
  try {
    const p = await r.json();
    return { status: r.status, title: p.title || r.statusText, detail: p.detail || '', errors: p.errors || [] };
  } catch (e) {
    return { status: r.status, title: r.statusText, detail: '' };
  }
}

// ---------- authentication: a bearer token in this tab's session storage, or none behind an OIDC proxy

function authHeaders(extra) {
  const out = Object.assign({}, extra);
  if (token) out.Authorization = `Bearer ${token}`;
  return out;
}

class SignInNeeded extends Error {}

async function api(path, options) {
  const o = options || {};
  const r = await fetch(path, Object.assign({}, o, { headers: authHeaders(o.headers), signal: o.signal || (page && page.signal) }));
  if (r.status === 401) {
    showLogin((await problemOf(r)).detail);
    throw new SignInNeeded();
  }
  return r;
}

async function getJson(path) {
  const r = await api(path);
  if (!r.ok) {
    const p = await problemOf(r);
    throw new Error(`${p.status} ${p.title}: ${p.detail}`);
  }
  return r.json();
}

function showLogin(reason) {
  if (page) page.abort();
  page = new AbortController();
  const main = document.getElementById('main');
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'current-password', required: true });
  fill(main, h('section', { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Sign in'),
    reason ? h('p', { class: 'notice bad', role: 'alert' }, reason) : null,
    h('p', null, 'Paste a bearer token: a Kubernetes service-account or user token (reading needs ',
      h('code', null, 'get'), ' on rollouts.sluice.dev, acting needs ', h('code', null, 'patch'),
      '), or the static token of a local run. It stays in this browser tab only.'),
    h('form', { onsubmit: e => { e.preventDefault(); signIn(input.value.trim()); } },
      h('label', { for: 'token' }, 'Bearer token'), input,
      h('p', null, h('button', { type: 'submit', class: 'primary' }, 'Sign in')))));
  input.focus();
  document.getElementById('logout').hidden = !token;
}

function signIn(value) {
  token = value || null;
  if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
  document.getElementById('logout').hidden = !token;
  route();
}

// ---------- server-sent events over fetch (EventSource cannot send an Authorization header)

function stream(path, on, signal) {
  let delay = 1000;
  const sleep = ms => new Promise(res => setTimeout(res, ms));
  (async () => {
    while (!signal.aborted) {
      try {
        const r = await fetch(path, { headers: authHeaders({ Accept: 'text/event-stream' }), signal, cache: 'no-store' });
        if (r.status === 401) {
          showLogin((await problemOf(r)).detail);
          return;
        }
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        delay = 1000;
        if (on.open) on.open();
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r/g, '');
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            let name = 'message';
            const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) name = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            }
            if (data.length && on[name]) on[name](JSON.parse(data.join('\n')));
          }
        }
      } catch (e) {
        if (signal.aborted) return;
      }
      if (on.lost) on.lost();
      await sleep(delay);
      delay = Math.min(delay * 2, 30000);
    }
  })();
}

function liveStatus(el) {
  return {
    open: () => { el.textContent = 'live'; el.dataset.state = 'live'; },
    lost: () => { el.textContent = 'reconnecting…'; el.dataset.state = 'lost'; },
  };
}

// ---------- overview

const filters = { namespace: '', phase: '', text: '' };

function overview() {
  document.title = 'Rollouts · Sluice';
  const rows = new Map();
  const signal = page.signal;
  const main = document.getElementById('main');
  const status = h('span', { class: 'muted', id: 'stream-state' }, 'connecting…');
  const nsSelect = h('select', { id: 'f-ns', onchange: e => { filters.namespace = e.target.value; draw(); } });
  const phaseSelect = h('select', { id: 'f-phase', onchange: e => { filters.phase = e.target.value; draw(); } },
    h('option', { value: '' }, 'any phase'),
    ['Progressing', 'Paused', 'Healthy', 'Degraded'].map(p => h('option', { value: p, selected: filters.phase === p }, p)));
  const text = h('input', { id: 'f-text', type: 'search', value: filters.text, placeholder: 'name or image',
    oninput: e => { filters.text = e.target.value; draw(); } });
  const tbody = h('tbody');
  const count = h('p', { class: 'muted', id: 'count', 'aria-live': 'polite' });
  fill(main,
    h('div', { class: 'row' }, h('h1', null, 'Rollouts'), h('p', null, status)),
    h('form', { class: 'row', role: 'search', 'aria-label': 'Filter rollouts', onsubmit: e => e.preventDefault() },
      h('div', null, h('label', { for: 'f-ns' }, 'Namespace'), nsSelect),
      h('div', null, h('label', { for: 'f-phase' }, 'Phase'), phaseSelect),
      h('div', null, h('label', { for: 'f-text' }, 'Search'), text)),
    count,
    h('table', { id: 'rollouts' },
      h('caption', { class: 'sr-only' }, 'Rollouts you may read, live'),
      h('thead', null, h('tr', null, ['Rollout', 'Namespace', 'Phase', 'Strategy', 'Step', 'Canary weight', 'Stable image',
        'Canary image', 'Age'].map((c, i) => h('th', { scope: 'col', class: i === 4 || i === 5 || i === 8 ? 'num' : null }, c)))),
      tbody));

  let pending = false;
  function draw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const namespaces = [...new Set([...rows.values()].map(r => r.namespace))].sort();
      fill(nsSelect, h('option', { value: '' }, 'all namespaces'),
        namespaces.map(n => h('option', { value: n, selected: filters.namespace === n }, n)));
      const q = filters.text.toLowerCase();
      const shown = [...rows.values()]
        .filter(r => !filters.namespace || r.namespace === filters.namespace)
        .filter(r => !filters.phase || r.phase === filters.phase)
        .filter(r => !q || [r.name, r.namespace, r.stableImage, r.canaryImage].some(v => v && v.toLowerCase().includes(q)))
        .sort((a, b) => (a.namespace + '/' + a.name).localeCompare(b.namespace + '/' + b.name));
      fill(tbody, shown.map(r => {
        const id = `${r.namespace}/${r.name}`;
        return h('tr', { 'data-id': id },
          h('th', { scope: 'row' }, h('a', { href: `#/rollouts/${id}`, 'data-key': id }, r.name)),
          h('td', null, r.namespace),
          h('td', null, rolloutBadge(r), r.aborted ? h('span', null, ' ', badge('aborted', 'aborted')) : null),
          h('td', null, r.strategy || ''),
          h('td', { class: 'num' }, r.steps ? `${Math.min((r.step ?? 0) + 1, r.steps)}/${r.steps}` : r.strategy === 'blueGreen' ? '—' : ''),
          h('td', { class: 'num' }, weightCell(r)),
          h('td', { class: 'mono' }, r.stableImage || ''),
          h('td', { class: 'mono' }, r.canaryImage && r.canaryImage !== r.stableImage ? r.canaryImage : '—'),
          h('td', { class: 'num', 'data-created': r.created || '' }, age(r.created)));
      }));
      count.textContent = `${shown.length} of ${rows.size} rollouts`;
    });
  }
  const tick = setInterval(() => tbody.querySelectorAll('[data-created]').forEach(td => { td.textContent = age(td.dataset.created); }), 5000);
  signal.addEventListener('abort', () => clearInterval(tick));

  stream('/dashboard/api/rollouts/stream', Object.assign(liveStatus(status), {
    rollout: r => {
      const id = `${r.namespace}/${r.name}`;
      const known = rows.get(id);
      if (!known || Number(r.resourceVersion) >= Number(known.resourceVersion) || isNaN(Number(r.resourceVersion))) rows.set(id, r);
      draw();
    },
    deleted: r => { rows.delete(`${r.namespace}/${r.name}`); draw(); },
  }), signal);
  document.getElementById('logout').hidden = !token;
}

function weightCell(r) {
  if (r.weight == null) return '';
  const w = Math.max(0, Math.min(100, r.weight));
  return [h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: `width:${w}%` })), `${r.weight}%`,
    r.requestedWeight != null && r.requestedWeight !== r.weight ? h('span', { class: 'muted' }, ` → ${r.requestedWeight}%`) : null];
}

// ---------- one rollout

function rolloutPage(namespace, name) {
  const id = `${namespace}/${name}`;
  document.title = `${id} · Sluice`;
  const signal = page.signal;
  const main = document.getElementById('main');
  const status = h('span', { class: 'muted' }, 'connecting…');
  const head = h('div');
  const actions = h('section', { 'aria-labelledby': 'h-actions' });
  const outcome = h('div', { id: 'outcome', 'aria-live': 'polite' });
  const steps = h('section', { 'aria-labelledby': 'h-steps' });
  const weights = h('section', { 'aria-labelledby': 'h-weights' });
  const routes = h('section', { 'aria-labelledby': 'h-routes' });
  const revisions = h('section', { 'aria-labelledby': 'h-revisions' });
  const runs = h('section', { 'aria-labelledby': 'h-runs' });
  const feed = h('ul', { class: 'feed', id: 'feed', tabindex: '0', 'aria-label': 'Events, newest first' });
  fill(main, h('p', null, h('a', { href: '#/' }, '← All rollouts'), ' ', status), head, actions, outcome, steps,
    h('div', { class: 'grid' }, weights, routes), revisions, runs,
    h('section', { 'aria-labelledby': 'h-feed' }, h('h2', { id: 'h-feed' }, 'Events (newest first)'), feed));

  const events = [];
  let detail = null;
  let ready = false;

  async function load() {
    try {
      detail = await getJson(`/dashboard/api/rollouts/${namespace}/${name}`);
    } catch (e) {
      if (e instanceof SignInNeeded || signal.aborted) return;
      fill(head, h('h1', null, id), h('p', { class: 'notice bad', role: 'alert' }, String(e.message)));
      return;
    }
    drawDetail();
  }
  let loading = null;
  let again = false;
  function reload() { // at most one read in flight and one queued: a burst of changes costs two reads, not one per change
    if (loading) { again = true; return; }
    loading = load().finally(() => {
      loading = null;
      if (again) { again = false; setTimeout(reload, 300); }
    });
  }

  function drawDetail() {
    const r = detail.rollout;
    document.title = `${id} (${r.phase || 'new'}) · Sluice`;
    fill(head, h('h1', null, `${r.name} `, h('span', { class: 'muted' }, `in ${r.namespace}`)),
      h('p', null, rolloutBadge(r), r.aborted ? [' ', badge('aborted', 'aborted')] : null, ' ',
        h('span', null, r.strategy || ''), r.steps ? ` · step ${Math.min((r.step ?? 0) + 1, r.steps)} of ${r.steps}` : '',
        r.weight != null ? ` · canary weight ${r.weight}%` : '',
        ` · stable ${r.stableRevision || '—'}`, r.currentRevision && r.currentRevision !== r.stableRevision ? ` · canary ${r.currentRevision}` : ''),
      r.message ? h('p', { class: 'muted', id: 'message' }, r.message) : null,
      r.hint ? h('p', { class: 'notice inconclusive', id: 'hint', role: 'note' }, r.hint) : null,
      (detail.problems || []).map(c => h('p', { class: 'notice bad' }, `${c.type}: ${c.message || c.reason || ''}`)));
    drawActions();
    drawSteps();
    drawRevisions();
    drawRuns();
  }

  function drawActions() {
    const a = detail.access;
    const revision = detail.rollout.currentRevision || '(none)';
    const explain = a.canPatch ? null : h('p', { class: 'notice bad', id: 'why-disabled', role: 'note' },
      h('strong', null, `Actions are disabled (${a.status} ${a.status === 403 ? 'Forbidden' : 'Unauthorized'}). `),
      a.refusal || 'This token may read rollouts but not patch them.',
      ' Acting needs the verb patch on rollouts.sluice.dev in this namespace (a Role or ClusterRole bound to you).');
    fill(actions, h('h2', { id: 'h-actions' }, 'Actions'),
      h('div', { class: 'actions', role: 'toolbar', 'aria-label': `Actions for revision ${revision}` },
        Object.entries(ACTIONS).map(([key, def]) => {
          const possible = detail.actions[key] || { enabled: false };
          const enabled = possible.enabled && a.canPatch;
          const why = !a.canPatch ? 'you may not patch this rollout' : possible.why;
          return h('button', { type: 'button', class: def.danger ? 'danger' : null, 'data-action': key, 'data-key': `action-${key}`,
            disabled: !enabled, title: enabled ? `${def.verb} revision ${revision}` : `Not possible: ${why}`,
            'aria-describedby': a.canPatch ? null : 'why-disabled', onclick: () => confirmAction(key) }, def.label);
        }),
        h('span', { class: 'muted' }, a.caller ? `signed in as ${a.caller}` : '')),
      explain);
  }

  function confirmAction(key) {
    const def = ACTIONS[key];
    const r = detail.rollout;
    const revision = r.currentRevision;
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-title').textContent = `${def.verb} ${r.namespace}/${r.name}?`;
    document.getElementById('confirm-text').textContent =
      `${def.verb} revision ${revision || '(unknown)'} of ${r.namespace}/${r.name}: this ${def.what}. Stable revision: ${r.stableRevision || '—'}.`;
    const ok = document.getElementById('confirm-ok');
    ok.textContent = `${def.verb} revision ${revision || ''}`.trim();
    ok.className = def.danger ? 'danger' : 'primary';
    document.getElementById('confirm-reason').value = '';
    dialog.onclose = () => {
      if (dialog.returnValue === 'ok') send(key, revision, document.getElementById('confirm-reason').value);
      const back = actions.querySelector(`[data-action="${key}"]`);
      if (back) back.focus();
    };
    dialog.returnValue = '';
    dialog.showModal();
  }

  async function send(key, revision, reason) {
    const path = `/api/v1/rollouts/${namespace}/${name}/${key === 'promote-full' ? 'promote?full=true' : key}`;
    const url = reason ? `${path}${path.includes('?') ? '&' : '?'}reason=${encodeURIComponent(reason)}` : path;
    fill(outcome, h('p', { class: 'notice' }, `Sending ${key} for revision ${revision}…`));
    try {
      const r = await api(url, { method: 'POST' });
      if (r.status === 202) {
        const body = await r.json();
        fill(outcome, h('p', { class: 'notice ok', role: 'status', id: 'outcome-text' },
          `${ACTIONS[key].verb} accepted for revision ${revision}: the command ${body.type || key} was published by ${body.requestedBy || 'you'}; `
          + 'the controller owning this rollout acts on it and this page shows the result.'));
      } else {
        const p = await problemOf(r);
        const hint = p.status === 403 ? ' Your token may read this rollout but not patch it.' : '';
        fill(outcome, h('p', { class: 'notice bad', role: 'alert', id: 'outcome-text' },
          `${ACTIONS[key].verb} refused: ${p.status} ${p.title}. ${p.detail}${hint}`));
      }
    } catch (e) {
      if (!(e instanceof SignInNeeded)) fill(outcome, h('p', { class: 'notice bad', role: 'alert', id: 'outcome-text' }, `${key} failed: ${e.message}`));
    }
  }

  function drawSteps() {
    const list = detail.steps || [];
    fill(steps, h('h2', { id: 'h-steps' }, 'Steps'),
      list.length ? h('ol', { class: 'steps', id: 'steps' }, list.map(st => {
        const verdict = st.analysisPhase ? [' ', badge(st.analysisPhase, `analysis ${st.analysisPhase}`)] : null;
        return h('li', { class: st.state, 'aria-current': st.state === 'current' ? 'step' : null },
          badge(st.state, `${st.index + 1}. ${st.state}`),
          h('span', { class: 'what' }, st.step),
          st.outcome && st.outcome !== 'completed' ? h('span', { class: 'when' }, st.outcome) : null,
          st.startedAt ? h('span', { class: 'when' }, `started ${clock(st.startedAt)}`) : null,
          st.finishedAt ? h('span', { class: 'when' }, `finished ${clock(st.finishedAt)}`) : null,
          st.pauseUntil ? h('span', { class: 'when' }, `paused until ${clock(st.pauseUntil)}`) : null,
          st.state === 'current' && !st.pauseUntil && (detail.pauses || []).length
            ? h('span', { class: 'when' }, `paused (${detail.pauses.map(p => p.reason).join(', ')}) until promoted`) : null,
          verdict);
      })) : h('p', { class: 'muted' }, detail.rollout.strategy === 'blueGreen' ? 'Blue-green: no steps.' : 'No steps yet.'));
  }

  function drawRevisions() {
    const list = detail.revisions || [];
    fill(revisions, h('h2', { id: 'h-revisions' }, 'Revisions'),
      list.length ? h('table', null, h('thead', null, h('tr', null, ['Revision', 'Role', 'ReplicaSet', 'Image', 'Pods ready', 'Pods']
        .map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', null, list.map(v => h('tr', null, h('td', { class: 'mono' }, v.revision), h('td', null, v.role),
        h('td', { class: 'mono' }, v.replicaSet), h('td', { class: 'mono' }, v.image || ''),
        h('td', null, `${v.ready}/${v.desired} ready, ${v.available} available`),
        h('td', null, v.pods.length ? v.pods.map(p => h('div', null, p.ready ? '✔ ' : '✖ ', p.name, ` (${p.phase || '?'}, ${p.ready ? 'ready' : 'not ready'})`))
          : h('span', { class: 'muted' }, 'none listed')))))) : h('p', { class: 'muted' }, 'No ReplicaSets yet.'));
  }

  function drawRuns() {
    const list = detail.analysisRuns || [];
    fill(runs, h('h2', { id: 'h-runs' }, `Analysis runs (${list.length})`),
      list.length ? list.map(run => h('div', { class: 'panel run', 'data-run': run.name },
        h('h3', null, badge(run.phase || 'Pending'), ' ', h('span', { class: 'mono' }, run.name)),
        h('p', { class: 'muted' }, `revision ${run.revision || '?'}`, run.stepIndex != null ? ` · step ${run.stepIndex + 1}` : '',
          run.kind ? ` · ${run.kind}` : '', run.startedAt ? ` · started ${clock(run.startedAt)}` : '',
          run.completedAt ? ` · completed ${clock(run.completedAt)}` : ''),
        run.message ? h('p', null, run.message) : null,
        h('div', { class: 'grid' }, run.metrics.map(m => metricChart(run, m)))))
        : h('p', { class: 'muted' }, 'No analysis has run for this rollout.'));
  }

  function drawEvents() {
    // the topics are read side by side, so arrival order is not time order
    const shown = events.slice(-300).sort((a, b) => (Date.parse(b.time) || 0) - (Date.parse(a.time) || 0));
    fill(feed, shown.map(e => h('li', null, h('span', { class: 't' }, clock(e.time)), h('strong', null, short(e.type)), ' ',
      describe(e))));
    drawWeights();
    drawRoutes();
  }

  function drawWeights() {
    const req = events.filter(e => e.type === 'dev.sluice.traffic.shift.requested.v1')
      .map(e => ({ t: Date.parse(e.time || e.data.time), v: e.data.canaryWeight }));
    const ack = events.filter(e => e.type === 'dev.sluice.traffic.shifted.v1')
      .map(e => ({ t: Date.parse(e.time || e.data.time), v: e.data.canaryWeight }));
    fill(weights, h('h2', { id: 'h-weights' }, 'Canary weight: requested and acknowledged'),
      req.length || ack.length ? weightChart(req, ack) : h('p', { class: 'muted' }, ready ? 'No weight changes in the recent events.' : 'Reading events…'));
  }

  function drawRoutes() {
    const last = [...events].reverse().find(e => e.type === 'dev.sluice.traffic.shifted.v1');
    const failed = [...events].reverse().find(e => e.type === 'dev.sluice.traffic.shift.failed.v1');
    const failedLater = failed && (!last || failed.offset > last.offset || Date.parse(failed.time) > Date.parse(last.time));
    fill(routes, h('h2', { id: 'h-routes' }, 'Route objects (read back by traffic-svc)'),
      last ? h('table', { id: 'routes' }, h('thead', null, h('tr', null, ['Router', 'Object', 'Route', 'Canary weight', 'resourceVersion']
        .map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', null, last.data.applied.map(a => h('tr', null, h('td', null, a.router), h('td', { class: 'mono' }, `${a.kind} ${a.namespace}/${a.name}`),
        h('td', null, a.route || ''), h('td', { class: 'num' }, `${a.canaryWeight}%`), h('td', { class: 'mono' }, a.resourceVersion || '')))))
        : h('p', { class: 'muted' }, ready ? 'traffic-svc has not reported a route for this rollout in the recent events.' : 'Reading events…'),
      last ? h('p', { class: 'muted' }, `as of ${clock(last.time)} (request ${last.data.sequence})`) : null,
      failedLater ? h('p', { class: 'notice bad' }, `Last shift failed: ${failed.data.reason || failed.data.message || JSON.stringify(failed.data)}`) : null);
  }

  stream(`/dashboard/api/rollouts/${namespace}/${name}/stream`, Object.assign(liveStatus(status), {
    open: () => { status.textContent = 'live'; events.length = 0; ready = false; },
    event: e => {
      events.push(e);
      if (events.length > 2000) events.splice(0, events.length - 2000);
      if (ready) {
        drawEvents();
        if (/measurement|analysis\.completed/.test(e.type)) reload();
        say(`${short(e.type)}: ${describe(e)}`);
      }
    },
    ready: () => { ready = true; drawEvents(); },
    changed: c => { if (c.deleted) fill(head, h('p', { class: 'notice bad' }, `${id} was deleted.`)); else reload(); },
  }), signal);
  reload();
}

function describe(e) {
  const d = e.data || {};
  switch (short(e.type)) {
    case 'rollout.step.started': return `step ${d.stepIndex + 1}: ${d.step}`;
    case 'traffic.shift.requested': return `canary weight ${d.canaryWeight}% requested (request ${d.sequence})`;
    case 'traffic.shifted': return `canary weight ${d.canaryWeight}% applied on ${(d.applied || []).map(a => `${a.kind} ${a.name}`).join(', ')}`;
    case 'traffic.shift.failed': return d.reason || d.message || '';
    case 'analysis.measurement.taken': return `${d.metricName} #${d.measurementIndex} = ${d.value} → ${d.phase}`;
    case 'analysis.completed': return `${d.runName}: ${d.phase}${d.message ? ' — ' + d.message : ''}`;
    case 'analysis.requested': return `${d.runName || ''} requested`;
    default: return [d.revision ? `revision ${d.revision}` : '', d.requestedBy ? `by ${d.requestedBy}` : '', d.reason || d.message || '']
      .filter(Boolean).join(' · ');
  }
}

// ---------- charts (inline SVG)

const W = 560, H = 200, PAD = { l: 44, r: 12, t: 12, b: 28 };

function tooltip() {
  let tip = document.getElementById('tip');
  if (!tip) {
    tip = h('div', { id: 'tip', class: 'tip', role: 'tooltip', hidden: true });
    document.body.append(tip);
  }
  return tip;
}

function withTip(el, text) {
  const show = ev => {
    const tip = tooltip();
    tip.textContent = text;
    tip.hidden = false;
    const box = ev && ev.clientX != null ? { x: ev.clientX, y: ev.clientY } : (() => { const b = el.getBoundingClientRect(); return { x: b.right, y: b.top }; })();
    tip.style.left = `${Math.min(box.x + 12, window.innerWidth - 320)}px`;
    tip.style.top = `${box.y + 12}px`;
  };
  const hide = () => { tooltip().hidden = true; };
  el.addEventListener('mousemove', show);
  el.addEventListener('focus', () => show());
  el.addEventListener('mouseleave', hide);
  el.addEventListener('blur', hide);
  return el;
}

function axes(yMin, yMax, yFmt, xLabels) {
  const out = [];
  for (let i = 0; i <= 4; i++) {
    const v = yMin + (yMax - yMin) * i / 4;
    const y = PAD.t + (H - PAD.t - PAD.b) * (1 - i / 4);
    out.push(s('line', { class: 'axis', x1: PAD.l, x2: W - PAD.r, y1: y, y2: y }), s('text', { x: PAD.l - 6, y: y + 4, 'text-anchor': 'end' }, yFmt(v)));
  }
  xLabels.forEach(([x, label], i) => out.push(s('text', { x, y: H - 8,
    'text-anchor': i === 0 ? 'start' : i === xLabels.length - 1 ? 'end' : 'middle' }, label)));
  return out;
}

function weightChart(req, ack) {
  const all = [...req, ...ack];
  const t0 = Math.min(...all.map(p => p.t));
  const t1 = Math.max(Date.now(), ...all.map(p => p.t));
  const span = Math.max(1, t1 - t0);
  const x = t => PAD.l + (W - PAD.l - PAD.r) * (t - t0) / span;
  const y = v => PAD.t + (H - PAD.t - PAD.b) * (1 - v / 100);
  const path = pts => {
    if (!pts.length) return '';
    let d = `M${x(pts[0].t)},${y(pts[0].v)}`;
    for (let i = 1; i < pts.length; i++) d += `H${x(pts[i].t)}V${y(pts[i].v)}`;
    return d + `H${x(t1)}`;
  };
  const labels = [0, 0.5, 1].map(f => [PAD.l + (W - PAD.l - PAD.r) * f, clock(new Date(t0 + span * f).toISOString())]);
  const lastReq = req.length ? req[req.length - 1].v : null;
  const lastAck = ack.length ? ack[ack.length - 1].v : null;
  return [h('div', { class: 'legend' },
    h('span', null, h('span', { class: 'sw', style: 'border-color:var(--req);border-top-style:dashed' }), 'requested (dashed)'),
    h('span', null, h('span', { class: 'sw', style: 'border-color:var(--ack)' }), 'acknowledged by traffic-svc (solid)')),
  s('svg', { class: 'chart', id: 'weight-chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `Canary weight over time: ${req.length} requests, last requested ${lastReq ?? '—'}%, last acknowledged ${lastAck ?? '—'}%` },
  axes(0, 100, v => `${Math.round(v)}%`, labels),
  s('path', { class: 'req', d: path(req) }), s('path', { class: 'ack', d: path(ack) }))];
}

/** A threshold from a simple CEL condition such as "result[0] >= 0.95" (null when there is none to draw). */
function threshold(condition) {
  const m = condition && /(>=|<=|>|<|==)\s*(-?\d+(?:\.\d+)?)/.exec(condition);
  return m ? { op: m[1], value: Number(m[2]) } : null;
}

function metricChart(run, m) {
  const pts = (m.measurements || []).map(x => ({ i: x.index, v: num(x.value), x }));
  const ok = threshold(m.successCondition);
  const bad = threshold(m.failureCondition);
  const values = pts.map(p => p.v).filter(v => !isNaN(v)).concat([ok, bad].filter(Boolean).map(t => t.value));
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi === lo) { hi += Math.abs(hi) * 0.1 || 1; lo -= Math.abs(lo) * 0.1 || 0; }
  const margin = (hi - lo) * 0.1;
  lo -= margin; hi += margin;
  const n = Math.max(2, pts.length ? Math.max(...pts.map(p => p.i)) : 2);
  const first = pts.length ? Math.min(...pts.map(p => p.i)) : 1;
  const x = i => PAD.l + (W - PAD.l - PAD.r) * (n === first ? 0.5 : (i - first) / (n - first));
  const y = v => PAD.t + (H - PAD.t - PAD.b) * (1 - (v - lo) / (hi - lo));
  const fmt = v => Math.abs(hi - lo) < 10 ? v.toFixed(Math.abs(hi - lo) < 0.1 ? 3 : 2) : String(Math.round(v));
  const numeric = pts.filter(p => !isNaN(p.v));
  const failed = pts.filter(p => p.x.phase === 'Failed').length;
  const line = numeric.map((p, k) => `${k ? 'L' : 'M'}${x(p.i)},${y(p.v)}`).join('');
  const thr = (t, cls, label) => t ? [s('line', { class: cls, x1: PAD.l, x2: W - PAD.r, y1: y(t.value), y2: y(t.value) }),
    s('text', { x: W - PAD.r - 2, y: y(t.value) - 4, 'text-anchor': 'end' }, `${label} ${t.op} ${t.value}`)] : null;
  return h('figure', { class: 'metric', 'data-metric': m.name, style: 'margin:0' },
    h('figcaption', null, h('strong', null, m.name), ' ', badge(m.phase || 'Pending'),
      h('span', { class: 'muted' }, ` ${pts.length} measurements, ${failed} failed`)),
    h('div', { class: 'legend' },
      m.successCondition ? h('span', null, h('span', { class: 'sw', style: 'border-color:var(--ok);border-top-style:dashed' }), `success: ${m.successCondition}`) : null,
      m.failureCondition ? h('span', null, h('span', { class: 'sw', style: 'border-color:var(--bad);border-top-style:dotted' }), `failure: ${m.failureCondition}`) : null,
      h('span', null, '● passed  ✖ failed  ◆ other')),
    s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'group',
      'aria-label': `${m.name}: ${pts.length} measurements, ${failed} failed${m.successCondition ? ', success when ' + m.successCondition : ''}` },
    axes(lo, hi, fmt, pts.length ? [[x(first), `#${first}`], [x(n), `#${n}`]] : []),
    thr(ok, 'thr-ok', 'success'), thr(bad, 'thr-bad', 'failure'),
    s('path', { class: 'val', d: line }),
    numeric.map(p => {
      const text = `#${p.i} ${p.x.value} — ${p.x.phase}${p.x.message ? ': ' + p.x.message : ''}${p.x.finishedAt ? ' (' + clock(p.x.finishedAt) + ')' : ''}`;
      const cx = x(p.i), cy = y(p.v);
      const shape = p.x.phase === 'Failed'
        ? s('path', { class: 'pt fail', d: `M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx + 5},${cy - 5}L${cx - 5},${cy + 5}`, stroke: 'var(--bad)', 'stroke-width': 3 })
        : p.x.phase === 'Successful' ? s('circle', { class: 'pt', cx, cy, r: 4.5 })
          : s('path', { class: 'pt other', d: `M${cx},${cy - 6}L${cx + 6},${cy}L${cx},${cy + 6}L${cx - 6},${cy}Z` });
      return withTip(s('g', { tabindex: '0', role: 'img', 'aria-label': text, 'data-phase': p.x.phase }, s('title', null, text),
        s('circle', { cx, cy, r: 9, fill: 'transparent' }), shape), text);
    })),
    pts.length && !numeric.length ? h('p', { class: 'muted' }, `values are not numbers: ${pts.map(p => p.x.value).join(', ')}`) : null);
}

// ---------- dry run

function dryRunPage() {
  document.title = 'Analysis dry run · Sluice';
  const main = document.getElementById('main');
  const ns = h('input', { id: 'dr-ns', value: 'default', required: true, autocomplete: 'off' });
  const template = h('textarea', { id: 'dr-template', rows: 16, required: true, spellcheck: 'false' },
    `apiVersion: sluice.dev/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
spec:
  args:
    - name: service
  metrics:
    - name: success-rate
      successCondition: result[0] >= 0.95
      provider:
        prometheus:
          address: http://prometheus:9090
          query: sum(rate(http_requests_total{service="{{args.service}}",code!~"5.."}[1m])) / sum(rate(http_requests_total{service="{{args.service}}"}[1m]))
`);
  const args = h('textarea', { id: 'dr-args', rows: 3, spellcheck: 'false' }, 'service=web-canary');
  const out = h('div', { id: 'dr-out', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Evaluate now');
  fill(main, h('h1', null, 'Analysis dry run'),
    h('p', { class: 'muted' }, 'Evaluates an AnalysisTemplate once, now, through analysis-svc: every provider value and every condition result. Nothing is stored and no rollout is touched.'),
    h('form', { onsubmit: async e => {
      e.preventDefault();
      button.disabled = true;
      fill(out, h('p', { class: 'muted' }, 'Evaluating…'));
      const pairs = args.value.split('\n').map(l => l.trim()).filter(Boolean).map(l => {
        const eq = l.indexOf('=');
        return eq < 0 ? { name: l, value: '' } : { name: l.slice(0, eq).trim(), value: l.slice(eq + 1).trim() };
      });
      try {
        const r = await api(`/dashboard/api/dry-run/${encodeURIComponent(ns.value.trim())}`, { method: 'POST',
          headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ template: template.value, args: pairs }) });
        if (!r.ok) {
          const p = await problemOf(r);
          fill(out, h('div', { class: 'notice bad', role: 'alert' }, h('p', null, `${p.status} ${p.title}: ${p.detail}`),
            (p.errors || []).length ? h('ul', null, p.errors.map(x => h('li', null, x))) : null));
        } else {
          drawDryRun(out, await r.json());
        }
      } catch (err) {
        if (!(err instanceof SignInNeeded)) fill(out, h('p', { class: 'notice bad', role: 'alert' }, String(err.message)));
      } finally {
        button.disabled = false;
      }
    } },
    h('div', null, h('label', { for: 'dr-ns' }, 'Namespace (where the template\'s Secrets and references would be read)'), ns),
    h('div', null, h('label', { for: 'dr-template' }, 'AnalysisTemplate (YAML or JSON, the whole object or its spec)'), template),
    h('div', null, h('label', { for: 'dr-args' }, 'Args, one name=value per line'), args),
    h('p', null, button)), out);
}

function drawDryRun(out, r) {
  fill(out, h('h2', null, 'Result: ', badge(r.phase)), r.message ? h('p', null, r.message) : null,
    h('table', { id: 'dr-table' }, h('thead', null, h('tr', null, ['Metric', 'Provider', 'Value', 'Success condition', 'Failure condition', 'Phase', 'Message']
      .map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', null, (r.metrics || []).map(m => h('tr', null, h('td', null, m.name), h('td', null, m.provider || ''),
      h('td', { class: 'mono' }, m.value ?? ''),
      h('td', null, m.successCondition ? [h('code', null, m.successCondition), ' → ', holds(m.successHolds)] : '—'),
      h('td', null, m.failureCondition ? [h('code', null, m.failureCondition), ' → ', holds(m.failureHolds)] : '—'),
      h('td', null, badge(m.phase), m.dryRun ? ' (dry-run metric)' : ''), h('td', null, m.message || ''))))));
}

function holds(b) {
  return b === true ? h('strong', null, 'true') : b === false ? h('strong', null, 'false') : h('span', { class: 'muted' }, 'not evaluated');
}

// ---------- routing

function route() {
  if (page) page.abort();
  page = new AbortController();
  tooltip().hidden = true;
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const m = /^\/rollouts\/([^/]+)\/([^/]+)$/.exec(hash);
  if (m) rolloutPage(m[1], m[2]);
  else if (hash === '/dry-run') dryRunPage();
  else overview();
  document.querySelectorAll('.top nav a').forEach(a => {
    if (a.getAttribute('href') === `#${hash}` || (hash.startsWith('/rollouts') || hash === '/') && a.getAttribute('href') === '#/') a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

window.addEventListener('hashchange', () => { route(); document.getElementById('main').focus(); });
window.addEventListener('DOMContentLoaded', () => {
  document.getElementById('logout').addEventListener('click', () => { signIn(null); showLogin('Signed out.'); });
  route();
});
