// Local services: per-host daemon sets, with state facet and healthy/expected bars.
import {get} from '../api.js';
import {h, link} from '../dom.js';
import {stateFacet} from '../facet.js';
import {formatAge, formatMB} from '../format.js';
import {uiPath} from '../router.js';
import {createTable} from '../table.js';
import {badge, instanceBar} from '../widgets.js';

export function mount(ctx) {
  const table = createTable(
      [
        {label: 'ID', value: (s) => s.id, cell: (s) => link(uiPath('localservices', s.id), s.id)},
        {label: 'Name', value: (s) => s.name},
        {label: 'State', value: (s) => s.state, cell: (s) => badge(s.state)},
        {
          label: 'Activation',
          value: (s) => s.activationState,
          cell: (s) => badge(s.activationState)
        },
        {label: 'Per host', value: (s) => s.instancesPerHost},
        {
          label: 'Healthy',
          value: (s) => s.healthyInstances,
          cell: (s) => instanceBar(s.healthyInstances, s.healthyInstances)
        },
        {label: 'CPU', value: (s) => s.totalCPUs},
        {label: 'Memory', value: (s) => s.totalMemory, cell: (s) => formatMB(s.totalMemory)},
        {label: 'Updated', value: (s) => s.updated, cell: (s) => formatAge(s.updated)},
      ],
      {
        pageSize: 50,
        empty: 'No local services',
        initialSort: {index: 0, direction: 'asc'},
        rowAttrs: (s) => ({dataset: {serviceId: s.id, state: s.state}})
      });
  let rows = [];
  const facet = stateFacet(ctx.query.get('state'), () => table.setRows(facet.apply(rows)));
  ctx.main.append(
      h('h1', {}, 'Local services'), h('div', {className: 'toolbar'}, facet.el), table.el);
  return {
    interested: (e) => e.type.startsWith('LOCAL_SERVICE_'),
    async refresh() {
      rows = Object.values(await get('/localservices') || {});
      facet.setStates(rows.map((r) => r.state));
      table.setRows(facet.apply(rows));
    },
  };
}
