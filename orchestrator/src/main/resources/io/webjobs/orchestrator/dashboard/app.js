'use strict';
// The dashboard talks to the same API as every client. Requests go to location.origin (never a URL with
// user:password in it); the browser adds its Basic credentials. X-Requested-With marks them as ours; the
// server refuses state-changing requests whose Origin is another site (CSRF).
const api = (path, options = {}) => fetch(location.origin + path, Object.assign({}, options, {
  headers: Object.assign({ 'X-Requested-With': 'webjobs-dashboard' }, options.headers || {})
}));
const $ = (id) => document.getElementById(id);
const text = (value) => value === null || value === undefined ? '' : String(value);
const when = (iso) => iso ? new Date(iso).toLocaleString() : '';

async function errorOf(response) {
  try {
    const body = await response.json();
    return body.Message || body.detail || response.status + '';
  } catch (e) {
    return response.status + ' ' + response.statusText;
  }
}

function cell(row, value, cls) {
  const td = row.insertCell();
  td.textContent = text(value);
  if (cls) td.className = cls;
  return td;
}

function button(label, id, action) {
  const b = document.createElement('button');
  b.textContent = label;
  b.id = id;
  b.addEventListener('click', (event) => { event.preventDefault(); action(); });
  return b;
}

function jobStatus(job) {
  if (job.type === 'continuous') return job.status;
  return job.latest_run ? job.latest_run.status : 'Ready';
}

async function refreshJobs() {
  // The per-type lists (not /api/webjobs): the triggered one carries next_run_time.
  const [triggered, continuous] = await Promise.all([api('/api/triggeredwebjobs'), api('/api/continuouswebjobs')]);
  if (!triggered.ok || !continuous.ok) return;
  const jobs = (await triggered.json()).concat(await continuous.json());
  const body = $('jobs').tBodies[0];
  body.innerHTML = '';
  for (const job of jobs) {
    const row = body.insertRow();
    row.id = 'job-' + job.name;
    const link = document.createElement('a');
    link.href = '#job/' + job.type + '/' + encodeURIComponent(job.name);
    link.textContent = job.name;
    row.insertCell().appendChild(link);
    cell(row, job.type);
    cell(row, jobStatus(job), 'status status-' + jobStatus(job));
    cell(row, job.settings && job.settings.schedule);
    cell(row, job.latest_run ? when(job.latest_run.start_time) : '');
    cell(row, when(job.next_run_time));
    const actions = row.insertCell();
    for (const b of actionButtons(job)) actions.appendChild(b);
  }
  $('refreshed').textContent = 'updated ' + new Date().toLocaleTimeString();
}

function actionButtons(job, idPrefix = '') {
  const base = '/api/' + job.type + 'webjobs/' + encodeURIComponent(job.name);
  const buttons = [];
  if (job.type === 'triggered') {
    buttons.push(button('Run', idPrefix + 'run-' + job.name, async () => {
      const args = prompt('Arguments for ' + job.name + ' (optional)', '');
      if (args === null) return;
      const query = args ? '?arguments=' + encodeURIComponent(args) : '';
      const response = await api(base + '/run' + query, { method: 'POST' });
      if (!response.ok) alert(await errorOf(response));
      refresh();
    }));
  } else {
    buttons.push(button('Stop', idPrefix + 'stop-' + job.name, () => post(base + '/stop')));
    buttons.push(button('Start', idPrefix + 'start-' + job.name, () => post(base + '/start')));
  }
  buttons.push(button('Delete', idPrefix + 'delete-' + job.name, async () => {
    if (!confirm('Delete ' + job.name + ' with its history and logs?')) return;
    const response = await api(base, { method: 'DELETE' });
    if (!response.ok) alert(await errorOf(response));
    location.hash = '';
    refresh();
  }));
  return buttons;
}

async function post(path) {
  const response = await api(path, { method: 'POST' });
  if (!response.ok) alert(await errorOf(response));
  refresh();
}

