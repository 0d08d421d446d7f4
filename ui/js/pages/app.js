// One application: summary, operation progress, actions, spec, instances, old instances, events.
import {actionBar} from '../actions.js';
import {get, post, seg} from '../api.js';
import {h, replaceChildren} from '../dom.js';
import {createEventFeed} from '../event_feed.js';
import {eventList} from '../event_list.js';
import {eventSubject} from '../events_model.js';
import {formatMB, formatTime} from '../format.js';
import {instancesTable, oldInstancesTable} from '../instance_tables.js';
import {checkConfirmation, destroyOperation, parseInstances, restartOperation, scaleOperation, suspendOperation} from '../operations.js';
import {badge, field, instanceBar, kv, section} from '../widgets.js';

const kProgressSamples = 60;

function operate(body) {
  return post('/applications/operations', body).then(() => `${body.type} accepted`);
}

function actionSpecs(appId, latest) {
  const input = (form, name) => form.elements.namedItem(name).value;
  return [
    {
      action: 'scale',
      label: 'Scale',
      title: `Scale ${appId}`,
      fields: [{
        name: 'instances',
        label: 'Instances',
        type: 'number',
        value: () => String(latest().requiredInstances)
      }],
      validate: (form) => parseInstances(input(form, 'instances')),
      run: (n) => operate(scaleOperation(appId, n))
    },
    {
      action: 'suspend',
      label: 'Suspend',
      title: `Suspend ${appId}`,
      confirmText: 'Scales the app to 0 instances.',
      run: () => operate(suspendOperation(appId))
    },
    {
      action: 'restart',
      label: 'Restart',
      title: `Restart ${appId}`,
      confirmText: 'Replaces every healthy instance with a new one.',
      run: () => operate(restartOperation(appId))
    },
    {
      action: 'cancel',
      label: 'Cancel operation',
      title: `Cancel the current operation of ${appId}`,
      run: () =>
          post(`/applications/operations/${seg(appId)}/cancel`).then(() => 'Cancel requested')
    },
    {
      action: 'destroy',
      label: 'Destroy',
      danger: true,
      title: `Destroy ${appId}`,
      confirmText: 'Only an app with 0 instances can be destroyed. Type the app id to confirm.',
      fields: [{name: 'confirm', label: 'App id'}],
      validate: (form) => checkConfirmation(input(form, 'confirm'), appId),
      run: () => operate(destroyOperation(appId))
    },
  ];
}

function summaryList(s) {
  return kv([
    ['ID', s.id],
    ['Name', s.name],
    ['State', badge(s.state)],
    ['Expected', field('expected', String(s.requiredInstances))],
    ['Healthy', field('healthy', String(s.healthyInstances))],
    ['CPU', `${s.totalCPUs} cores`],
    ['Memory', formatMB(s.totalMemory)],
    ['Tags', Object.entries(s.tags || {}).map(([k, v]) => `${k}=${v}`).join(', ')],
    ['Created', formatTime(s.created)],
    ['Updated', formatTime(s.updated)],
  ]);
}

// Healthy against expected now, plus the session's history as a strip of bars.
function progress(summary, samples) {
  const busy = /_REQUESTED$|OUTAGE_DETECTED/.test(summary.state);
  const top = Math.max(1, ...samples.map((s) => Math.max(s.healthy, s.expected)));
  return [
    h('p', {}, busy ? `Operation in progress (${summary.state}): ` : 'Steady: ',
      `${summary.healthyInstances} healthy of ${summary.requiredInstances} expected`),
    instanceBar(summary.healthyInstances, summary.requiredInstances),
    h('div', {className: 'spark', title: 'Healthy instances during this visit'},
      samples.map((s) => h('span', {
                    title: `${formatTime(s.time)}: ${s.healthy}/${s.expected}`,
                    className: s.healthy >= s.expected ? 'ok' : 'warn',
                    style: {height: `${Math.max(4, (s.healthy / top) * 100)}%`}
                  }))),
  ];
}

export function mount(ctx) {
  const appId = ctx.params.appId;
  const instances = instancesTable('apps', appId);
  const old = oldInstancesTable('apps', appId);
  const parts = {
    head: h('div', {className: 'page-head'}),
    summary: h('div'),
    progress: h('div'),
    spec: h('pre', {className: 'json'}),
    events: h('div'),
  };
  const samples = [];
  const feed = createEventFeed((e) => eventSubject(e).appId === appId, 200);
  let summary = null;
  ctx.main.append(
      parts.head,
      h('div', {className: 'grid2'}, section('Summary', parts.summary),
        section('Operation progress', parts.progress)),
      section('Instances', instances.el), section('Old instances', old.el),
      section('Events', parts.events),
      h('details', {className: 'panel'}, h('summary', {}, 'Spec'), parts.spec));

  return {
    interested: (e) => eventSubject(e).appId === appId,
    onEvent: (e) => feed.add(e),
    async refresh() {
      const [fresh, current, previous, spec, events] = await Promise.all([
        get(`/applications/${seg(appId)}`),
        get(`/applications/${seg(appId)}/instances`),
        get(`/applications/${seg(appId)}/instances/old`),
        get(`/applications/${seg(appId)}/spec`),
        feed.update(),
      ]);
      const first = summary === null;
      summary = fresh;
      samples.push({
        time: Date.now(),
        healthy: summary.healthyInstances,
        expected: summary.requiredInstances
      });
      if (samples.length > kProgressSamples) samples.shift();
      if (first) {
        replaceChildren(
            parts.head, h('h1', {}, appId),
            actionBar(ctx.allowed, actionSpecs(appId, () => summary), ctx.refresh));
      }
      replaceChildren(parts.summary, summaryList(summary));
      replaceChildren(parts.progress, progress(summary, samples));
      instances.setRows(current || []);
      old.setRows(previous || []);
      replaceChildren(parts.spec, JSON.stringify(spec, null, 2));
      replaceChildren(parts.events, eventList(events.slice(0, 50)));
    },
  };
}
