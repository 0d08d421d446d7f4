// One topology: its spec, the next fire times, actions by role, and its runs with links to each
// task's page on the Drove controller.
import {h, link, replaceChildren} from '../../dom.js';
import {formatMB, formatTime} from '../../format.js';
import {uiPath} from '../../router.js';
import {createTable} from '../../table.js';
import {badge, kv, section} from '../../widgets.js';
import {cronPreview, runs, taskLink, topology} from '../epoch_api.js';
import {topologyActions} from '../topology_actions.js';
import {isSimpleTopology} from '../topology_request.js';

// Links looked up per refresh: the newest runs only, each link once it is known.
const kLinkedRuns = 10;

function specList(details) {
  const t = details.topology ?? {};
  const task = t.task ?? {};
  const resource = (type) => (task.resources ?? []).find((r) => r.type === type) ?? {};
  return kv([
    ['ID', details.id],
    ['State', badge(details.state)],
    ['Trigger', t.trigger?.type === 'CRON' ? t.trigger.timeSpec : t.trigger?.type ?? '-'],
    ['Task', task.type === 'COMPOSITE' ? `composite (${task.compositionType})` : task.taskName],
    ['Image', task.executable?.url ?? '-'],
    ['CPU', String(resource('CPU').count ?? '-')],
    ['Memory', formatMB(resource('MEMORY').sizeInMB)],
    ['Notify', (t.notify?.emails ?? []).join(', ') || t.notify?.type || '-'],
    ['Env', Object.entries(task.env ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '-'],
    ['Created', formatTime(details.created)],
    ['Updated', formatTime(details.updated)],
  ]);
}

function taskCell(links, run) {
  return Object.entries(run.tasks ?? {}).map(([name, task]) => {
    const url = links.get(`${run.runId}/${name}`);
    const text = `${name}: ${task.state}`;
    return h('div', {dataset: {task: name}},
             url ? h('a', {href: url, dataset: {role: 'drove-task'}}, text) : text);
  });
}

// Asks Epoch for the Drove task page of every task of the newest runs not linked yet.
async function fetchLinks(id, list, links) {
  const wanted = list.slice(0, kLinkedRuns).flatMap(
      (run) => Object.entries(run.tasks ?? {})
                   .filter(([name, task]) => task.upstreamId && task.upstreamId !== 'UNKNOWN' &&
                               !links.has(`${run.runId}/${name}`))
                   .map(([name]) => [run.runId, name]));
  await Promise.all(wanted.map(async ([runId, name]) => {
    try {
      links.set(`${runId}/${name}`, await taskLink(id, runId, name));
    } catch {
      // Not on Drove yet (or no Drove leader): asked again at the next refresh.
    }
  }));
}

function runsTable(links) {
  return createTable(
      [
        {label: 'Run', value: (r) => r.runId},
        {label: 'Type', value: (r) => r.runType},
        {label: 'State', value: (r) => r.state, cell: (r) => badge(r.state)},
        {label: 'Tasks', value: (r) => Object.keys(r.tasks ?? {}).join(' '),
         cell: (r) => taskCell(links, r)},
        {label: 'Message', value: (r) => r.message},
        {label: 'Started', value: (r) => r.created, cell: (r) => formatTime(r.created)},
        {label: 'Updated', value: (r) => r.updated, cell: (r) => formatTime(r.updated)},
      ],
      {pageSize: 25, rowAttrs: (r) => ({dataset: {runId: r.runId, state: r.state}}),
       empty: 'No runs yet'});
}

async function nextFires(details) {
  const trigger = details.topology?.trigger;
  if (trigger?.type !== 'CRON') return 'Not a cron trigger';
  if (details.state === 'PAUSED') return 'Paused: scheduled runs are skipped';
  const preview = await cronPreview(trigger.timeSpec);
  if (!preview.valid) return `Invalid cron: ${preview.error}`;
  return h('ol', {className: 'plain', dataset: {role: 'next-fires'}},
           preview.next.map((ms) => h('li', {}, formatTime(ms))));
}

export function mount(ctx) {
  const id = ctx.params.id;
  const links = new Map();  // "runId/taskName" -> the Drove task page's URL
  const table = runsTable(links);
  const parts = {head: h('div', {className: 'page-head'}), spec: h('div'), next: h('div')};
  ctx.main.append(
      parts.head,
      h('div', {className: 'grid2'}, section('Topology', parts.spec),
        section('Next fire times', parts.next)),
      section('Runs', table.el));
  return {
    async refresh() {
      const [details, list] = await Promise.all([topology(id), runs(id)]);
      await fetchLinks(id, list || [], links);
      const editable = ctx.allowed.has('edit') && isSimpleTopology(details);
      replaceChildren(
          parts.head, h('h1', {}, id),
          editable ? link(uiPath('topologies', id, 'edit'), 'Edit', {className: 'button'}) : null,
          topologyActions(ctx, details, ['run', 'pause', 'delete']));
      replaceChildren(parts.spec, specList(details));
      replaceChildren(parts.next, await nextFires(details));
      table.setRows(list || []);
    },
  };
}