// ----- add job -----
function showFormParts() {
  const type = $('job-type').value;
  const scheduled = type === 'triggered' && $('job-trigger').value === 'scheduled';
  document.querySelectorAll('.continuous-only').forEach(e => e.hidden = type !== 'continuous');
  document.querySelectorAll('.triggered-only').forEach(e => e.hidden = type !== 'triggered');
  document.querySelectorAll('.scheduled-only').forEach(e => e.hidden = !scheduled);
}

// The server's reading of a CRON expression: its next five fire times, or why it is refused.
function cronPreview(expression) {
  return api('/api/v2/cron?count=5&expression=' + encodeURIComponent(expression));
}

let previewSeq = 0;
async function previewCron() {
  const expression = $('job-schedule').value.trim();
  const target = $('cron-preview');
  const seq = ++previewSeq;
  if (!expression) { target.textContent = ''; return; }
  const response = await cronPreview(expression);
  if (seq !== previewSeq) return;
  if (response.ok) {
    const body = await response.json();
    target.className = '';
    target.textContent = 'Next: ' + body.next.map(when).join(' · ');
  } else {
    target.className = 'error';
    target.textContent = await errorOf(response);
  }
}

// Why the server would refuse this CRON expression (null if it accepts it): asked before anything is created,
// because a scheduled job takes two requests (PUT job, PUT settings) and a refused second one would leave an
// unscheduled job behind.
async function cronError(expression) {
  const response = await cronPreview(expression);
  return response.ok ? null : await errorOf(response);
}

async function addJob(event) {
  event.preventDefault();
  $('add-error').textContent = '';
  const name = $('job-name').value.trim();
  const file = $('job-file').files[0];
  const type = $('job-type').value;
  const scheduled = type === 'triggered' && $('job-trigger').value === 'scheduled';
  const schedule = $('job-schedule').value.trim();
  if (scheduled && !schedule) { $('add-error').textContent = 'Give a CRON expression for a scheduled job.'; return; }
  if (scheduled) {
    const invalid = await cronError(schedule);
    if (invalid) { $('add-error').textContent = 'Not added: invalid CRON expression: ' + invalid; return; }
  }
  const zip = file.name.toLowerCase().endsWith('.zip');
  const query = type === 'continuous' ? '?scale=' + $('job-scale').value : '';
  const base = '/api/' + type + 'webjobs/' + encodeURIComponent(name);
  const response = await api(base + query, {
    method: 'PUT', body: file,
    headers: { 'Content-Type': zip ? 'application/zip' : 'application/octet-stream',
               'Content-Disposition': 'attachment; filename="' + file.name + '"' }
  });
  if (!response.ok) { $('add-error').textContent = await errorOf(response); return; }
  if (scheduled) {
    const job = await response.json();
    const settings = Object.assign({}, job.settings, { schedule: schedule });
    const saved = await api(base + '/settings', { method: 'PUT', body: JSON.stringify(settings),
      headers: { 'Content-Type': 'application/json' } });
    if (!saved.ok) { $('add-error').textContent = await errorOf(saved); return; }
  }
  $('add-job').reset();
  showFormParts();
  $('cron-preview').textContent = '';
  refresh();
}

// ----- job page -----
let tail = null;
let shownLog = null;

function stopTail() {
  if (tail) { tail.abort(); tail = null; }
}

