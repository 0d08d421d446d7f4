// Executors: state, tags, cores and memory used and free; struck through when off duty.
import {get} from '../api.js';
import {h, link} from '../dom.js';
import {stateFacet} from '../facet.js';
import {formatMB} from '../format.js';
import {kCollectionRefreshGapMs} from '../live.js';
import {uiPath} from '../router.js';
import {createTable} from '../table.js';
import {badge, bar} from '../widgets.js';

const kOffDuty = new Set(['REMOVED', 'BLACKLISTED', 'BLACKLIST_REQUESTED']);

export function mount(ctx) {
  const table = createTable(
      [
        {
          label: 'Executor',
          value: (e) => e.executorId,
          cell: (e) => link(
              uiPath('executors', e.executorId), e.executorId,
              {className: kOffDuty.has(e.state) ? 'struck' : ''})
        },
        {label: 'Host', value: (e) => `${e.hostname}:${e.port}`},
        {label: 'State', value: (e) => e.state, cell: (e) => badge(e.state)},
        {
          label: 'Cores used',
          value: (e) => e.usedCores,
          cell: (e) =>
              [`${e.usedCores} / ` +
                   `${e.usedCores + e.freeCores}`,
               bar(e.usedCores, e.usedCores + e.freeCores)]
        },
        {label: 'Cores free', value: (e) => e.freeCores},
        {
          label: 'Memory used',
          value: (e) => e.usedMemory,
          cell: (e) => [formatMB(e.usedMemory), bar(e.usedMemory, e.usedMemory + e.freeMemory)]
        },
        {label: 'Memory free', value: (e) => e.freeMemory, cell: (e) => formatMB(e.freeMemory)},
        {
          label: 'Tags',
          value: (e) => (e.tags || []).join(' '),
          cell: (e) => (e.tags || []).map((t) => h('span', {className: 'tag'}, t))
        },
      ],
      {
        pageSize: 100,
        empty: 'No executors',
        initialSort: {index: 1, direction: 'asc'},
        rowAttrs: (e) => ({dataset: {executorId: e.executorId, state: e.state}})
      });
  let rows = [];
  const facet = stateFacet(ctx.query.get('state'), () => table.setRows(facet.apply(rows)));
  ctx.main.append(
      h('h1', {}, 'Executors'),
      h('div', {className: 'toolbar'}, facet.el, link('/ui/topology', 'Topology view')), table.el);
  return {
    minRefreshGapMs: kCollectionRefreshGapMs,
    interested: (e) => e.type.startsWith('EXECUTOR_') || e.type.endsWith('INSTANCE_STATE_CHANGE') ||
        e.type === 'TASK_STATE_CHANGE',
    async refresh() {
      rows = await get('/cluster/executors') || [];
      facet.setStates(rows.map((r) => r.state));
      table.setRows(facet.apply(rows));
    },
  };
}
