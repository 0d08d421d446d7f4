// Applications: searchable, sortable list with a state facet and a healthy/expected bar per row.
import {get} from '../api.js';
import {h, link} from '../dom.js';
import {stateFacet} from '../facet.js';
import {formatAge, formatMB} from '../format.js';
import {kCollectionRefreshGapMs} from '../live.js';
import {uiPath} from '../router.js';
import {createTable} from '../table.js';
import {badge, instanceBar} from '../widgets.js';

export function mount(ctx) {
  const table = createTable(
      [
        {label: 'ID', value: (a) => a.id, cell: (a) => link(uiPath('apps', a.id), a.id)},
        {label: 'Name', value: (a) => a.name},
        {label: 'State', value: (a) => a.state, cell: (a) => badge(a.state)},
        {
          label: 'Instances',
          value: (a) => a.healthyInstances,
          cell: (a) => instanceBar(a.healthyInstances, a.requiredInstances)
        },
        {label: 'CPU', value: (a) => a.totalCPUs},
        {label: 'Memory', value: (a) => a.totalMemory, cell: (a) => formatMB(a.totalMemory)},
        {
          label: 'Tags',
          value: (a) => Object.entries(a.tags || {}).map(([k, v]) => `${k}=${v}`).join(' '),
        },
        {label: 'Updated', value: (a) => a.updated, cell: (a) => formatAge(a.updated)},
      ],
      {
        pageSize: 50,
        rowAttrs: (a) => ({dataset: {appId: a.id, state: a.state}}),
        empty: 'No applications',
        initialSort: {index: 0, direction: 'asc'}
      });
  let rows = [];
  const facet = stateFacet(ctx.query.get('state'), () => table.setRows(facet.apply(rows)));
  ctx.main.append(
      h('h1', {}, 'Applications'), h('div', {className: 'toolbar'}, facet.el), table.el);
  if (ctx.query.get('q')) table.setQuery(ctx.query.get('q'));
  return {
    minRefreshGapMs: kCollectionRefreshGapMs,
    interested: (e) => e.type === 'APP_STATE_CHANGE' || e.type === 'INSTANCE_STATE_CHANGE',
    async refresh() {
      rows = Object.values(await get('/applications') || {});
      facet.setStates(rows.map((r) => r.state));
      table.setRows(facet.apply(rows));
    },
  };
}