async function showJob(type, name) {
  const response = await api('/api/' + type + 'webjobs/' + encodeURIComponent(name));
  if (!response.ok) { $('job-title').textContent = await errorOf(response); return; }
  const job = await response.json();
  $('job-title').textContent = job.name + ' (' + job.type + ', ' + jobStatus(job) + ')';
  const actions = $('job-actions');
  actions.innerHTML = '';
  actionButtons(job, 'page-').forEach(b => actions.appendChild(b));
  const instances = $('job-instances');
  instances.textContent = job.type === 'continuous' ? (job.detailed_status || '') : '';
  const body = $('history').tBodies[0];
  body.innerHTML = '';
  $('history').hidden = type !== 'triggered';
  $('history-title').hidden = type !== 'triggered';
  if (!shownLog) $('log-title').textContent = type === 'triggered' ? 'Log (choose a run)' : 'Live log';
  if (type === 'triggered') {
    const history = await (await api('/api/triggeredwebjobs/' + encodeURIComponent(name) + '/history')).json();
    for (const run of history.runs) {
      const row = body.insertRow();
      row.id = 'run-' + run.id;
      if (shownLog === run.id) row.className = 'selected';
      const status = cell(row, '', 'status status-' + run.status);
      const link = document.createElement('a');
      link.href = '#run/' + encodeURIComponent(name) + '/' + run.id;
      link.textContent = run.status;
      status.appendChild(link);
      cell(row, run.trigger);
      cell(row, when(run.start_time));
      cell(row, run.duration);
    }
  } else if (shownLog !== 'continuous:' + name) {
    $('log-title').textContent = 'Live log';
    followLog(name, 'continuous:' + name);
  }
}

async function showRun(name, runId) {
  const run = await (await api('/api/triggeredwebjobs/' + encodeURIComponent(name) + '/history/' + runId)).json();
  $('log-title').textContent = 'Log of run ' + runId + ' (' + run.status + ')';
  if (['Initializing', 'Starting', 'Running'].includes(run.status)) {
    if (shownLog !== runId) followLog(name, runId);
    return;
  }
  if (shownLog === runId && !tail && $('log').dataset.complete === 'true') return;
  stopTail();
  shownLog = runId;
  const output = await api(new URL(run.output_url).pathname);
  $('log').textContent = await output.text();
  $('log').dataset.complete = 'true';
  $('download-log').hidden = false;
  $('download-log').onclick = () => download(name + '-' + runId + '.txt', $('log').textContent);
}

// Live tail: the v2 log route streams lines as the runner ships them until the run ends.
async function followLog(name, key) {
  stopTail();
  shownLog = key;
  $('log').textContent = '';
  $('log').dataset.complete = 'false';
  $('download-log').hidden = false;
  $('download-log').onclick = () => download(name + '.txt', $('log').textContent);
  const controller = new AbortController();
  tail = controller;
  try {
    // a triggered run is followed by its id: with overlapping runs the latest may be another one
    const run = key.startsWith('continuous:') ? '' : '&run=' + encodeURIComponent(key);
    const response = await api('/api/v2/jobs/' + encodeURIComponent(name) + '/log?follow=true' + run, { signal: controller.signal });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      $('log').textContent += decoder.decode(value, { stream: true });
    }
  } catch (e) {
    // aborted: another log is shown now
  }
  if (tail === controller) { tail = null; $('log').dataset.complete = 'true'; }
}

function download(fileName, content) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([content], { type: 'text/plain' }));
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}

// ----- routing: #, #job/{type}/{name}, #run/{name}/{runId} -----
async function refresh() {
  const parts = location.hash.replace(/^#/, '').split('/').map(decodeURIComponent);
  const onJob = parts[0] === 'job' || parts[0] === 'run';
  $('jobs-view').hidden = onJob;
  $('job-view').hidden = !onJob;
  if (parts[0] === 'job') {
    await showJob(parts[1], parts[2]);
  } else if (parts[0] === 'run') {
    await showJob('triggered', parts[1]);
    await showRun(parts[1], parts[2]);
  } else {
    stopTail();
    shownLog = null;
    $('log').textContent = '';
    await refreshJobs();
  }
}

window.addEventListener('hashchange', () => { stopTail(); shownLog = null; $('log').textContent = ''; $('download-log').hidden = true; refresh(); });
$('job-type').addEventListener('change', showFormParts);
$('job-trigger').addEventListener('change', showFormParts);
$('job-schedule').addEventListener('input', previewCron);
$('add-job').addEventListener('submit', addJob);
showFormParts();
refresh();
setInterval(refresh, 2000);
