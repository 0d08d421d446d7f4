// drove-epoch's topologies: searchable, sortable list with the state and row actions by role.
import {h, link} from '../../dom.js';
import {formatAge, formatMB} from '../../format.js';
import {uiPath} from '../../router.js';
import {createTable} from '../../table.js';
import {badge} from '../../widgets.js';
import {topologies} from '../epoch_api.js';
import {topologyActions} from '../topology_actions.js';

const resource = (t, type) => (t.topology?.task?.resources ?? []).find((r) => r.type === type);

export function mount(ctx) {
  const table = createTable(
      [
        {label: 'ID', value: (t) => t.id, cell: (t) => link(uiPath('topologies', t.id), t.id)},
        {label: 'Cron', value: (t) => t.topology?.trigger?.timeSpec ?? t.topology?.trigger?.type},
        {label: 'State', value: (t) => t.state, cell: (t) => badge(t.state)},
        {label: 'Image', value: (t) => t.topology?.task?.executable?.url ?? '-'},
        {label: 'CPU', value: (t) => resource(t, 'CPU')?.count},
        {
          label: 'Memory',
          value: (t) => resource(t, 'MEMORY')?.sizeInMB,
          cell: (t) => formatMB(resource(t, 'MEMORY')?.sizeInMB)
        },
        {label: 'Updated', value: (t) => t.updated, cell: (t) => formatAge(t.updated)},
        {
          label: 'Actions',
          value: () => '',
          cell: (t) => topologyActions(ctx, t, ['run', 'pause']),
        },
      ],
      {
        pageSize: 50,
        rowAttrs: (t) => ({dataset: {topologyId: t.id, state: t.state}}),
        empty: 'No topologies',
        initialSort: {index: 0, direction: 'asc'}
      });
  ctx.main.append(
      h('div', {className: 'page-head'}, h('h1', {}, 'Topologies'),
        ctx.allowed.has('create') ? link('/ui/new', 'New topology', {className: 'button'}) :
                                    null),
      table.el);
  return {
    async refresh() {
      table.setRows(await topologies() || []);
    },
  };
}
