// Cluster: leader and controllers, maintenance mode on and off, build information.
import {actionBar} from '../actions.js';
import {get, post} from '../api.js';
import {h, replaceChildren} from '../dom.js';
import {formatMB} from '../format.js';
import {controllerList} from '../controllers.js';
import {badge, kv, section} from '../widgets.js';

function maintenanceSpecs() {
  const call = (verb) => () =>
      post(`/cluster/maintenance/${verb}`).then((r) => `Cluster is now ${r?.state ?? 'changed'}`);
  return [
    {
      action: 'maintenance-on',
      label: 'Maintenance on',
      title: 'Set maintenance mode',
      danger: true,
      confirmText:
          'Freezes the cluster: no operations until maintenance is off again (and 40 s after).',
      run: call('set')
    },
    {
      action: 'maintenance-off',
      label: 'Maintenance off',
      title: 'Leave maintenance mode',
      run: call('unset')
    },
  ];
}

export function mount(ctx) {
  const parts = {summary: h('div'), build: h('div')};
  ctx.main.append(
      h('div', {className: 'page-head'}, h('h1', {}, 'Cluster'),
        actionBar(ctx.allowed, maintenanceSpecs(), ctx.refresh)),
      h('div', {className: 'grid2'}, section('State', parts.summary),
        section('Build', parts.build)));
  return {
    interested: (e) => e.type.startsWith('MAINTENANCE_') || e.type.startsWith('LEADERSHIP_') ||
        e.type.startsWith('EXECUTOR_'),
    async refresh() {
      const [cluster, controllers] = await Promise.all([
        get('/cluster'),
        get('/cluster/controllers').catch(() => null),
      ]);
      replaceChildren(
          parts.summary, kv([
            ['State', h('span', {dataset: {field: 'state'}}, badge(cluster.state))],
            ['Leader', h('span', {dataset: {field: 'leader'}}, cluster.leader)],
            ['Controllers', controllerList(controllers)],
            ['Executors', String(cluster.numExecutors)],
            ['CPU', `${cluster.usedCores} used of ${cluster.totalCores} cores`],
            ['Memory', `${formatMB(cluster.usedMemory)} used of ${formatMB(cluster.totalMemory)}`],
            [
              'Applications',
              `${cluster.numActiveApplications} active of ${cluster.numApplications}`
            ],
            [
              'Local services',
              `${cluster.numActiveLocalServices} active of ${cluster.numLocalServices}`
            ],
          ]));
      const config = ctx.config || {};
      replaceChildren(parts.build, kv([
                        ['Version', config.version ?? '-'],
                        ['Installation', config.installation?.label ?? '-'],
                        ['Criticality', config.installation?.criticality ?? '-'],
                        ['Signed in as', `${ctx.user ?? '-'} (${ctx.role ?? 'no role'})`],
                      ]));
    },
  };
}
