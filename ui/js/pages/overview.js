// Overview: Drove's dashboard cards, balance factor, controllers, maintenance and recent events.
import {get} from '../api.js';
import {balanceLegend, balanceStats, kBalanceLegendText} from '../balance.js';
import {controllerList} from '../controllers.js';
import {h, link, replaceChildren} from '../dom.js';
import {eventLink, eventText} from '../events_model.js';
import {formatAge, formatMB} from '../format.js';
import {kCollectionRefreshGapMs} from '../live.js';
import {uiPath} from '../router.js';
import {badge, bar, field, section} from '../widgets.js';

function card(title, ...body) {
  return h('div', {className: 'card'}, h('h3', {}, title), body);
}

// Instances that apps want but do not have healthy: starting, failing or unplaceable ones.
function missingInstances(apps) {
  return apps.reduce((n, a) => n + Math.max(0, a.requiredInstances - a.healthyInstances), 0);
}

function cards(cluster, apps, tasks) {
  const appList = Object.values(apps || {});
  return h(
      'div', {className: 'cards'},
      card(
          'Cluster', h('div', {className: 'big'}, field('state', cluster.state)),
          h('div', {}, 'Leader ', field('leader', cluster.leader))),
      card(
          'Executors',
          h('div', {className: 'big'}, field('executors', String(cluster.numExecutors)))),
      card(
          'CPU',
          h('div', {className: 'big'}, field('cpu-used', String(cluster.usedCores)), ' / ',
            field('cpu-total', String(cluster.totalCores)), ' cores'),
          bar(cluster.usedCores, cluster.totalCores), h('div', {}, `${cluster.freeCores} free`)),
      card(
          'Memory',
          h('div', {className: 'big'}, field('memory-used', String(cluster.usedMemory)), ' / ',
            field('memory-total', String(cluster.totalMemory)), ' MB'),
          bar(cluster.usedMemory, cluster.totalMemory),
          h('div', {},
            `${formatMB(cluster.usedMemory)} of ${formatMB(cluster.totalMemory)}, ` +
                `${formatMB(cluster.freeMemory)} free`)),
      card(
          'Applications',
          h('div', {className: 'big'}, field('apps-active', String(cluster.numActiveApplications)),
            ' of ', field('apps-total', String(cluster.numApplications))),
          h('div', {}, `${appList.reduce((n, a) => n + a.healthyInstances, 0)} healthy instances`),
          h('div', {}, `${missingInstances(appList)} below expected`)),
      card(
          'Tasks',
          h('div', {className: 'big'}, field('tasks-active', String(cluster.numActiveTasks)),
            ' active'),
          h('div', {},
            `${tasks.length} listed; local services ` +
                `${cluster.numActiveLocalServices} of ${cluster.numLocalServices}`)));
}

function balancePanel(executors) {
  const stats = balanceStats(executors);
  const legend = balanceLegend(stats.factor);
  const pct = (v) => `${Math.round(v * 100)}%`;
  return section(
      'Balance',
      h('div', {className: 'big'}, field('balance-factor', stats.factor.toFixed(2)), ' ',
        h('span', {className: `badge ${legend.kind}`}, legend.label)),
      h('p', {className: 'muted'}, kBalanceLegendText),
      h('p', {},
        `Utilisation over ${stats.count} active executors: average ${pct(stats.average)}, ` +
            `high ${pct(stats.high)}, low ${pct(stats.low)}`),
      executorStates(executors));
}

function executorStates(executors) {
  const counts = {};
  for (const e of executors) counts[e.state] = (counts[e.state] || 0) + 1;
  return h(
      'p', {}, 'Executors by state: ',
      Object.entries(counts).map(
          ([state, n]) => h('span', {className: 'count'}, badge(state), ` ${n} `)));
}

function controllersPanel(cluster, controllers) {
  return section(
      'Controllers', controllerList(controllers),
      h('p', {}, 'Maintenance: ', cluster.state === 'MAINTENANCE' ? badge('MAINTENANCE') : 'off'),
      link('/ui/cluster', 'Cluster details'));
}

function topApps(apps) {
  const list = Object.values(apps || {}).sort((a, b) => b.totalCPUs - a.totalCPUs).slice(0, 5);
  return section(
      'Top applications by CPU',
      h('ul', {className: 'plain'},
        list.map(
            (a) =>
                h('li', {}, link(uiPath('apps', a.id), a.id),
                  ` ${a.healthyInstances}/${a.requiredInstances} instances, ` +
                      `${a.totalCPUs} cores, ${formatMB(a.totalMemory)}`))),
      link('/ui/apps', 'View all'));
}

function recentEvents(events) {
  return section(
      'Recent events', h('ul', {className: 'events-strip'}, events.slice(0, 10).map((e) => {
        const target = eventLink(e);
        return h(
            'li', {}, h('span', {className: 'muted'}, formatAge(e.time)), ' ',
            h('span', {className: 'event-type'}, e.type), ' ',
            target ? link(target, eventText(e)) : eventText(e));
      })),
      link('/ui/events', 'All events'));
}

export function mount(ctx) {
  // Its own box, not main itself: a refresh that lands after navigation must not touch the next
  // page.
  const body = h('div');
  ctx.main.append(h('h1', {}, 'Overview'), body);
  return {
    minRefreshGapMs: kCollectionRefreshGapMs,
    async refresh() {
      const [cluster, controllers, executors, apps, tasks, events] = await Promise.all([
        get('/cluster'),
        get('/cluster/controllers').catch(() => null),
        get('/cluster/executors'),
        get('/applications'),
        get('/tasks'),
        get('/cluster/events/latest?size=10').catch(() => ({events: []})),
      ]);
      replaceChildren(
          body, cards(cluster, apps, tasks || []),
          h('div', {className: 'grid2'}, balancePanel(executors || []),
            controllersPanel(cluster, controllers), topApps(apps), recentEvents(events?.events || [])));
    },
  };
}
